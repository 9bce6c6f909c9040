// Export end to end through HTTP with real Chromium and real ffmpeg: the app's own workers (createServices, as
// main.ts starts them) render what POST /api/scenes/:id/exports queued; the file is downloaded and checked.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportConfigFromEnv } from "../src/config.ts";
import { decodeFrames, probe } from "./export-helpers.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";
import { openTestDatabase, type TestDatabase } from "./helpers/db.ts";

const COUNTER = `const { AbsoluteFill, useCurrentFrame, interpolate } = window.Remotion;
export default function Counter() {
  const frame = useCurrentFrame();
  const x = interpolate(frame, [0, 29], [0, 200]);
  return <AbsoluteFill style={{ background: "#0b1020" }}><div style={{ position: "absolute", left: x, top: 60, width: 80, height: 60, background: "#f59e0b" }} /></AbsoluteFill>;
}`;

// The icon sits in a known box (20..120 × 20..120) on white; the headline uses the Inter face from loadFont.
const ICON_SCENE = `const { AbsoluteFill } = window.Remotion;
const { fontFamily } = window.RemotionGoogleFonts.loadFont("Inter", { weights: ["700"] });
export default function Launch() {
  return (
    <AbsoluteFill style={{ background: "white" }}>
      <div style={{ position: "absolute", left: 20, top: 20, width: 100, height: 100 }}>
        <window.IconifyIcon icon="mdi:rocket" width={100} height={100} color="rgb(225, 29, 72)" />
      </div>
      <h1 style={{ position: "absolute", left: 140, top: 30, margin: 0, fontFamily, fontWeight: 700, fontSize: 40 }}>Liftoff</h1>
    </AbsoluteFill>
  );
}`;

let database: TestDatabase;
let t: TestApp;
let dir: string;
let workers: ReturnType<TestApp["services"]["startExportWorkers"]>;

beforeAll(async () => {
  database = await openTestDatabase("pglite");
  dir = mkdtempSync(join(tmpdir(), "clapper-export-e2e-"));
  t = buildTestApp(database.db, { export: exportConfigFromEnv({}, { exportDir: dir, pollMs: 200 }) });
  workers = t.services.startExportWorkers({ concurrency: 1 });
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await database?.dispose();
});

async function exportThroughHttp(sceneId: string, body: Record<string, unknown>): Promise<{ file: string; response: Response }> {
  const created = await t.api(`/api/scenes/${sceneId}/exports`, { method: "POST", json: body });
  expect(created.status).toBe(202);
  const { export: queued } = await created.json();
  const deadline = Date.now() + 120_000;
  let current = queued;
  while (!["done", "failed", "cancelled"].includes(current.status)) {
    if (Date.now() > deadline) throw new Error(`export still ${current.status}`);
    await Bun.sleep(200);
    current = (await (await t.api(`/api/exports/${queued.id}`)).json()).export;
  }
  expect([current.status, current.error]).toEqual(["done", null]);
  const response = await t.api(current.downloadUrl);
  expect(response.status).toBe(200);
  const file = join(dir, `downloaded-${queued.id}.${body.format}`);
  writeFileSync(file, new Uint8Array(await response.clone().arrayBuffer()));
  return { file, response };
}

test("POST an mp4 export, poll it to done, download it: ffprobe reads 30 frames of 320×180 H.264", async () => {
  const scene = await t.createScene({ name: "e2e counter", tsx: COUNTER, durationInFrames: 30, fps: 30, width: 320, height: 180 });
  const { file, response } = await exportThroughHttp(scene.id, { format: "mp4" });
  expect(response.headers.get("content-type")).toBe("video/mp4");
  expect(response.headers.get("content-disposition")).toStartWith("attachment; filename=");
  const { stream } = probe(file);
  expect([stream.codec_name, stream.width, stream.height, stream.pix_fmt, stream.nb_read_frames]).toEqual(["h264", 320, 180, "yuv420p", "30"]);
}, 180_000);

test("an IconifyIcon and loadFont scene exports with the icon drawn (the render page gets the preview's extras)", async () => {
  const scene = await t.createScene({ name: "e2e rocket", tsx: ICON_SCENE, durationInFrames: 10, fps: 30, width: 320, height: 180 });
  expect(scene.compileMeta.assets.icons).toEqual(["mdi:rocket"]);
  const { file } = await exportThroughHttp(scene.id, { format: "png", frame: 0 });
  const [frame] = decodeFrames(file, 320, 180);
  const pixel = (x: number, y: number) => [frame[(y * 320 + x) * 3], frame[(y * 320 + x) * 3 + 1], frame[(y * 320 + x) * 3 + 2]];
  let iconPixels = 0;
  let outsidePixels = 0;
  for (let y = 0; y < 180; y++) {
    for (let x = 0; x < 320; x++) {
      const [r, g, b] = pixel(x, y);
      const rocketRed = r > 180 && g < 90 && b < 120;
      if (!rocketRed) continue;
      if (x >= 20 && x < 120 && y >= 20 && y < 120) iconPixels++;
      else outsidePixels++;
    }
  }
  // The rocket covers a good part of its 100×100 box, in its colour, and nothing else on the frame is that colour.
  expect(iconPixels).toBeGreaterThan(1500);
  expect(outsidePixels).toBe(0);
  // The headline drew dark text to the right of the icon (the font was ready before the frame).
  let dark = 0;
  for (let y = 30; y < 80; y++) for (let x = 140; x < 320; x++) if (pixel(x, y).every((v) => v < 80)) dark++;
  expect(dark).toBeGreaterThan(200);
}, 180_000);
