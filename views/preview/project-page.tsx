// /projects/:id/preview: every scene of a project in one player, with a scene list that jumps to each scene.

import type { PreviewAssets } from "../../src/client/assets.ts";
import { shortId } from "../components/format.ts";
import { PageHeader } from "../layout.tsx";
import { PreviewDocument } from "./document.tsx";
import { HostScript } from "./embed.tsx";
import { Stage } from "./stage.tsx";
import { ExportForm } from "../exports/export-form.tsx";
import { Poster } from "../components/poster.tsx";
import { storedArtifactHash } from "../../src/export/poster-key.ts";

export interface ProjectSceneSummary {
  id: string;
  name: string;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  compilationVersion: number;
  /** The stored JS's hash is in compileMeta (null without stored JS): the scene's poster depends on it. */
  compileMeta: { hash: string | null } | null;
  jsCompiledAt: Date | null;
  status: string;
}

function seconds(scene: ProjectSceneSummary): string {
  return `${(scene.durationInFrames / scene.fps).toFixed(1)} s`;
}

export function ProjectPreviewPage({ projectId, scenes, nonce, assets, exportUnavailable }: { projectId: string; scenes: ProjectSceneSummary[]; nonce: string; assets: PreviewAssets; exportUnavailable?: string | null }) {
  return (
    <PreviewDocument title={`Project ${shortId(projectId)}`} nonce={nonce} assets={assets}>
      <nav class="crumbs"><a href={`/scenes?project=${projectId}`}>Scenes</a> / Project <span class="mono">{shortId(projectId)}</span></nav>
      <PageHeader title="Project preview"
                  subtitle={<>{scenes.length} scenes · {(scenes.reduce((sum, s) => sum + s.durationInFrames / s.fps, 0)).toFixed(1)} s · <span class="mono">{projectId}</span></>}>
        {/* Project actions (e.g. export) go here. */}
      </PageHeader>
      <div class="preview-project" data-preview data-mode="project" data-scene-ids={scenes.map((s) => s.id).join(",")}>
        <Stage title="Project preview" />
        <nav aria-label="Scenes in this project">
          <ol class="preview-scene-list">
            {scenes.map((scene) => (
              <li>
                <a href={`/scenes/${scene.id}/preview`} data-jump-scene={scene.id}>
                  <Poster subject={{ ...scene, hash: storedArtifactHash(scene) }} name={scene.name} />
                  <span class="preview-scene-name">{scene.name}</span>
                  <small>
                    {seconds(scene)}
                    {scene.status === "compiled" ? "" : ` · ${scene.status}`}
                  </small>
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </div>
      <h2>Export</h2>
      <ExportForm target={{ kind: "project", id: projectId }} unavailable={exportUnavailable} />
      <HostScript nonce={nonce} assets={assets} />
    </PreviewDocument>
  );
}
