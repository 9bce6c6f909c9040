// Static files under public/ (vendored htmx/Chart.js, built client bundles), resolved from the repo root.
import { fileURLToPath } from "node:url";
import { serveStatic } from "hono/bun";
import type { AppEnv } from "./context.ts";

const PUBLIC_DIR = fileURLToPath(new URL("../../public", import.meta.url));

export const publicAssets = serveStatic<AppEnv>({
  root: PUBLIC_DIR,
  onFound: (_path, c) => {
    c.header("Cache-Control", "public, max-age=300");
  },
});
