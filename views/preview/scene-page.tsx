// /scenes/:id/preview: one scene in the player, neighbours in the same tab, and the side-by-side compare page.
// Elements marked data-scene-text / data-scene-href follow "Next scene" (preview-host rewrites them).

import type { PreviewAssets } from "../../src/client/assets.ts";
import { shortId } from "../components/format.ts";
import { PageHeader } from "../layout.tsx";
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
    <PreviewDocument title={`Preview: ${scene.name}`} nonce={nonce} assets={assets} active="scenes">
      <nav class="crumbs">
        <a href="/scenes">Scenes</a> / <a href={`/scenes/${scene.id}`} data-scene-href="/scenes/{id}" data-scene-text="name">{scene.name}</a> / Preview
      </nav>
      <PageHeader title={<span data-scene-text="name">{scene.name}</span>}
                  subtitle={<span class="mono" data-scene-text="id">{scene.id}</span>}>
        <a class="btn" href={`/scenes/${scene.id}`} data-scene-href="/scenes/{id}">Scene page</a>
        <a class="btn" href={scene.projectId ? `/projects/${scene.projectId}/preview` : "#"} hidden={!scene.projectId}
           data-scene-href="/projects/{projectId}/preview">Whole project</a>
        <a class="btn" href={`/scenes/${scene.id}/preview/compare`} data-scene-href="/scenes/{id}/preview/compare">
          Compare with version <span data-scene-text="otherVersion">{scene.compilationVersion === 2 ? 1 : 2}</span>
        </a>
        {/* Page actions end here: further per-scene actions (e.g. export) go after this line. */}
      </PageHeader>
      <ScenePreviewEmbed sceneId={scene.id} sceneName={scene.name} nonce={nonce} order={order} assets={assets} />
    </PreviewDocument>
  );
}

/**
 * Stored artifact next to the same TSX compiled as `version` on request (not stored). The left player's
 * controls drive both (preview-host relays play, pause and seek), so the two frames stay aligned.
 */
export function CompareView({ scene, version, nonce, assets }: { scene: PreviewSceneSummary; version: number; nonce: string; assets: PreviewAssets }) {
  return (
    <PreviewDocument title={`Compare: ${scene.name}`} nonce={nonce} assets={assets} active="scenes">
      <nav class="crumbs">
        <a href="/scenes">Scenes</a> / <a href={`/scenes/${scene.id}`}>{scene.name}</a> /{" "}
        <a href={`/scenes/${scene.id}/preview`}>Preview</a> / Compare
      </nav>
      <PageHeader title={`${scene.name}: version ${scene.compilationVersion} and version ${version}`}
                  subtitle={<>Stored version {scene.compilationVersion} on the left; the same TSX compiled as version {version} just now (not stored) on the right. The left player's controls drive both. <span class="mono">{shortId(scene.id)}</span></>}>
        <form method="post" action={`/scenes/${scene.id}/recompile`} class="inline-form" data-store-version>
          <input type="hidden" name="version" value={String(version)} />
          <button type="submit" class="btn btn-primary">Store as version {version}</button>
        </form>
      </PageHeader>
      <div class="preview-compare" data-preview data-mode="compare" data-scene-ids={scene.id}>
        <Stage title={`Stored version ${scene.compilationVersion}`} heading={`Stored · version ${scene.compilationVersion}`} />
        <Stage title={`Version ${version}, not stored`} heading={`Version ${version} · compiled now, not stored`} dryRunVersion={version} />
      </div>
      <HostScript nonce={nonce} assets={assets} />
    </PreviewDocument>
  );
}
