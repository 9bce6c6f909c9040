// Build step: bundles src/client/dashboard.ts (with Chart.js) into public/build/dashboard.js and vendors htmx.
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..", "..");
export const DASHBOARD_BUNDLE = join(ROOT, "public", "build", "dashboard.js");

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

/** htmx 2.0.11 (pinned) as public/vendor/htmx.min.js: the dashboard works offline, no CDN. */
export async function vendorHtmx(): Promise<string> {
  const target = join(ROOT, "public", "vendor", "htmx.min.js");
  await mkdir(join(ROOT, "public", "vendor"), { recursive: true });
  await copyFile(join(ROOT, "node_modules", "htmx.org", "dist", "htmx.min.js"), target);
  return target;
}

/** Everything the dashboard pages load from public/. */
export async function buildDashboardAssets(): Promise<{ bundleBytes: number }> {
  const [{ bytes }] = await Promise.all([buildDashboardBundle(), vendorHtmx()]);
  return { bundleBytes: bytes };
}

if (import.meta.main) {
  const { bundleBytes } = await buildDashboardAssets();
  console.log(`dashboard: bundle ${(bundleBytes / 1024).toFixed(1)} KiB, htmx vendored`);
}
