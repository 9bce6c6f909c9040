// The shared project timing rule (src/runtime/timeline.ts) and the project PREVIEW following it: a 60 fps scene in a
// 30 fps project keeps its seconds and its own speed, as in the export.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { fitInto, projectTimeline, sceneFrameAt, segmentAt } from "../src/runtime/timeline.ts";
import { createSceneService } from "../src/services/scenes.ts";
import { decodeFrames } from "./export-helpers.ts";
import { launchChromium, loggedInContext, startPreviewServer, waitForStage, type PreviewServer } from "./preview-harness.ts";

describe("projectTimeline", () => {
  const scenes = [
    { durationInFrames: 30, fps: 30, width: 1280, height: 720 },
    { durationInFrames: 120, fps: 60, width: 1280, height: 720 },
    { durationInFrames: 25, fps: 25, width: 720, height: 720 },
  ];

  test("each scene lasts its own seconds at the project fps (the first scene's unless given)", () => {
    const t = projectTimeline(scenes);
    expect([t.fps, t.width, t.height, t.durationInFrames]).toEqual([30, 1280, 720, 120]);
    expect(t.segments.map((s) => [s.from, s.durationInFrames])).toEqual([[0, 30], [30, 60], [90, 30]]);
    const at60 = projectTimeline(scenes, { fps: 60 });
    expect(at60.segments.map((s) => s.durationInFrames)).toEqual([60, 120, 60]);
  });

  test("a project frame maps to the scene frame at the same instant, clamped to the scene", () => {
    const t = projectTimeline(scenes);
    const fast = t.segments[1];
    expect([0, 1, 14, 15, 59].map((f) => sceneFrameAt(fast, f, t.fps))).toEqual([0, 2, 28, 30, 118]);
    const slow = t.segments[2];
    expect([0, 1, 6, 29].map((f) => sceneFrameAt(slow, f, t.fps))).toEqual([0, 0, 5, 24]);
    expect(segmentAt(t, 29)?.index).toBe(0);
    expect(segmentAt(t, 30)?.index).toBe(1);
    expect(segmentAt(t, 500)?.index).toBe(2);
  });

  test("fitInto letterboxes a scene into the project frame, centred", () => {
    expect(fitInto({ width: 720, height: 720 }, { width: 1280, height: 720 })).toEqual({ scale: 1, left: 280, top: 0 });
    expect(fitInto({ width: 1920, height: 1080 }, { width: 1280, height: 720 })).toEqual({ scale: 2 / 3, left: 0, top: 0 });
  });
});

const OWN_CLOCK = `const { AbsoluteFill, useCurrentFrame, useVideoConfig } = window.Remotion;
export default function OwnClock() {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const bg = fps !== 60 ? "#ff00ff" : frame >= 30 ? "#00ff00" : "#0000ff";
  return <AbsoluteFill style={{ backgroundColor: bg }} />;
}`;

describe("project preview timing", () => {
  let server: PreviewServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startPreviewServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("a 60 fps scene after a 30 fps one plays at its own speed: half a second in, its own frame 30", async () => {
    const projectId = crypto.randomUUID();
    const scenes = createSceneService(server.db, { compileTargetVersion: 2 });
    const solid = `const { AbsoluteFill } = window.Remotion;\nexport default function Red() { return <AbsoluteFill style={{ backgroundColor: "#ff0000" }} />; }`;
    await scenes.create({ name: "red", tsx: solid, projectId, position: 0, fps: 30, durationInFrames: 30, width: 1280, height: 720 });
    await scenes.create({ name: "clock", tsx: OWN_CLOCK, projectId, position: 1, fps: 60, durationInFrames: 60, width: 1280, height: 720 });
    const context = await loggedInContext(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/projects/${projectId}/preview`);
    await waitForStage(page, "ready");
    const dir = mkdtempSync(join(tmpdir(), "clapper-timing-"));
    const centre = async (frame: number) => {
      await page.evaluate((n) => (window as unknown as { clapperPreview: { seek(n: number): void } }).clapperPreview.seek(n), frame);
      await page.waitForTimeout(400);
      await page.mouse.move(0, 0);
      const file = join(dir, `f${frame}.png`);
      await page.locator("iframe[data-preview-frame]").screenshot({ path: file });
      const [pixels] = decodeFrames(file, 64, 36);
      const at = (18 * 64 + 32) * 3;
      return [pixels[at], pixels[at + 1], pixels[at + 2]].map((v) => Math.round(v / 64) * 64);
    };
    expect(await centre(10)).toEqual([256, 0, 0]);
    expect(await centre(44)).toEqual([0, 0, 256]); // 14 project frames = its frame 28
    expect(await centre(45)).toEqual([0, 256, 0]); // 15 project frames = its frame 30
    // The project lasts 2 s at 30 fps: its last frame is still the clock scene.
    expect(await centre(59)).toEqual([0, 256, 0]);
    await context.close();
  }, 60_000);
});
