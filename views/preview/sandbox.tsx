// The page inside the sandboxed preview frame: an empty root and the player runtime (served with the sandbox CSP).
import { DocumentHead } from "./head.tsx";

export interface SandboxDocumentProps {
  script: string;
  preloads: string[];
}

export function SandboxDocument({ script, preloads }: SandboxDocumentProps) {
  return (
    <html lang="en">
      <DocumentHead title="Clapper preview frame">
        {preloads.map((href) => (
          <link rel="modulepreload" href={href} crossorigin="anonymous" />
        ))}
        <style>{"html,body{margin:0;height:100%;background:#000;overflow:hidden}"}</style>
      </DocumentHead>
      <body>
        <div id="root"></div>
        <script type="module" src={script} crossorigin="anonymous"></script>
      </body>
    </html>
  );
}
