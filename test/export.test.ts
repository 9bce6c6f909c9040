// Exports rendered for real: stored artifacts in headless Chromium through the preview's runtime, encoded by ffmpeg,
// checked with ffprobe and by decoding the frames.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listRuntimeEvents } from "../src/db/queries.ts";
import { exportConfigFromEnv } from "../src/config.ts";
import type { ExportConfig } from "../src/export/config.ts";
import { claimChunk, listExportChunks } from "../src/db/queries.ts";
import { createExportService } from "../src/export/service.ts";
import { startExportWorkers, type ExportWorkers } from "../src/export/worker.ts";
import { createSceneService } from "../src/services/scenes.ts";
import { decodeFrames, descendantCommands, meanAbsDiff, meanColour, probe, waitFinished } from "./export-helpers.ts";
import { launchChromium, loggedInContext, startPreviewServer, waitForStage, type PreviewServer } from "./preview-harness.ts";

const COLOURS = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Colours() {
  const frame = useCurrentFrame();
  const bg = frame === 0 ? "#ff0000" : frame === 30 ? "#00ff00" : frame === 59 ? "#0000ff" : "#808080";
  return <AbsoluteFill style={{ backgroundColor: bg }} />;
}`;

const BOOM = `export default function Boom() { throw new Error("Kaboom in render"); }`;

// Blue for its first half second, green after — measured by its own fps, which must be 60.
const OWN_CLOCK = `const { AbsoluteFill, useCurrentFrame, useVideoConfig } = window.Remotion;
export default function OwnClock() {
  const frame = useCurrentFrame();
  const { fps, width } = useVideoConfig();
  const bg = fps !== 60 || width !== 720 ? "#ff00ff" : frame >= 30 ? "#00ff00" : "#0000ff";
  return <AbsoluteFill style={{ backgroundColor: bg }} />;
}`;

const SOLID = (colour: string) => `const { AbsoluteFill } = window.Remotion;
export default function Solid() { return <AbsoluteFill style={{ backgroundColor: "${colour}" }} />; }`;

const near = (actual: number[], expected: number[], tolerance = 12) =>
  actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);

let server: PreviewServer;
let dir: string;
let config: ExportConfig;
let workers: ExportWorkers;

beforeAll(async () => {
  server = await startPreviewServer(); // builds the bundles the render page loads
  dir = mkdtempSync(join(tmpdir(), "clapper-export-"));
  config = exportConfigFromEnv({}, { exportDir: dir, concurrency: 2, pollMs: 100 });
  workers = startExportWorkers(server.db, config);
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await server?.close();
});

const scenes = (version: 1 | 2) => createSceneService(server.db, { compileTargetVersion: version });
const exportsOf = (overrides: Partial<ExportConfig> = {}) => createExportService(server.db, { ...config, ...overrides });

async function exportScene(sceneId: string, body: Record<string, unknown>, overrides: Partial<ExportConfig> = {}) {
  const service = exportsOf(overrides);
  const queued = await service.createSceneExport(sceneId, body);
  workers.wake();
  const done = await waitFinished(service, queued.id);
  expect([done.status, done.error]).toEqual(["done", null]);
  return done;
}

describe("scene exports", () => {
  test("version 1: 60 frames at 1280×720, 30 fps → H.264 yuv420p MP4, each colour at exactly its frame", async () => {
    const scene = await scenes(1).create({ name: "colours v1", tsx: COLOURS, durationInFrames: 60, fps: 30, width: 1280, height: 720 });
    expect(scene.compilationVersion).toBe(1);
    const done = await exportScene(scene.id, { format: "mp4" });
    expect(done.filePath!.endsWith(".mp4")).toBe(true);
    expect(done.bytes).toBe(readFileSync(done.filePath!).length);
    const { stream } = probe(done.filePath!);
    expect([stream.codec_name, stream.width, stream.height, stream.pix_fmt, stream.nb_read_frames, stream.r_frame_rate])
      .toEqual(["h264", 1280, 720, "yuv420p", "60", "30/1"]);
    const frames = decodeFrames(done.filePath!, 64, 36);
    expect(frames.length).toBe(60);
    expect(near(meanColour(frames[0]), [255, 0, 0])).toBe(true);
    expect(near(meanColour(frames[30]), [0, 255, 0])).toBe(true);
    expect(near(meanColour(frames[59]), [0, 0, 255])).toBe(true);
    for (const grey of [1, 29, 31, 58]) expect(near(meanColour(frames[grey]), [128, 128, 128])).toBe(true);
    // The MP4 starts with its index (+faststart): moov before mdat.
    const head = readFileSync(done.filePath!).subarray(0, 4096).toString("latin1");
    expect(head.indexOf("moov")).toBeGreaterThan(-1);
    expect(head.indexOf("moov")).toBeLessThan(Math.max(head.indexOf("mdat"), 4096));
  }, 120_000);

  test("version 2: the same scene exports to VP9 WebM with the same frame-exact colours", async () => {
    const scene = await scenes(2).create({ name: "colours v2", tsx: COLOURS, durationInFrames: 60, fps: 30, width: 1280, height: 720 });
    expect(scene.compilationVersion).toBe(2);
    const done = await exportScene(scene.id, { format: "webm" });
    const { stream } = probe(done.filePath!);
    expect([stream.codec_name, stream.width, stream.height, stream.nb_read_frames]).toEqual(["vp9", 1280, 720, "60"]);
    const frames = decodeFrames(done.filePath!, 64, 36);
    expect(near(meanColour(frames[0]), [255, 0, 0], 16)).toBe(true);
    expect(near(meanColour(frames[30]), [0, 255, 0], 16)).toBe(true);
    expect(near(meanColour(frames[59]), [0, 0, 255], 16)).toBe(true);
    expect(near(meanColour(frames[31]), [128, 128, 128], 16)).toBe(true);
  }, 120_000);

  test("a PNG still at frame 30 equals what the preview shows at frame 30", async () => {
    const tsx = readFileSync(join(import.meta.dir, "fixtures", "realistic", "title-card-intro.tsx"), "utf8");
    const scene = await scenes(2).create({ name: "title", tsx, durationInFrames: 150, fps: 30, width: 1280, height: 720 });
    const still = await exportScene(scene.id, { format: "png", frame: 30 });
    const other = await exportScene(scene.id, { format: "png", frame: 5 });
    expect(probe(still.filePath!).stream.codec_name).toBe("png");

    const browser = await launchChromium();
    try {
      const context = await loggedInContext(browser, server);
      const page = await context.newPage();
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${server.baseUrl}/scenes/${scene.id}/preview?frame=30`);
      await waitForStage(page, "ready");
      await page.mouse.move(1399, 999); // keep the Player's controls hidden
      await Bun.sleep(1500);
      const shot = join(dir, "preview-30.png");
      await page.locator("iframe[data-preview-frame]").screenshot({ path: shot });
      // The bottom rows hold the Player's controls bar in the preview: compared above it.
      const top = (frame: Buffer) => frame.subarray(0, 160 * 72 * 3);
      const [preview] = decodeFrames(shot, 160, 90).map(top);
      const [exported] = decodeFrames(still.filePath!, 160, 90).map(top);
      const [early] = decodeFrames(other.filePath!, 160, 90).map(top);
      // Same frame: nearly identical; a different frame of the same scene is clearly not (the check can fail).
      expect(meanAbsDiff(preview, exported)).toBeLessThan(4);
      expect(meanAbsDiff(preview, early)).toBeGreaterThan(8);
    } finally {
      await browser.close();
    }
  }, 120_000);

  test("an export in several chunks gives the same frames as one rendered in one piece", async () => {
    const tsx = readFileSync(join(import.meta.dir, "fixtures", "realistic", "social-stats-countup.tsx"), "utf8");
    const scene = await scenes(1).create({ name: "stats", tsx, durationInFrames: 90, fps: 30, width: 1280, height: 720 });
    const chunked = await exportScene(scene.id, { format: "mp4" }, { chunkFrames: 30 });
    expect((await listExportChunks(server.db, chunked.id)).map((c) => [c.frameFrom, c.frameTo, c.status]))
      .toEqual([[0, 30, "done"], [30, 60, "done"], [60, 90, "done"]]);
    const whole = await exportScene(scene.id, { format: "mp4" }, { chunkFrames: 1000, concurrency: 1 });
    expect((await listExportChunks(server.db, whole.id)).length).toBe(1);
    const a = decodeFrames(chunked.filePath!, 320, 180);
    const b = decodeFrames(whole.filePath!, 320, 180);
    expect([a.length, b.length]).toEqual([90, 90]);
    expect(probe(chunked.filePath!).stream.nb_read_frames).toBe("90");
    const diffs = a.map((frame, i) => meanAbsDiff(frame, b[i]));
    expect(Math.max(...diffs)).toBeLessThan(2);
    // The comparison can fail: neighbouring frames of this animated scene differ by more than that.
    expect(meanAbsDiff(a[10], b[40])).toBeGreaterThan(2);
  }, 180_000);
});

describe("worker crash", () => {
  test("a chunk held by a worker that died is rendered by another after its lease; the video is whole", async () => {
    const scene = await scenes(1).create({ name: "crash", tsx: COLOURS, durationInFrames: 60, fps: 30, width: 640, height: 360 });
    const service = exportsOf({ chunkFrames: 30 });
    const queued = await service.createSceneExport(scene.id, { format: "mp4" });
    const dead = await claimChunk(server.db, "crashed-worker", 500, 3); // claims, then never renews or finishes
    expect(dead?.export.id).toBe(queued.id);
    workers.wake();
    const done = await waitFinished(service, queued.id);
    expect(done.status).toBe("done");
    const chunks = await listExportChunks(server.db, queued.id);
    const retaken = chunks.find((c) => c.index === dead!.chunk.index)!;
    expect([retaken.attempts, retaken.workerId]).toEqual([2, workers.workerId]);
    expect(retaken.error).toMatchObject({ message: "lease expired", workerId: "crashed-worker" });
    const frames = decodeFrames(done.filePath!, 32, 18);
    expect(frames.length).toBe(60);
    expect(near(meanColour(frames[30]), [0, 255, 0])).toBe(true);
  }, 120_000);
});

describe("graceful stop", () => {
  test("a stopping worker puts its running chunk back without spending an attempt; another finishes the video", async () => {
    await workers.stop(); // only the stopping worker below may claim
    const scene = await scenes(1).create({ name: "deploy", tsx: COLOURS, durationInFrames: 240, fps: 30, width: 640, height: 360 });
    const service = exportsOf();
    const queued = await service.createSceneExport(scene.id, { format: "mp4" });
    const stopping = startExportWorkers(server.db, config, { concurrency: 1, workerId: "stopping-worker" });
    let held: Awaited<ReturnType<typeof listExportChunks>>[number] | undefined;
    try {
      const deadline = Date.now() + 60_000;
      while (!held) {
        if (Date.now() > deadline) throw new Error("the stopping worker never started a chunk");
        held = (await listExportChunks(server.db, queued.id)).find((c) => c.workerId === "stopping-worker" && c.status === "rendering");
        await Bun.sleep(50);
      }
    } finally {
      await stopping.stop();
    }
    // Read before any other worker runs again: a new worker could claim the released chunk at once.
    let released;
    try {
      released = (await listExportChunks(server.db, queued.id)).find((c) => c.index === held!.index)!;
    } finally {
      workers = startExportWorkers(server.db, config);
    }
    expect([released.status, released.attempts, released.workerId]).toEqual(["queued", 0, null]);
    const done = await waitFinished(service, queued.id);
    expect(done.status).toBe("done");
    const retaken = (await listExportChunks(server.db, queued.id)).find((c) => c.index === held!.index)!;
    expect([retaken.attempts, retaken.workerId]).toEqual([1, workers.workerId]);
  }, 120_000);
});

describe("project export", () => {
  test("mixed fps and a broken scene: each scene keeps its seconds and speed, the broken one is a fallback card", async () => {
    const projectId = crypto.randomUUID();
    const create = (name: string, tsx: string, position: number, fps: number, durationInFrames: number, width = 1280, height = 720) =>
      scenes(2).create({ name, tsx, projectId, position, fps, durationInFrames, width, height });
    await create("red second", SOLID("#ff0000"), 0, 30, 30);
    const broken = await create("Exploding", BOOM, 1, 60, 120);
    await create("own clock", OWN_CLOCK, 2, 60, 60, 720, 720);
    const service = exportsOf();
    const queued = await service.createProjectExport(projectId, { format: "mp4" });
    expect(queued.framesTotal).toBe(120); // 1 s + 2 s + 1 s at 30 fps
    workers.wake();
    const done = await waitFinished(service, queued.id);
    expect(done.status).toBe("done");
    const { stream, duration } = probe(done.filePath!);
    expect([stream.nb_read_frames, stream.r_frame_rate, stream.width, stream.height]).toEqual(["120", "30/1", 1280, 720]);
    expect(Math.abs(duration - 4)).toBeLessThan(0.05);

    const frames = decodeFrames(done.filePath!, 64, 36);
    const pixel = (f: number, x: number, y: number) => [...frames[f].subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
    expect(near(meanColour(frames[0]), [255, 0, 0])).toBe(true);
    expect(near(meanColour(frames[29]), [255, 0, 0])).toBe(true);
    for (const f of [30, 60, 89]) {
      const [r, g, b] = meanColour(frames[f]);
      expect(r < 110 && g < 110 && b < 110 && b > r).toBe(true); // the dark striped fallback card
    }
    // The 720×720 scene is letterboxed (black bars), blue until its own frame 30 at 60 fps = half a second in.
    expect(near(pixel(104, 32, 18), [0, 0, 255])).toBe(true);
    expect(near(pixel(105, 32, 18), [0, 255, 0])).toBe(true);
    expect(near(pixel(105, 2, 18), [0, 0, 0])).toBe(true);

    expect(done.error?.scenes).toEqual([expect.objectContaining({ sceneId: broken.id, message: "Kaboom in render" })]);
    const events = await listRuntimeEvents(server.db, broken.id);
    expect(events.some((e) => e.context === "export" && e.kind === "error" && e.message?.includes("Kaboom"))).toBe(true);
  }, 180_000);
});

describe("cancel", () => {
  test("stops a running export within 2 s and leaves no ffmpeg or Chromium process behind", async () => {
    const tsx = readFileSync(join(import.meta.dir, "fixtures", "realistic", "title-card-intro.tsx"), "utf8");
    const scene = await scenes(1).create({ name: "long", tsx, durationInFrames: 1800, fps: 30, width: 1280, height: 720 });
    const service = exportsOf();
    const queued = await service.createSceneExport(scene.id, { format: "mp4" });
    workers.wake();
    for (let i = 0; (await service.get(queued.id)).framesDone < 5; i++) {
      if (i > 600) throw new Error("export never started rendering");
      await Bun.sleep(50);
    }
    expect(descendantCommands().some((c) => c.includes("ffmpeg"))).toBe(true);
    const started = performance.now();
    expect((await service.cancel(queued.id)).status).toBe("cancelled");
    let left = descendantCommands().filter((c) => /ffmpeg|chrom/i.test(c));
    while (left.length > 0 && performance.now() - started < 2000) {
      await Bun.sleep(50);
      left = descendantCommands().filter((c) => /ffmpeg|chrom/i.test(c));
    }
    const elapsed = performance.now() - started;
    if (left.length > 0) console.log("left", process.pid, process.ppid, spawnSync("ps", ["-eo", "pid,ppid,stat,etimes,args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => /chrom|ffmpeg/.test(l)).join("\n"));
    expect(left).toEqual([]);
    expect(elapsed).toBeLessThan(2000);
    const row = await service.get(queued.id);
    expect([row.status, row.filePath]).toEqual(["cancelled", null]);
    expect(row.framesDone).toBeLessThan(1800);
  }, 120_000);
});
