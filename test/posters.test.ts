// Poster thumbnails end to end: a real server, the export pipeline's real Chromium rendering the middle frame, the
// dashboard's scenes list and project page in a second real Chromium waiting for them to appear.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportConfigFromEnv } from "../src/config.ts";
import { exportAvailability } from "../src/export/availability.ts";
import { posterFrame } from "../src/export/poster-key.ts";
import { createPosterService } from "../src/export/posters.ts";
import { createLogger } from "../src/observability/logger.ts";
import { decodeFrames, meanColour, probe } from "./export-helpers.ts";
import { createScene, sessionCookie, startBrowserSession, watchConsole, type BrowserSession } from "./preview-harness.ts";

/** Red before the middle frame (45 of 90), green exactly at it, blue after: the poster must be frame 45. */
const colourAt = (middle: string) => `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Halves() {
  const frame = useCurrentFrame();
  const background = frame < 45 ? "rgb(220, 30, 30)" : frame === 45 ? "${middle}" : "rgb(30, 60, 220)";
  return <AbsoluteFill style={{ background }} />;
}`;
const GREEN = "rgb(30, 200, 60)";
const YELLOW = "rgb(240, 200, 20)";

let session: BrowserSession;
let cookie: string;
const scratch = mkdtempSync(join(tmpdir(), "clapper-posters-test-"));

beforeAll(async () => {
  session = await startBrowserSession();
  const c = await sessionCookie(session.server);
  cookie = `${c.name}=${c.value}`;
}, 60_000);

afterAll(async () => {
  await session?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${session.server.baseUrl}${path}`, { headers: { cookie } });
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${session.server.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${session.server.token}`, "content-type": "application/json" },
  });

/** The poster URL the scenes list gives this scene's row. */
async function listedPosterUrl(sceneId: string): Promise<string> {
  const html = await (await get(`/scenes?q=${sceneId.slice(0, 8)}`)).text();
  const row = new RegExp(`<tr data-scene-id="${sceneId}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
  const src = /<img src="([^"]+)"[^>]*data-poster/.exec(row)?.[1];
  if (!src) throw new Error(`no poster <img> in the row of ${sceneId}`);
  return src.replaceAll("&amp;", "&");
}

/** Asks for a poster until it is rendered (202 meanwhile), then decodes it. */
async function renderedPoster(url: string): Promise<{ response: Response; width: number; colour: [number, number, number]; sawPending: boolean }> {
  let sawPending = false;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await get(url);
    if (response.status === 200) {
      const file = join(scratch, `${crypto.randomUUID()}.png`);
      writeFileSync(file, new Uint8Array(await response.clone().arrayBuffer()));
      const [frame] = decodeFrames(file, 32, 18);
      return { response, width: probe(file).stream.width, colour: meanColour(frame!), sawPending };
    }
    expect(response.status).toBe(202);
    expect(response.headers.get("retry-after")).toBe("1");
    sawPending = true;
    if (Date.now() > deadline) throw new Error(`poster ${url} still rendering after 60 s`);
    await Bun.sleep(200);
  }
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]!) <= 12);

describe("poster thumbnails", () => {
  let sceneId: string;
  let firstUrl: string;

  test("the list links a poster of the middle frame; it renders once (202 meanwhile) and is then served from its cache", async () => {
    sceneId = (await createScene(session.server, { name: "poster halves", tsx: colourAt(GREEN), durationInFrames: 90, fps: 30, width: 640, height: 360 })).id;
    expect(posterFrame(90)).toBe(45);
    firstUrl = await listedPosterUrl(sceneId);
    const before = session.server.services.posters.rendered;

    const poster = await renderedPoster(firstUrl);
    expect(poster.sawPending).toBe(true);
    expect(poster.response.headers.get("content-type")).toBe("image/png");
    expect(poster.response.headers.get("cache-control")).toContain("immutable");
    expect(poster.width).toBe(320);
    expect(near(poster.colour, [30, 200, 60])).toBe(true);
    expect(session.server.services.posters.rendered).toBe(before + 1);

    // Cached by its key: asked again, it is served without a second render; revalidated, it is a 304.
    const again = await get(firstUrl);
    expect(again.status).toBe(200);
    const etag = again.headers.get("etag")!;
    expect(etag).toBe(`"${new URL(firstUrl, "http://x").searchParams.get("v")}"`);
    const revalidated = await fetch(`${session.server.baseUrl}${firstUrl}`, { headers: { cookie, "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    // The page polls with HEAD (status only).
    expect((await fetch(`${session.server.baseUrl}${firstUrl}`, { method: "HEAD", headers: { cookie } })).status).toBe(200);
    expect(session.server.services.posters.rendered).toBe(before + 1);
  }, 90_000);

  test("an edit is a new artifact: a new poster URL and a new still; the old URL is no longer cacheable", async () => {
    const updated = await api(`/api/scenes/${sceneId}`, { method: "PATCH", body: JSON.stringify({ tsx: colourAt(YELLOW) }) });
    expect(updated.status).toBe(200);
    const url = await listedPosterUrl(sceneId);
    expect(url).not.toBe(firstUrl);
    const poster = await renderedPoster(url);
    expect(near(poster.colour, [240, 200, 20])).toBe(true);
    const old = await get(firstUrl);
    expect(old.status).toBe(200);
    expect(old.headers.get("cache-control")).toBe("private, no-cache");
  }, 90_000);

  test("retention deletes posters not shown for EXPORT_RETENTION_DAYS; one asked for again renders again", async () => {
    const url = await listedPosterUrl(sceneId);
    const posters = session.server.services.posters;
    const shown = await posters.get(await session.server.services.scenes.get(sceneId));
    if (shown.state !== "ready") throw new Error(`the poster is ${shown.state}`);
    // Last written or shown 60 days ago: showing it now is what keeps it.
    const longAgo = new Date(Date.now() - 60 * 24 * 3600 * 1000);
    utimesSync(shown.path, longAgo, longAgo);
    expect((await get(url)).status).toBe(200);
    // Shown sets the modification time too, not only the access time a read leaves: noatime mounts keep it as well.
    expect(statSync(shown.path).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(await posters.prune(new Date())).toBe(0); // just shown: kept
    const deleted = await posters.prune(new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000));
    expect(deleted).toBeGreaterThanOrEqual(2); // this scene's two posters (before and after the edit)
    expect((await get(url)).status).toBe(202);
    expect((await renderedPoster(url)).width).toBe(320);
  }, 90_000);

  test("a scene without stored JS has an empty poster box and no poster request; asked anyway, a stand-in image says why", async () => {
    const broken = await createScene(session.server, { name: "poster broken", tsx: "export default function X() { return <div>; }" });
    const html = await (await get(`/scenes?q=${broken.id.slice(0, 8)}`)).text();
    const row = new RegExp(`<tr data-scene-id="${broken.id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row).toContain("poster poster-none");
    expect(row).not.toContain("data-poster");
    const response = await get(`/scenes/${broken.id}/poster.png`);
    expect([response.status, response.headers.get("content-type"), response.headers.get("x-poster-state")]).toEqual([200, "image/svg+xml", "none"]);
    expect(decodeURIComponent(response.headers.get("x-poster-reason") ?? "")).toContain("no stored JS");
  });

  test("a scene that throws at its middle frame gets the stand-in naming the error, not a cached fallback card", async () => {
    const tsx = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Breaks() {
  if (useCurrentFrame() === 45) throw new Error("no poster for you");
  return <AbsoluteFill style={{ background: "white" }} />;
}`;
    const scene = await createScene(session.server, { name: "poster throws", tsx, durationInFrames: 90, width: 640, height: 360 });
    const url = await listedPosterUrl(scene.id);
    const deadline = Date.now() + 60_000;
    let response = await get(url);
    while (response.status === 202 && Date.now() < deadline) {
      await Bun.sleep(200);
      response = await get(url);
    }
    expect([response.status, response.headers.get("content-type"), response.headers.get("x-poster-state")]).toEqual([200, "image/svg+xml", "failed"]);
    expect(decodeURIComponent(response.headers.get("x-poster-reason") ?? "")).toContain("no poster for you");
  }, 90_000);

  test("without Chromium the poster is a stand-in that names what is missing, and nothing is queued", async () => {
    const config = exportConfigFromEnv({}, { exportDir: scratch, chromiumPath: "/nonexistent/chromium" });
    const posters = createPosterService(config, { availability: () => exportAvailability(config), logger: createLogger("silent") });
    const scene = await session.server.services.scenes.get(sceneId);
    const answer = await posters.get(scene);
    expect(answer.state).toBe("unavailable");
    expect(answer.state === "unavailable" && answer.reason).toContain("Chromium not found at /nonexistent/chromium");
    // Nothing was queued: a render would have created the posters directory before it failed.
    await Bun.sleep(200);
    expect(existsSync(join(scratch, "posters"))).toBe(false);
    await posters.close();
  });

  test("in the browser: the scenes list and the project page show each scene's poster once rendered, with no console errors", async () => {
    const project = crypto.randomUUID();
    for (const [i, colour] of [GREEN, YELLOW].entries()) {
      await createScene(session.server, { name: `poster project ${i}`, tsx: colourAt(colour), durationInFrames: 90, projectId: project, position: i, width: 640, height: 360 });
    }
    const page = await session.context.newPage();
    const errors = watchConsole(page);
    const loaded = (selector: string) =>
      page.waitForFunction((sel) => {
        const imgs = [...document.querySelectorAll<HTMLImageElement>(sel)];
        return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth === 320);
      }, selector, { timeout: 60_000 });

    await page.goto(`${session.server.baseUrl}/scenes?project=${project}`);
    await loaded(`tr[data-scene-id] img[data-poster]`);
    expect(await page.locator("tr[data-scene-id] img[data-poster]").count()).toBe(2);

    await page.goto(`${session.server.baseUrl}/projects/${project}/preview`);
    await loaded(`.preview-scene-list img[data-poster]`);
    expect(await page.locator(".preview-scene-list img[data-poster]").count()).toBe(2);
    expect(errors.filter((e) => !e.includes("remotion.dev/license"))).toEqual([]);
    await page.close();
  }, 120_000);
});
