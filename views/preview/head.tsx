// The <head> both preview documents share (the preview pages and the sandbox frame): charset, viewport, no favicon request.
import type { Child } from "hono/jsx";

export function DocumentHead({ title, children }: { title: string; children?: Child }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <link rel="icon" href="data:," />
      <title>{title}</title>
      {children}
    </head>
  );
}
