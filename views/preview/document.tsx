// Page shell of the preview pages: title, stylesheet, back link; the dashboard's CSP applies (nonce'd scripts only).

import type { Child } from "hono/jsx";
import type { PreviewAssets } from "../../src/client/assets.ts";
import { DocumentHead } from "./head.tsx";

export function PreviewDocument({ title, assets, children }: { title: string; assets: PreviewAssets; children: Child }) {
  return (
    <html lang="en">
      <DocumentHead title={`${title} · Clapper`}>
        <link rel="stylesheet" href={assets.stylesheet} />
      </DocumentHead>
      <body class="preview-page">
        <main class="preview-main">{children}</main>
      </body>
    </html>
  );
}
