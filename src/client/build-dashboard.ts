// Build step (scripts/build.ts), next to the preview bundles' (bundle.ts): bundles src/client/dashboard.ts (with Chart.js) into public/build/dashboard.js.
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const DASHBOARD_BUNDLE = join(ROOT, "public", "build", "dashboard.js");

/** One file, fixed name (the layout links /build/dashboard.js); served with a short max-age by static.ts. */
export async function buildDashboardBundle(): Promise<{ path: string; bytes: number }> {
  const result = await Bun.build({
    entrypoints: [join(ROOT, "src", "client", "dashboard.ts")],
    outdir: join(ROOT, "public", "build"),
    target: "browser",
    format: "iife",
    minify: true,
    sourcemap: "none",
    naming: "[name].[ext]",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
  if (!result.success) throw new AggregateError(result.logs, "dashboard bundle failed");
  return { path: DASHBOARD_BUNDLE, bytes: Bun.file(DASHBOARD_BUNDLE).size };
}

if (import.meta.main) {
  const { bytes } = await buildDashboardBundle();
  console.log(`dashboard bundle: ${(bytes / 1024).toFixed(1)} KiB`);
}
