// bench:export — ms per frame exporting a realistic 150-frame 1280×720 scene (MP4) at concurrency 1 and at the default,
// next to the physical limit measured in the same run: the same Chromium capturing a static 1280×720 page over the
// same DevTools call and piping the frames into the same ffmpeg settings.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { compileScene } from "../src/compiler/index.ts";
import { launchBrowser, RENDER_ORIGIN } from "../src/export/browser.ts";
import { exportConfigFromEnv } from "../src/config.ts";
import type { ExportConfig } from "../src/export/config.ts";
import { startEncoder } from "../src/export/ffmpeg.ts";
import { chunkSizeFor, emptyRenderSlot, FRAME_JPEG_QUALITY, releaseRenderSlot, renderVideo, type RenderSlot } from "../src/export/render.ts";

const FRAMES = 150;
const WIDTH = 1280;
const HEIGHT = 720;
const QUALITY = 80;
const ROUNDS = 3;
const TARGET = { c1OverLimit: 1.3, speedup: 1.4 };

const STATIC_PAGE = `<!doctype html><html><body style="margin:0;width:${WIDTH}px;height:${HEIGHT}px;overflow:hidden;
background:radial-gradient(circle at 30% 20%,#1e1b4b,#0f172a 70%);font:800 112px sans-serif;color:#f8fafc">
<div style="padding:120px 100px">Shipping scenes, not builds</div></body></html>`;

/** The capture-only limit: one tab, a page that never changes, the same capture call and the same encoder. */
async function captureOnly(browser: Browser, config: ExportConfig, dir: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
  await context.route("**/*", (route) => route.fulfill({ status: 200, body: STATIC_PAGE, headers: { "content-type": "text/html" } }));
  const page = await context.newPage();
  await page.goto(`${RENDER_ORIGIN}/static`);
  // The first capture must not race the page's first paint ("Unable to capture screenshot").
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const cdp = await context.newCDPSession(page);
  const started = performance.now();
  const encoder = startEncoder({ ffmpegPath: config.ffmpegPath, format: "mp4", fps: 30, quality: QUALITY, input: "jpeg", output: join(dir, "static.mp4") });
  for (let i = 0; i < FRAMES; i++) {
    const shot = await cdp.send("Page.captureScreenshot", { format: "jpeg", quality: FRAME_JPEG_QUALITY, optimizeForSpeed: true, clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT, scale: 1 } });
    await encoder.write(Buffer.from(shot.data, "base64"));
  }
  await encoder.finish();
  const ms = (performance.now() - started) / FRAMES;
  await context.close();
  return ms;
}

/** Busy CPU time and total time of the whole machine so far (Linux /proc/stat, in clock ticks). */
async function cpuTicks(): Promise<{ busy: number; total: number }> {
  const [, ...fields] = (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Whole export (tab start-up, every frame, join) and steady state (first frame written → file joined), ms per frame. */
async function engine(config: ExportConfig, js: string, concurrency: number, dir: string, slots: RenderSlot[]): Promise<{ whole: number; steady: number; busyCores: number }> {
  const job = {
    mode: "scene" as const,
    scenes: [{ id: "bench", name: "bench", js, tsx: null, compilationVersion: 2, durationInFrames: FRAMES, fps: 30, width: WIDTH, height: HEIGHT }],
    settleTimeoutMs: config.settleTimeoutMs,
  };
  const started = performance.now();
  const cpuBefore = await cpuTicks();
  let firstFrame = 0;
  await renderVideo(config, {
    job, format: "mp4", totalFrames: FRAMES, quality: QUALITY, output: join(dir, `c${concurrency}.mp4`), concurrency,
    chunkFrames: chunkSizeFor(FRAMES, { ...config, concurrency }),
    onFrame: () => (firstFrame ||= performance.now()),
    slots,
  });
  const ended = performance.now();
  const cpuAfter = await cpuTicks();
  const busyCores = (cores * (cpuAfter.busy - cpuBefore.busy)) / Math.max(1, cpuAfter.total - cpuBefore.total);
  return { whole: (ended - started) / FRAMES, steady: (ended - firstFrame) / (FRAMES - 1), busyCores };
}

const config = exportConfigFromEnv(process.env);
const cores = availableParallelism();
const tsx = await readFile(join(import.meta.dir, "..", "test", "fixtures", "realistic", "product-launch-promo.tsx"), "utf8");
const compiled = compileScene(tsx, { version: 2 });
if (!compiled.ok) throw new Error(`fixture does not compile: ${compiled.error.message}`);
const dir = await mkdtemp(join(tmpdir(), "clapper-bench-export-"));
const browser = await launchBrowser(config);
// One slot per lane (its own Chromium and kept tab), as each worker slot: an export pays a page reload, not a tab start-up.
const slots = Array.from({ length: Math.max(1, config.concurrency) }, emptyRenderSlot);
const results = { limit: Infinity, c1: Infinity, cN: Infinity, c1Steady: Infinity, cNSteady: Infinity, c1Busy: 0, cNBusy: 0 };
try {
  // Warm-up: page cache, ffmpeg and Chromium code paths, and every lane's tab.
  await engine(config, compiled.js, config.concurrency, dir, slots);
  for (let round = 0; round < ROUNDS; round++) {
    results.limit = Math.min(results.limit, await captureOnly(browser, config, dir));
    const one = await engine(config, compiled.js, 1, dir, slots);
    const many = await engine(config, compiled.js, config.concurrency, dir, slots);
    if (one.whole < results.c1) results.c1Busy = one.busyCores;
    if (many.whole < results.cN) results.cNBusy = many.busyCores;
    results.c1 = Math.min(results.c1, one.whole);
    results.c1Steady = Math.min(results.c1Steady, one.steady);
    results.cN = Math.min(results.cN, many.whole);
    results.cNSteady = Math.min(results.cNSteady, many.steady);
  }
} finally {
  await browser.close();
  await Promise.all(slots.map(releaseRenderSlot));
  await rm(dir, { recursive: true, force: true });
}

const c1OverLimit = results.c1 / results.limit;
const speedup = results.c1 / results.cN;
const steadyOverLimit = results.c1Steady / results.limit;
const steadySpeedup = results.c1Steady / results.cNSteady;
console.log(`bench:export — product-launch-promo.tsx, ${FRAMES} frames ${WIDTH}×${HEIGHT} → MP4 (best of ${ROUNDS}, whole export incl. render-page reload in the lane's kept tab, and the join)`);
console.log(`  capture-only limit (static page, same capture + ffmpeg)  ${results.limit.toFixed(1)} ms/frame`);
console.log(`  export, concurrency 1                                    ${results.c1.toFixed(1)} ms/frame  (${c1OverLimit.toFixed(2)}× the limit; target ≤ ${TARGET.c1OverLimit}×)`);
console.log(`  export, concurrency ${config.concurrency} (default = cores)                 ${results.cN.toFixed(1)} ms/frame  (${speedup.toFixed(2)}× faster than 1; target ≥ ${TARGET.speedup}×)`);
console.log(`  steady state (first frame → joined file): concurrency 1 ${results.c1Steady.toFixed(1)} ms/frame (${steadyOverLimit.toFixed(2)}× the limit), concurrency ${config.concurrency} ${results.cNSteady.toFixed(1)} ms/frame (${steadySpeedup.toFixed(2)}× faster)`);
// Concurrency can only fill the cores concurrency 1 leaves idle: Chromium's renderer, GPU and browser processes
// and ffmpeg already work in parallel on one export, so the best possible speed-up is min(lanes, cores / busy cores at 1).
// Busy cores are machine-wide (/proc/stat): other load counts too, so on a busy machine the bound reads low.
console.log(`  machine: ${cores} cores, ${results.c1Busy.toFixed(2)} busy during the best concurrency-1 run → at most ${Math.min(config.concurrency, cores / Math.max(results.c1Busy, 1)).toFixed(2)}× from concurrency; ${results.cNBusy.toFixed(2)} busy during the best concurrency-${config.concurrency} run (load average ${loadavg()[0]!.toFixed(1)} after the runs)`);
const ok = c1OverLimit <= TARGET.c1OverLimit && speedup >= TARGET.speedup;
console.log(ok ? "  targets met" : "  TARGETS MISSED");
process.exit(ok ? 0 : 1);
