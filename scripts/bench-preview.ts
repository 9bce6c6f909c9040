// bench:preview — player bundle size (raw + gzip) and navigation → first rendered frame in headless Chromium.
// Baseline in the same run: the same scene as a legacy row (no stored JS), compiled in the browser at preview time.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { BUILD_DIR, readPreviewManifest, type PreviewManifest } from "../src/client/bundle.ts";
import {
  createScene,
  insertLegacyScene,
  launchChromium,
  loggedInContext,
  sampleTsx,
  startPreviewServer,
  waitForStage,
  type PreviewServer,
} from "../test/preview-harness.ts";

const RUNS = 5;
const BUDGET = { runtimeGzipKiB: 200, coldMs: 1000, nextSceneMs: 300 };

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function sizeOf(files: string[]): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(join(BUILD_DIR, file));
    raw += bytes.byteLength;
    gzip += Bun.gzipSync(bytes).byteLength;
  }
  return { raw, gzip };
}

async function reportBundles(manifest: PreviewManifest): Promise<boolean> {
  const rows: [string, string[]][] = [
    ["player runtime (sandbox, loaded at boot)", manifest.runtimeFiles],
    ["fallback compiler (lazy chunk)", manifest.lazyFiles],
    ["dashboard host script", [manifest.entries.host]],
    ["stylesheet", [manifest.entries.stylesheet]],
  ];
  console.log("Bundles (public/build/preview/)");
  let runtimeGzip = 0;
  for (const [label, files] of rows) {
    const { raw, gzip } = await sizeOf(files);
    if (files === manifest.runtimeFiles) runtimeGzip = gzip;
    console.log(`  ${label.padEnd(42)} raw ${kib(raw).padStart(10)}   gzip ${kib(gzip).padStart(10)}`);
  }
  const ok = runtimeGzip <= BUDGET.runtimeGzipKiB * 1024;
  console.log(`  runtime gzip budget ${BUDGET.runtimeGzipKiB} KiB: ${ok ? "OK" : "OVER"}`);
  return ok;
}

/** Fresh context per run: empty HTTP cache, new frame process — a cold first preview. */
async function coldFirstFrame(browser: Browser, server: PreviewServer, sceneId: string): Promise<number> {
  const context = await loggedInContext(browser, server);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/scenes/${sceneId}/preview`);
  await waitForStage(page, "ready");
  // performance.now() at the frame's "ready" message: milliseconds since navigation started.
  const ms = Number(await page.locator("[data-preview-stage]").getAttribute("data-first-frame-ms"));
  await context.close();
  return ms;
}

async function nextSceneTimes(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const stage = page.locator("[data-preview-stage]");
    const generation = Number(await stage.getAttribute("data-generation"));
    await page.locator('[data-open-scene][data-direction="next"]').click();
    await page.locator(`[data-preview-stage][data-generation="${generation + 1}"][data-state="ready"]`).waitFor({ timeout: 10_000 });
    times.push(Number(await stage.getAttribute("data-last-load-ms")));
  }
  return times;
}

async function main(): Promise<void> {
  const server = await startPreviewServer(); // builds the bundles once, for the sizes and the pages alike
  const bundlesOk = await reportBundles(await readPreviewManifest());
  const browser = await launchChromium();
  try {
    const projectId = crypto.randomUUID();
    const files = ["title-card.tsx", "stat-counter.tsx", "typed-timeline.tsx", "imported-bindings.tsx", "no-default-export.tsx", "code-on-screen.tsx"];
    const ids: string[] = [];
    for (const [position, file] of files.entries()) {
      ids.push((await createScene(server, { name: file, tsx: await sampleTsx(file), projectId, position })).id);
    }
    const legacy = await insertLegacyScene(server, "legacy title", await sampleTsx("title-card.tsx"));

    await coldFirstFrame(browser, server, ids[0]); // warm the server's JIT, not the browser cache
    const cold: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      cold.push(await coldFirstFrame(browser, server, ids[0]));
      baseline.push(await coldFirstFrame(browser, server, legacy.id));
    }

    const context = await loggedInContext(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/scenes/${ids[0]}/preview`);
    await waitForStage(page, "ready");
    const next = await nextSceneTimes(page, RUNS);
    await context.close();

    const coldMedian = median(cold);
    const nextMedian = median(next);
    const baselineMedian = median(baseline);
    console.log(`\nNavigation → first rendered frame, headless Chromium, median of ${RUNS}`);
    console.log(`  cold, stored JS                     ${coldMedian.toFixed(0).padStart(6)} ms   (runs: ${cold.join(", ")})   budget ${BUDGET.coldMs} ms: ${coldMedian <= BUDGET.coldMs ? "OK" : "OVER"}`);
    console.log(`  next scene, same tab                ${nextMedian.toFixed(0).padStart(6)} ms   (runs: ${next.join(", ")})   budget ${BUDGET.nextSceneMs} ms: ${nextMedian <= BUDGET.nextSceneMs ? "OK" : "OVER"}`);
    console.log(`  baseline: cold, compiled in browser ${baselineMedian.toFixed(0).padStart(6)} ms   (runs: ${baseline.join(", ")})`);
    console.log(`  stored JS vs browser compile: ${(baselineMedian - coldMedian).toFixed(0)} ms faster (${(baselineMedian / coldMedian).toFixed(2)}×)`);
    if (!bundlesOk || coldMedian > BUDGET.coldMs || nextMedian > BUDGET.nextSceneMs) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
