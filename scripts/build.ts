// `bun run build`: a plain list of build steps that put browser assets into public/ (no CDN at run time).
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildPreviewBundles } from "../src/client/bundle.ts";
import { buildDashboardBundle } from "../src/client/build-dashboard.ts";

const ROOT = join(import.meta.dir, "..");

interface BuildStep {
  name: string;
  run(): Promise<unknown>;
}

/** Copies one file from node_modules into public/ (vendored, pinned by package.json). */
function vendor(from: string, to: string): BuildStep {
  return {
    name: `vendor ${to}`,
    async run() {
      const target = join(ROOT, "public", to);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(ROOT, "node_modules", from), target);
    },
  };
}

export const steps: BuildStep[] = [
  vendor("htmx.org/dist/htmx.min.js", "vendor/htmx.min.js"),
  vendor("chart.js/dist/chart.umd.min.js", "vendor/chart.umd.min.js"),
  { name: "preview bundles", run: buildPreviewBundles },
  { name: "dashboard bundle", run: buildDashboardBundle },
];

if (import.meta.main) {
  const started = performance.now();
  for (const [i, step] of steps.entries()) {
    const t = performance.now();
    await step.run();
    console.log(`[build] ${i + 1}/${steps.length} ${step.name} (${Math.round(performance.now() - t)} ms)`);
  }
  console.log(`[build] done in ${Math.round(performance.now() - started)} ms`);
}
