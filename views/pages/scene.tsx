// Scene detail page (/scenes/:id): actions, preview, and the swappable scene body.
import type { PreviewAssets } from "../../src/client/assets.ts";
import { ScenePreviewEmbed } from "../preview/embed.tsx";
import { shortId } from "../components/format.ts";
import { SceneBody, type SceneBodyProps } from "../fragments/scene-body.tsx";
import { Layout, PageHeader } from "../layout.tsx";
import { ExportForm } from "../exports/export-form.tsx";
import { SceneProjectBlock } from "../projects/scene-project.tsx";
import type { ScenePlace } from "../../src/db/queries.ts";

export function ScenePage(props: SceneBodyProps & {
  nonce: string;
  assets: PreviewAssets;
  exportUnavailable?: string | null;
  place?: ScenePlace | null;
}) {
  const { scene } = props;
  return (
    <Layout title={scene.name} nonce={props.nonce} active="scenes">
      <nav class="crumbs"><a href="/scenes">Scenes</a> / <span class="mono">{shortId(scene.id)}</span></nav>
      <PageHeader title={scene.name} subtitle={<span class="mono">{scene.id}</span>}>
        <a class="btn" href={`/scenes/${scene.id}/preview`}>Open preview</a>
        <form class="inline-form" hx-post={`/scenes/${scene.id}/recompile`} hx-target="#scene-body" hx-swap="outerHTML"
              hx-disabled-elt="find button">
          <select name="version" aria-label="Recompile to version">
            <option value="">same version (v{scene.compilationVersion})</option>
            <option value="1">version 1</option>
            <option value="2">version 2</option>
          </select>
          <button type="submit" class="btn">Recompile</button>
        </form>
        <form class="inline-form" method="post" action={`/scenes/${scene.id}/delete`}
              hx-post={`/scenes/${scene.id}/delete`} hx-confirm={`Delete scene "${scene.name}"? Its revisions are kept.`}>
          <button type="submit" class="btn btn-danger">Delete</button>
        </form>
      </PageHeader>
      {props.place !== undefined ? <SceneProjectBlock place={props.place} /> : null}
      <section class="card preview-card">
        <h2>Preview</h2>
        <ScenePreviewEmbed sceneId={scene.id} sceneName={scene.name} nonce={props.nonce} assets={props.assets}
                           followsSceneBody />
      </section>
      <section class="card"><h2>Export</h2><ExportForm target={{ kind: "scene", id: scene.id }} unavailable={props.exportUnavailable} /></section>
      <SceneBody {...props} />
    </Layout>
  );
}
