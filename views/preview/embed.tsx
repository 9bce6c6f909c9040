// Embeddable single-scene preview (scene detail page): stage + the host script that feeds the sandboxed frame.

import type { PreviewAssets } from "../../src/client/assets.ts";
import { Stage } from "./stage.tsx";

export interface ScenePreviewEmbedProps {
  sceneId: string;
  sceneName: string;
  /** The page's CSP nonce: the host script is the only script this fragment adds. */
  nonce: string;
  /** Scene ids the previous/next links step through (same project, in play order). */
  order?: string[];
  /** Built bundle URLs (previewAssets(), passed by the handler). */
  assets: PreviewAssets;
  /** On the scene's own page: reload whenever an edit or recompile swaps in a new scene body. */
  followsSceneBody?: boolean;
}

/** Drop into any dashboard page; needs `frame-src 'self'` and the page's nonce. */
export function ScenePreviewEmbed({ sceneId, sceneName, nonce, order = [], assets, followsSceneBody }: ScenePreviewEmbedProps) {
  return (
    <div class="preview" data-preview data-mode="scene" data-scene-ids={sceneId} data-scene-order={order.join(",")}
         data-follows={followsSceneBody ? "scene-body" : undefined}>
      <link rel="stylesheet" href={assets.stylesheet} />
      <Stage title={`Preview of ${sceneName}`} />
      {order.length > 1 ? (
        <nav class="preview-nav" aria-label="Scenes">
          <a href="#" data-open-scene="" data-direction="prev" hidden>
            ← Previous scene
          </a>
          <a href="#" data-open-scene="" data-direction="next" hidden>
            Next scene →
          </a>
        </nav>
      ) : null}
      <HostScript nonce={nonce} assets={assets} />
    </div>
  );
}

/** The dashboard-side preview script. `async`: it starts fetching scenes without waiting for the rest of the page. */
export function HostScript({ nonce, assets }: { nonce: string; assets: PreviewAssets }) {
  return <script type="module" async src={assets.hostScript} nonce={nonce}></script>;
}
