// The page inside the sandboxed preview frame: an empty root and the player runtime (served with the sandbox CSP).

export interface SandboxDocumentProps {
  script: string;
  preloads: string[];
}

export function SandboxDocument({ script, preloads }: SandboxDocumentProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>Clapper preview frame</title>
        {preloads.map((href) => (
          <link rel="modulepreload" href={href} crossorigin="anonymous" />
        ))}
        <style>{"html,body{margin:0;height:100%;background:#000;overflow:hidden}"}</style>
      </head>
      <body>
        <div id="root"></div>
        <script type="module" src={script} crossorigin="anonymous"></script>
      </body>
    </html>
  );
}
