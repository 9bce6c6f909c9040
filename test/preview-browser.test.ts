// Preview end to end in Debian's Chromium against a real server (PGlite memory://): sandbox, both artifact versions,
// projects with colliding names and a broken scene, overlay + Retry recorded through the API, legacy browser compile.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { listRuntimeEvents } from "../src/db/queries.ts";
import {
  createScene,
  insertLegacyScene,
  launchChromium,
  loggedInContext,
  SAMPLE_SCENES,
  sampleTsx,
  startPreviewServer,
  waitForStage,
  watchConsole,
  type PreviewServer,
} from "./preview-harness.ts";

const ARTIFACTS = `${import.meta.dir}/artifacts`;
const expected = (await Bun.file(`${SAMPLE_SCENES}/expected.json`).json()) as Record<string, { renders_text?: string }>;

const THROWS_AT_RENDER = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;

export default function Exploding() {
  const frame = useCurrentFrame();
  if (frame >= 0) throw new Error("Kaboom at frame " + frame);
  return <AbsoluteFill />;
}
`;

/** Untrusted scene code trying to reach the dashboard; it renders what it managed to read. */
const NOSY_SCENE = `const { AbsoluteFill } = window.Remotion;

function attempt(read: () => unknown): string {
  try { return "read:" + String(read()).slice(0, 40); } catch (e) { return "blocked:" + (e as Error).name; }
}

export default function Nosy() {
  const results = [
    "parent=" + attempt(() => window.parent.document.title),
    "top=" + attempt(() => window.top!.location.href),
    "cookie=" + attempt(() => document.cookie),
    "storage=" + attempt(() => window.localStorage.length),
    "origin=" + window.origin,
  ];
  return <AbsoluteFill style={{ background: "white", fontSize: 40 }}>{results.map((r) => <div key={r}>{r}</div>)}</AbsoluteFill>;
}
`;

let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startPreviewServer();
  browser = await launchChromium();
  context = await loggedInContext(browser, server);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(server.baseUrl + path);
  return { page, errors };
}

function sandboxFrame(page: Page, index = 0): Frame {
  const frames = page.frames().filter((f) => f.url().endsWith("/sandbox"));
  if (!frames[index]) throw new Error(`no sandbox frame #${index} (frames: ${page.frames().map((f) => f.url())})`);
  return frames[index];
}

async function textVisible(page: Page, text: string, frameIndex = 0): Promise<boolean> {
  const locator = sandboxFrame(page, frameIndex).getByText(text, { exact: false }).first();
  await locator.waitFor({ state: "visible", timeout: 10_000 });
  return locator.isVisible();
}

async function setVersion(id: string, version: 1 | 2): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/scenes/${id}/compile`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ version }),
  });
  expect(response.status).toBe(200);
}

describe("single scene preview", () => {
  for (const version of [1, 2] as const) {
    test(`title card as a version ${version} artifact shows its text at a sought frame`, async () => {
      const scene = await createScene(server, { name: `Title v${version}`, tsx: await sampleTsx("title-card.tsx"), durationInFrames: 90 });
      if (version === 2) await setVersion(scene.id, 2);
      const { page, errors } = await openPage(`/scenes/${scene.id}/preview?frame=45`);
      await waitForStage(page, "ready");
      expect(await textVisible(page, expected["title-card.tsx"].renders_text!)).toBe(true);
      expect(await page.locator("[data-frame-counter]").textContent()).toBe("45");
      await page.screenshot({ path: `${ARTIFACTS}/preview-title-v${version}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  test("seeking by message moves the player and the frame counter", async () => {
    const scene = await createScene(server, { name: "Timeline", tsx: await sampleTsx("typed-timeline.tsx"), durationInFrames: 120 });
    const { page, errors } = await openPage(`/scenes/${scene.id}/preview`);
    await waitForStage(page, "ready");
    expect(await textVisible(page, "The problem")).toBe(true);
    await page.evaluate(() => (window as any).clapperPreview.seek(100));
    expect(await textVisible(page, "The fix")).toBe(true);
    await page.locator("[data-frame-counter]", { hasText: "100" }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a scene that throws at render shows the overlay; Retry remounts and is recorded with its count", async () => {
    const scene = await createScene(server, { name: "Exploding", tsx: THROWS_AT_RENDER });
    const { page, errors } = await openPage(`/scenes/${scene.id}/preview?frame=3`);
    await waitForStage(page, "error");
    const overlay = page.locator("[data-preview-overlay]");
    await overlay.waitFor({ state: "visible" });
    expect(await overlay.locator("[data-overlay-message]").textContent()).toContain("Kaboom at frame 3");
    expect(await overlay.locator("[data-overlay-line]").textContent()).toBe("Scene line 5");
    expect(await textVisible(page, "This scene failed")).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/preview-render-error.png` });

    for (const expectedCount of [1, 2]) {
      await overlay.locator("[data-retry]").click();
      await page.locator(`[data-preview-stage][data-generation="${expectedCount + 1}"][data-state="error"]`).waitFor();
      await overlay.waitFor({ state: "visible" });
    }
    const events = await waitForEvents(scene.id, (all) => all.filter((e) => e.kind === "retry").length >= 2);
    const retries = events.filter((e) => e.kind === "retry").map((e) => e.retryCount).sort();
    expect(retries).toEqual([1, 2]);
    expect(events.every((e) => e.context === "preview")).toBe(true);
    expect(events.filter((e) => e.kind === "error").length).toBeGreaterThanOrEqual(3);
    expect(events.find((e) => e.kind === "error")?.message).toContain("Kaboom");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a legacy row without JS previews through the in-browser compiler", async () => {
    const tsx = await sampleTsx("stat-counter.tsx");
    const row = await insertLegacyScene(server, "Legacy counter", tsx);
    const { page, errors } = await openPage(`/scenes/${row.id}/preview?frame=60`);
    await waitForStage(page, "ready");
    expect(await page.locator("[data-preview-badge]").textContent()).toBe("compiled in browser");
    expect(await textVisible(page, expected["stat-counter.tsx"].renders_text!)).toBe(true);
    expect(await sandboxFrame(page).getByText("1,200").isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/preview-legacy.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("side by side: stored version 1 next to version 2 compiled on request, nothing stored", async () => {
    const scene = await createScene(server, { name: "Kinetic", tsx: await sampleTsx("imported-bindings.tsx") });
    expect(scene.compilationVersion).toBe(1);
    const { page, errors } = await openPage(`/scenes/${scene.id}/preview/compare?frame=40`);
    await waitForStage(page, "ready", '[data-preview-stage]:not([data-dry-run-version])');
    await waitForStage(page, "ready", '[data-preview-stage][data-dry-run-version="2"]');
    for (const index of [0, 1]) expect(await textVisible(page, expected["imported-bindings.tsx"].renders_text!, index)).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/preview-compare.png` });
    const stored = await (await fetch(`${server.baseUrl}/api/scenes/${scene.id}`, { headers: { authorization: `Bearer ${server.token}` } })).json();
    expect(stored.scene.compilationVersion).toBe(1);
    expect(stored.scene.js).toBe(scene.js);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("frozen frame", () => {
  test("a scene that blocks its thread is detected by the missing heartbeat and its frame replaced", async () => {
    // Bounded (8 s) so the replaced frame's process does not spin on a shared machine.
    const tsx = `const { AbsoluteFill } = window.Remotion;
export default function Freeze() {
  const end = Date.now() + 8000;
  while (Date.now() < end) {}
  return <AbsoluteFill>thawed</AbsoluteFill>;
}`;
    const scene = await createScene(server, { name: "Freeze", tsx });
    const { page, errors } = await openPage(`/scenes/${scene.id}/preview`);
    await page.locator("iframe[data-preview-frame]").evaluate((frame) => ((frame as unknown as { original: boolean }).original = true));
    await waitForStage(page, "frozen");
    expect(await page.locator("[data-overlay-message]").textContent()).toContain("stopped responding");
    // The dashboard kept running (the watchdog fired) and swapped in a fresh frame element.
    expect(await page.locator("iframe[data-preview-frame]").evaluate((frame) => (frame as unknown as { original?: boolean }).original ?? false)).toBe(false);
    expect(await page.locator("iframe[data-preview-frame]").getAttribute("sandbox")).toBe("allow-scripts");
    const events = await waitForEvents(scene.id, (all) => all.some((e) => e.kind === "error"));
    expect(events.find((e) => e.kind === "error")?.message).toContain("stopped responding");
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});

describe("project preview", () => {
  const projectId = crypto.randomUUID();
  const brokenProjectId = crypto.randomUUID();
  const files = ["title-card.tsx", "stat-counter.tsx", "typed-timeline.tsx"];

  beforeAll(async () => {
    for (const [position, file] of files.entries()) {
      const tsx = await sampleTsx(file);
      expect(tsx).toContain("= window.Remotion;");
      await createScene(server, { name: file, tsx, projectId, position, durationInFrames: 60 });
      const brokenTsx = position === 1 ? THROWS_AT_RENDER : tsx;
      await createScene(server, { name: position === 1 ? "Exploding" : file, tsx: brokenTsx, projectId: brokenProjectId, position, durationInFrames: 60 });
    }
  }, 30_000);

  test("three scenes that all destructure window.Remotion play in one player without collisions", async () => {
    const { page, errors } = await openPage(`/projects/${projectId}/preview`);
    await waitForStage(page, "ready");
    expect(await page.locator("[data-jump-scene]").count()).toBe(3);
    const texts = ["Launch Day", "teams", "The problem"];
    for (const [index, text] of texts.entries()) {
      await page.locator("[data-jump-scene]").nth(index).click();
      // Wait for the highlight to move to this scene (the previous one is still current right after the click).
      await page.locator("[data-jump-scene][aria-current]", { hasText: files[index] }).waitFor();
      expect(await page.locator("[data-jump-scene][aria-current]").textContent()).toContain(files[index]);
      expect(await textVisible(page, text)).toBe(true);
    }
    expect(await page.locator("[data-preview-stage]").getAttribute("data-state")).toBe("ready");
    expect(await page.locator("[data-preview-overlay]").isHidden()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/preview-project.png` });
    expect(errors.join("\n")).not.toContain("already declared");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a broken scene shows its fallback card while the others still play", async () => {
    const { page, errors } = await openPage(`/projects/${brokenProjectId}/preview`);
    await page.locator("[data-jump-scene]").nth(1).click();
    await waitForStage(page, "error");
    expect(await textVisible(page, "This scene failed")).toBe(true);
    expect(await page.locator("[data-overlay-message]").textContent()).toContain("Exploding: Kaboom");
    await page.screenshot({ path: `${ARTIFACTS}/preview-project-broken.png` });
    await page.locator("[data-jump-scene]").nth(2).click();
    expect(await textVisible(page, "The problem")).toBe(true);
    await page.locator("[data-jump-scene]").nth(0).click();
    expect(await textVisible(page, "Launch Day")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("sandbox isolation", () => {
  test("scene code cannot read the dashboard's cookies, parent.document or storage", async () => {
    const scene = await createScene(server, { name: "Nosy", tsx: NOSY_SCENE });
    await context.addCookies([{ name: "probe", value: "dashboard-secret", url: server.baseUrl }]);
    const { page, errors } = await openPage(`/scenes/${scene.id}/preview`);
    await waitForStage(page, "ready");
    expect(await page.evaluate(() => document.cookie)).toContain("probe=dashboard-secret");
    expect(await textVisible(page, "parent=blocked:SecurityError")).toBe(true);
    expect(await textVisible(page, "top=blocked:SecurityError")).toBe(true);
    expect(await textVisible(page, "cookie=blocked:SecurityError")).toBe(true);
    expect(await textVisible(page, "storage=blocked:SecurityError")).toBe(true);
    expect(await textVisible(page, "origin=null")).toBe(true);

    // The same, asked directly from inside the frame by the test.
    const frame = sandboxFrame(page);
    const probe = await frame.evaluate(async () => {
      const tryRead = (read: () => unknown) => {
        try {
          return `read:${String(read())}`;
        } catch (e) {
          return `blocked:${(e as Error).name}`;
        }
      };
      const network = await fetch("/api/scenes").then(
        (r) => `read:${r.status}`,
        (e: Error) => `blocked:${e.name}`,
      );
      return { cookie: tryRead(() => document.cookie), parentDoc: tryRead(() => window.parent.document.body.innerHTML), network };
    });
    expect(probe).toEqual({ cookie: "blocked:SecurityError", parentDoc: "blocked:SecurityError", network: "blocked:TypeError" });
    expect(await page.locator("iframe[data-preview-frame]").getAttribute("sandbox")).toBe("allow-scripts");
    // The blocked fetch is reported by Chromium as a CSP violation: that one console error is the point of the probe.
    expect(errors.filter((e) => !/\/api\/scenes.*Content Security Policy/.test(e))).toEqual([]);
    await page.close();
  });

  test("only the sandbox page allows eval; dashboard preview pages keep a strict nonce CSP", async () => {
    const sandbox = await fetch(`${server.baseUrl}/sandbox`);
    const sandboxCsp = sandbox.headers.get("content-security-policy") ?? "";
    expect(sandboxCsp).toContain("script-src 'self' 'unsafe-eval'");
    expect(sandboxCsp).toContain("connect-src 'none'");
    expect(sandboxCsp).toContain("frame-ancestors 'self'");

    const scene = await createScene(server, { name: "CSP", tsx: await sampleTsx("title-card.tsx") });
    const page = await context.newPage();
    const response = await page.goto(`${server.baseUrl}/scenes/${scene.id}/preview`);
    const pageCsp = response?.headers()["content-security-policy"] ?? "";
    expect(pageCsp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(pageCsp).not.toContain("unsafe-eval");
    expect(pageCsp).not.toContain("unsafe-inline");
    await page.close();

    // manifest.json sits in the bundle directory but is not a bundle: the route must not serve it.
    const notABundle = await fetch(`${server.baseUrl}/build/preview/manifest.json`);
    expect(notABundle.status).toBe(404);
    const anonymous = await fetch(`${server.baseUrl}/scenes/${scene.id}/preview`, { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toStartWith("/login");
  });
});

async function waitForEvents(
  sceneId: string,
  done: (events: Awaited<ReturnType<typeof listRuntimeEvents>>) => boolean,
): Promise<Awaited<ReturnType<typeof listRuntimeEvents>>> {
  // The host posts events with fetch after the click; poll the table briefly instead of sleeping.
  for (let attempt = 0; attempt < 50; attempt++) {
    const events = await listRuntimeEvents(server.db, sceneId);
    if (done(events)) return events;
    await Bun.sleep(100);
  }
  return listRuntimeEvents(server.db, sceneId);
}
