// Page shell of the preview pages: the dashboard's own layout (nav, styles, dark mode) plus the preview stylesheet.

import type { Child } from "hono/jsx";
import type { PreviewAssets } from "../../src/client/assets.ts";
import { Layout, type NavKey } from "../layout.tsx";

export function PreviewDocument({ title, nonce, assets, active = "none", children }: {
  title: string;
  nonce: string;
  assets: PreviewAssets;
  active?: NavKey;
  children: Child;
}) {
  return (
    <Layout title={title} nonce={nonce} active={active}>
      <link rel="stylesheet" href={assets.stylesheet} />
      <div class="preview-page">{children}</div>
    </Layout>
  );
}
