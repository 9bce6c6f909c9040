// The operator's fix-and-check loop and the preview pages in Debian's Chromium against a real server (PGlite):
// edit → the embedded preview plays the new artifact without a reload, the editor's keys and gutter, v2 stays v2,
// portrait scenes fit the viewport, "Next scene" renames the page, ?frame follows seeking, one error for a
// broken scene, the compare page in sync and "store as version 2", HTML 404s — with no console noise.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { steps as buildSteps } from "../scripts/build.ts";
import {
  createScene,
  launchChromium,
  loggedInContext,
  recompileAs,
  sandboxFrameOf,
  startPreviewServer,
  waitForStage,
  type PreviewServer,
} from "./preview-harness.ts";

const SCREENSHOTS = join(import.meta.dir, "..", "test-results", "screenshots");

const headline = (text: string) => `const { AbsoluteFill, useCurrentFrame } = window.Remotion;

export default function Headline() {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill style={{ background: "#fff", color: "#111", justifyContent: "center", alignItems: "center", fontSize: 96 }}>
      <div>${text}</div>
      <div style={{ fontSize: 48 }}>{"frame " + frame}</div>
    </AbsoluteFill>
  );
}
`;

const BROKEN = `const { AbsoluteFill } = window.Remotion;

export default function Broken() {
  return <AbsoluteFill>{oops(</AbsoluteFill>;
}
`;

let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleProblems: string[] = [];
const ids: Record<string, string> = {};
const projectId = crypto.randomUUID();

/** Errors and warnings from every frame of the page; Remotion's licence note is not Clapper's. */
function collectConsole(target: Page): void {
  target.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const text = message.text();
    if (/remotion\.dev\/license|licen[cs]e/i.test(text)) return;
    // An expected answer of the 404 journey, not a fault of the page.
    if (/status of 404/.test(text) && /\/(no-such|scenes\/0000|projects\/0000)/.test(message.location().url)) return;
    consoleProblems.push(`${message.type()}: ${text} @ ${message.location().url}`);
  });
  target.on("pageerror", (error) => consoleProblems.push(`pageerror: ${error.message}`));
}

async function shoot(name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (original) await page.setViewportSize(original);
}

const apiScene = async (id: string) =>
  ((await (await fetch(`${server.baseUrl}/api/scenes/${id}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as {
    scene: { compilationVersion: number; revision: number; tsx: string; compileMeta: { targetVersion: number } };
  }).scene;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const step of buildSteps) if (step.name !== "preview bundles") await step.run();
  server = await startPreviewServer();
  ids.v2 = (await createScene(server, { name: "Version two", tsx: headline("Stays v2") })).id;
  await recompileAs(server, ids.v2, 2);
  ids.portrait = (await createScene(server, { name: "Portrait", tsx: headline("Tall"), width: 1080, height: 1920 })).id;
  ids.broken = (await createScene(server, { name: "Broken scene", tsx: BROKEN })).id;
  ids.first = (await createScene(server, { name: "Opening", tsx: headline("One"), projectId, position: 0 })).id;
  ids.second = (await createScene(server, { name: "Closing", tsx: headline("Two"), projectId, position: 1 })).id;
  ids.compare = (await createScene(server, { name: "Side by side", tsx: headline("Compare me"), durationInFrames: 300 })).id;
  browser = await launchChromium();
  context = await loggedInContext(browser, server);
  page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  collectConsole(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test("edit the visible text: the embedded preview plays the new text without a reload; the result comes into view", async () => {
  // A scene of its own per attempt, so a retry starts from "Hello Loop" (the next test uses this one too).
  ids.loop = (await createScene(server, { name: "Loop headline", tsx: headline("Hello Loop") })).id;
  await page.goto(`${server.baseUrl}/scenes/${ids.loop}`);
  // The first frame of the run loads every bundle cold, on a machine shared with other work.
  await page.locator('[data-preview-stage][data-state="ready"]').waitFor({ timeout: 50_000 });
  await sandboxFrameOf(page).getByText("Hello Loop").waitFor();
  await shoot("scene");
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const editor = page.locator("#tsx-editor");
  await editor.fill(headline("Goodbye Loop"));
  await page.click("#edit-form button[type=submit]");
  await page.locator("#flash", { hasText: "saved and compiled" }).waitFor();
  await sandboxFrameOf(page).getByText("Goodbye Loop").waitFor({ timeout: 20_000 });
  expect(await sandboxFrameOf(page).getByText("Hello Loop").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await page.locator("[data-preview]").getAttribute("data-reloads")).toBe("1");
  const flash = (await page.locator("#flash").boundingBox())!;
  expect(flash.y).toBeGreaterThanOrEqual(54); // below the sticky top bar
  expect(flash.y + flash.height).toBeLessThanOrEqual(900);

  // Recompile to version 2 from the page actions: the preview reloads again (new artifact).
  await page.selectOption("select[name=version][aria-label='Recompile to version']", "2");
  await page.click("form[hx-post$='/recompile'] button");
  await page.locator("#flash", { hasText: "Recompiled to version 2" }).waitFor();
  await page.locator("[data-preview][data-reloads='2']").waitFor();
  await waitForStage(page, "ready");
  // One retry: once (2026-12-01) the first preview of the run never became ready within 50 s (cause not found).
}, { timeout: 90_000, retry: 1 });

test("an edit into an error: the error card is in view, its line link puts the line below the top bar", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.loop}`);
  const long = headline("Long").replace("export default", `${"// padding line\n".repeat(60)}export default`);
  const broken = long.replace("<div>Long</div>", "<div>{oops(</div>");
  await page.locator("#tsx-editor").fill(broken);
  // Typed while the preview mounts: the text must land in the editor, not in the player's frame (see below).
  expect(await page.locator("#tsx-editor").inputValue()).toBe(broken);
  await page.click("#edit-form button[type=submit]");
  await page.locator("#compile-error").waitFor();
  const card = (await page.locator("#compile-error").boundingBox())!;
  expect(card.y).toBeGreaterThanOrEqual(54);
  expect(card.y).toBeLessThan(900);
  const line = Number(await page.locator("a[data-goto-line]").getAttribute("data-goto-line"));
  expect(line).toBeGreaterThan(60);
  expect(await page.locator(`#tsx-L${line}.error-line`).count()).toBe(1);
  await page.click("a[data-goto-line]");
  const mark = (await page.locator(`#tsx-L${line}`).boundingBox())!;
  expect(mark.y).toBeGreaterThanOrEqual(54);
  expect(mark.y + mark.height).toBeLessThanOrEqual(900);
  // The textarea scrolled with the gutter and selected that line.
  const selected = await page.locator("#tsx-editor").evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe((await page.locator("#tsx-editor").inputValue()).split("\n")[line - 1]!);
  const scroll = await page.evaluate(() => [document.querySelector("#tsx-editor")!.scrollTop, document.querySelector("[data-editor-gutter]")!.scrollTop]);
  expect(scroll[0]).toBeGreaterThan(0);
  expect(scroll[1]).toBe(scroll[0]);
  await shoot("scene-error");
}, 60_000);

test("the editor: numbered lines that follow input, Tab indents, Shift+Tab outdents, Esc then Tab leaves", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.first}`);
  const editor = page.locator("#tsx-editor");
  const lines = (await editor.inputValue()).split("\n").length;
  expect(await page.locator("[data-editor-gutter] span").count()).toBe(lines);
  await editor.fill("a\nb");
  expect(await page.locator("[data-editor-gutter] span").count()).toBe(2);
  await editor.press("End");
  await editor.evaluate((el: HTMLTextAreaElement) => {
    el.focus();
    el.setSelectionRange(0, 0);
  });
  await page.keyboard.press("Tab");
  expect(await editor.inputValue()).toBe("  a\nb");
  await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, el.value.length));
  await page.keyboard.press("Tab");
  expect(await editor.inputValue()).toBe("    a\n  b");
  await page.keyboard.press("Shift+Tab");
  expect(await editor.inputValue()).toBe("  a\nb");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("tsx-editor");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id)).not.toBe("tsx-editor");
  expect(await editor.inputValue()).toBe("  a\nb");
}, 30_000);

// Remotion's Player focuses its play button when it mounts and on every play/pause. From the embedded preview that
// pulled the focus out of the editor: text typed (or filled by a test) right after the page loaded went nowhere,
// and the save stored the old TSX (measured before the fix: 3 of 75 fills right after load lost; after: 0 of 100).
test("the embedded player never takes the caret from the editor; a preview page hands Space to its player", async () => {
  const playing = (yes: boolean) => page.locator(`[data-preview-stage]${yes ? "" : ":not("}[data-playing]${yes ? "" : ")"}`).waitFor();
  const focusedId = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  const preview = (call: "play" | "pause") =>
    page.evaluate((c) => (window as unknown as { clapperPreview: Record<string, () => void> }).clapperPreview[c]!(), call);

  await page.goto(`${server.baseUrl}/scenes/${ids.first}`);
  await page.locator("#tsx-editor").focus();
  await waitForStage(page, "ready");
  // Remotion's Player focuses its play button on every play/pause: before the fix, a scripted play took the focus.
  const noiseBefore = consoleProblems.length;
  await preview("play");
  await playing(true);
  await preview("pause");
  await playing(false);
  await page.waitForTimeout(200);
  expect(await focusedId()).toBe("tsx-editor");
  // A click into the player plays it and gives it the keyboard: Space then pauses.
  await page.locator("iframe[data-preview-frame]").scrollIntoViewIfNeeded();
  await page.locator("iframe[data-preview-frame]").click();
  await playing(true);
  await page.keyboard.press(" ");
  await playing(false);
  expect(await page.locator("#tsx-editor").inputValue()).toBe(headline("One"));

  await page.goto(`${server.baseUrl}/scenes/${ids.first}/preview`);
  await waitForStage(page, "ready");
  await page.waitForFunction(() => document.activeElement instanceof HTMLIFrameElement);
  await page.keyboard.press(" ");
  await playing(true);
  await page.keyboard.press(" ");
  await playing(false);
  // Playing from a script, with no click, is this test's doing: Chrome then warns (once or more, and late) that
  // audio may not start. Only those warnings, and only from this test, are dropped.
  const ours = consoleProblems.splice(noiseBefore);
  consoleProblems.push(...ours.filter((p) => !/AudioContext was not allowed to start/.test(p)));
}, 60_000);

test("an edit of a version-2 scene keeps version 2, and the form says so", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.v2}`);
  expect(await page.locator("#edit-version").inputValue()).toBe("2");
  expect(await page.locator("#edit-version option:checked").textContent()).toBe("version 2 (current)");
  await page.locator("#tsx-editor").fill(headline("Still v2"));
  await page.click("#edit-form button[type=submit]");
  await page.locator("#flash", { hasText: "compiled to version 2" }).waitFor();
  const scene = await apiScene(ids.v2);
  expect({ version: scene.compilationVersion, meta: scene.compileMeta.targetVersion }).toEqual({ version: 2, meta: 2 });
  await sandboxFrameOf(page).getByText("Still v2").waitFor({ timeout: 20_000 });
}, 60_000);

test("a 1080×1920 scene shows whole with its controls in a 1440×900 viewport, and at 1024×768", async () => {
  for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.baseUrl}/scenes/${ids.portrait}/preview`);
    await waitForStage(page, "ready");
    const box = (await page.locator("iframe[data-preview-frame]").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(54);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    expect(box.height).toBeGreaterThan(240);
    expect(Math.abs(box.width / box.height - 1080 / 1920)).toBeLessThan(0.02);
    // Remotion's controls sit at the bottom of the player; hovering shows them, and they lie inside the frame.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const frame = sandboxFrameOf(page);
    const play = frame.locator("button").first();
    await play.waitFor({ state: "visible" });
    const control = (await play.boundingBox())!;
    expect(control.y + control.height).toBeLessThanOrEqual(height);
    expect(control.y).toBeGreaterThanOrEqual(box.y);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot("scene-preview-portrait");
}, 60_000);

test("'Next scene' renames every heading and link; the frame in the URL follows seeking", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.first}/preview`);
  await waitForStage(page, "ready");
  await shoot("scene-preview");
  await page.evaluate(() => (window as unknown as { clapperPreview: { seek(n: number): void } }).clapperPreview.seek(42));
  await page.waitForURL((url) => url.searchParams.get("frame") === "42");
  expect(new URL(page.url()).pathname).toBe(`/scenes/${ids.first}/preview`);

  await page.click("[data-direction=next]");
  await page.waitForURL((url) => url.pathname === `/scenes/${ids.second}/preview`);
  await page.locator("h1", { hasText: "Closing" }).waitFor();
  await sandboxFrameOf(page).getByText("Two").waitFor();
  expect(await page.title()).toContain("Closing");
  expect(await page.locator(".crumbs a[data-scene-href]").textContent()).toBe("Closing");
  for (const link of await page.locator("a[data-scene-href]").all()) {
    const href = (await link.getAttribute("href"))!;
    expect(href.includes(ids.second) || href.includes(projectId)).toBe(true);
    expect(href).not.toContain(ids.first);
  }
  expect(await page.locator(".page-header .mono").textContent()).toBe(ids.second);
}, 60_000);

test("a scene that does not compile shows exactly one error: no Retry, no note, no badge", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.broken}/preview`);
  await waitForStage(page, "error");
  await page.waitForTimeout(1500); // anything the frame might add later would show by now
  const message = (await page.locator("[data-overlay-message]").textContent())!;
  expect(message).toContain("does not compile");
  const visibleErrors = await page.locator("[role=alert]:visible, .preview-note:visible, .notice-error:visible").count();
  expect(visibleErrors).toBe(1);
  expect(await page.locator("[data-retry]").isVisible()).toBe(false);
  expect(await page.locator("[data-preview-badge]").isVisible()).toBe(false);
  const bodyText = await page.locator("body").innerText();
  expect(bodyText.split("does not compile").length - 1).toBe(1);
  await shoot("scene-preview-error");
}, 60_000);

test("compare: side by side, the left player's play/pause/seek drive the right one; store as version 2", async () => {
  await page.goto(`${server.baseUrl}/scenes/${ids.compare}/preview/compare`);
  await waitForStage(page, "ready", "[data-preview-stage]:not([data-dry-run-version])");
  await waitForStage(page, "ready", "[data-preview-stage][data-dry-run-version]");
  const [left, right] = await page.locator("iframe[data-preview-frame]").all();
  const a = (await left!.boundingBox())!;
  const b = (await right!.boundingBox())!;
  expect(Math.abs(a.y - b.y)).toBeLessThan(1);
  expect(Math.abs(a.height - b.height)).toBeLessThan(1);
  expect(b.x).toBeGreaterThan(a.x + a.width);
  await shoot("compare");
  const player = (await left!.boundingBox())!;

  const frames = () => page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("[data-preview-stage]")].map((s) => Number(s.dataset.currentFrame ?? -1)));
  const clickToPlay = () => page.mouse.click(player.x + player.width / 2, player.y + player.height / 3); // only the left player has controls
  const leftFrame = () => page.evaluate(() => Number(document.querySelector<HTMLElement>("[data-preview-stage]")?.dataset.currentFrame ?? -1));
  const startFrame = await leftFrame();
  await clickToPlay();
  // Once in two CI runs the first click never started playback (the frame stayed put for 15 s): click again then.
  const started = await page.waitForFunction((at) => Number(document.querySelector<HTMLElement>("[data-preview-stage]")?.dataset.currentFrame ?? -1) !== at,
    startFrame, { timeout: 5_000 }).then(() => true, () => false);
  if (!started && (await leftFrame()) === startFrame) await clickToPlay();
  await page.waitForFunction(() => {
    const stages = [...document.querySelectorAll<HTMLElement>("[data-preview-stage]")];
    return stages.every((s) => Number(s.dataset.currentFrame ?? 0) > 20);
  }, undefined, { timeout: 15_000 });
  await page.mouse.click(player.x + player.width / 2, player.y + player.height / 3); // pause
  await page.waitForTimeout(600);
  const [l1, r1] = await frames();
  await page.waitForTimeout(600);
  const [l2, r2] = await frames();
  expect(l2).toBe(l1); // paused
  expect(r2).toBe(r1);
  expect(r2).toBe(l2); // aligned on the same frame
  expect(await sandboxFrameOf(page, 1).getByText(`frame ${l2}`).count()).toBe(1);

  // Seek with the left player's seek bar (the strip at the bottom of its controls): the right one follows.
  await page.mouse.move(player.x + player.width / 2, player.y + player.height - 16);
  await page.mouse.click(player.x + player.width / 2, player.y + player.height - 16);
  await page.waitForFunction((before) => {
    const [left, right] = [...document.querySelectorAll<HTMLElement>("[data-preview-stage]")].map((s) => Number(s.dataset.currentFrame ?? -1));
    return left !== before && left === right;
  }, l2, { timeout: 10_000 });
  const [l3] = await frames();
  expect(l3).toBeGreaterThan(100);
  expect(l3).toBeLessThan(200);
  await sandboxFrameOf(page, 1).getByText(`frame ${l3}`).waitFor();

  await page.click("form[data-store-version] button");
  await page.waitForURL((url) => url.pathname === `/scenes/${ids.compare}`);
  expect((await apiScene(ids.compare)).compilationVersion).toBe(2);
}, 60_000);

test("the project preview shares the dashboard layout", async () => {
  await page.goto(`${server.baseUrl}/projects/${projectId}/preview`);
  await waitForStage(page, "ready");
  expect(await page.locator("header.topbar nav a").count()).toBeGreaterThan(3);
  await shoot("project-preview");
}, 60_000);

test("unknown dashboard URLs and unknown ids answer the dashboard's HTML 404 page", async () => {
  const unknown = "00000000-0000-4000-8000-000000000000";
  for (const path of ["/no-such-page", `/scenes/${unknown}`, `/scenes/${unknown}/preview`, `/scenes/${unknown}/preview/compare`, `/projects/${unknown}/preview`]) {
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect({ path, status: response!.status() }).toEqual({ path, status: 404 });
    expect(response!.headers()["content-type"]).toStartWith("text/html");
    await page.locator("[data-status='404']").waitFor();
    expect(await page.locator("header.topbar nav a").count()).toBeGreaterThan(3);
  }
  await shoot("not-found");
}, 60_000);

test("no console errors or warnings from Clapper's code on any of these pages", () => {
  expect(consoleProblems).toEqual([]);
});
