// /scenes/:id/preview: one scene in the player, neighbours in the same tab, and the v1-vs-v2 side-by-side mode.

import type { PreviewAssets } from "../../src/client/assets.ts";
import { PreviewDocument } from "./document.tsx";
import { HostScript, ScenePreviewEmbed } from "./embed.tsx";
import { Stage } from "./stage.tsx";

export interface PreviewSceneSummary {
  id: string;
  name: string;
  projectId: string | null;
  compilationVersion: number;
}

export function ScenePreviewPage({ scene, order, nonce, assets }: { scene: PreviewSceneSummary; order: string[]; nonce: string; assets: PreviewAssets }) {
  return (
    <PreviewDocument title={`Preview: ${scene.name}`} assets={assets}>
      <header class="preview-nav">
        <a href={`/scenes/${scene.id}`}>← {scene.name}</a>
        {scene.projectId ? <a href={`/projects/${scene.projectId}/preview`}>Whole project</a> : null}
        {scene.compilationVersion === 1 ? (
          <a href={`/scenes/${scene.id}/preview/compare`}>Compare with version 2</a>
        ) : null}
      </header>
      <h1>{scene.name}</h1>
      <ScenePreviewEmbed sceneId={scene.id} sceneName={scene.name} nonce={nonce} order={order} assets={assets} />
    </PreviewDocument>
  );
}

/** Stored artifact next to the same TSX compiled as `version` on request (not stored). */
export function CompareView({ scene, version, nonce, assets }: { scene: PreviewSceneSummary; version: number; nonce: string; assets: PreviewAssets }) {
  return (
    <PreviewDocument title={`Compare: ${scene.name}`} assets={assets}>
      <header class="preview-nav">
        <a href={`/scenes/${scene.id}/preview`}>← Preview</a>
      </header>
      <h1>{scene.name}: stored version {scene.compilationVersion} vs version {version}</h1>
      <div class="preview-compare" data-preview data-mode="compare" data-scene-ids={scene.id}>
        <Stage title={`Stored version ${scene.compilationVersion}`} heading={`Stored (version ${scene.compilationVersion})`} />
        <Stage title={`Version ${version}, not stored`} heading={`Version ${version} (compiled now, not stored)`} dryRunVersion={version} />
      </div>
      <HostScript nonce={nonce} assets={assets} />
    </PreviewDocument>
  );
}
