// Page shell of the preview pages: title, stylesheet, back link; the dashboard's CSP applies (nonce'd scripts only).

import type { Child } from "hono/jsx";
import type { PreviewAssets } from "../../src/client/assets.ts";

export function PreviewDocument({ title, assets, children }: { title: string; assets: PreviewAssets; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{title} · Clapper</title>
        <link rel="stylesheet" href={assets.stylesheet} />
      </head>
      <body class="preview-page">
        <main class="preview-main">{children}</main>
      </body>
    </html>
  );
}
