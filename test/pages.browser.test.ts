// Every dashboard and preview page in real Chromium at 1440×900 and 1024×768, light and dark: a full-page
// screenshot of each into test-results/screenshots/, no console error or warning from Clapper's own code,
// and no horizontal overflow of the page. Another page is one more line in PAGES.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, ConsoleMessage, Page } from "playwright-core";
import * as q from "../src/db/queries.ts";
import { steps as buildSteps } from "../scripts/build.ts";
import { createScene, launchChromium, sessionCookie, startPreviewServer, type PreviewServer } from "./preview-harness.ts";

const SCREENSHOTS = join(import.meta.dir, "..", "test-results", "screenshots");
const SAMPLES_DIR = join(import.meta.dir, "..", "scripts", "sample-scenes");
const PROJECT = "7b0c5f0e-5f8e-4d7e-9a59-0f4f6c1d2e3a";

interface Fixture {
  scene: string;
  brokenScene: string;
  project: string;
  backfillRun: string;
}

/** A page to check: its name (file name of its screenshots), URL, expected status, and whether it needs a session. */
interface PageCase {
  name: string;
  path: (f: Fixture) => string;
  status?: number;
  signedOut?: boolean;
}

const PAGES: PageCase[] = [
  { name: "login", path: () => "/login", signedOut: true },
  { name: "overview", path: () => "/" },
  { name: "scenes", path: () => "/scenes" },
  { name: "scenes-filtered", path: () => "/scenes?status=failed&sort=name_asc" },
  { name: "scenes-empty", path: () => "/scenes?q=nothing-matches-this" },
  { name: "projects", path: () => "/projects" },
  { name: "scene", path: (f) => `/scenes/${f.scene}` },
  { name: "scene-broken", path: (f) => `/scenes/${f.brokenScene}` },
  { name: "failures", path: () => "/failures" },
  { name: "backfill", path: () => "/backfill" },
  { name: "backfill-run", path: (f) => `/backfill/${f.backfillRun}` },
  { name: "verify", path: () => "/verify" },
  { name: "preview", path: (f) => `/scenes/${f.scene}/preview` },
  { name: "preview-compare", path: (f) => `/scenes/${f.scene}/preview/compare` },
  { name: "preview-project", path: (f) => `/projects/${f.project}/preview` },
  { name: "not-found", path: () => "/no-such-page", status: 404 },
  { name: "scene-not-found", path: () => "/scenes/00000000-0000-4000-8000-000000000000", status: 404 },
];

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const SCHEMES = ["light", "dark"] as const;

/** Console lines that are not Clapper's: Remotion's licence note, and the expected status line of a 4xx page. */
function isForeign(message: ConsoleMessage, expectedStatus: number): boolean {
  const text = message.text();
  if (/remotion/i.test(text) && /licen[cs]e/i.test(text)) return true;
  return expectedStatus >= 400 && text.includes(`status of ${expectedStatus}`);
}

let server: PreviewServer;
let browser: Browser;
const fixture = {} as Fixture;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const step of buildSteps) if (step.name !== "preview bundles") await step.run();
  server = await startPreviewServer();
  const samples = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith(".tsx"));
  for (const [i, file] of samples.entries()) {
    const tsx = readFileSync(join(SAMPLES_DIR, file), "utf8");
    const name = file.replace(/\.tsx$/, "");
    // The first four form a project, so its preview page has a playlist.
    const scene = await createScene(server, { name, tsx, ...(i < 4 ? { projectId: PROJECT, position: i } : {}) });
    if (name === "title-card") fixture.scene = scene.id;
    if (name === "broken-missing-brace") fixture.brokenScene = scene.id;
  }
  fixture.project = PROJECT;
  for (const message of ["ReferenceError: foo is not defined", "Module \"three\" is not available"]) {
    await q.insertRuntimeEvent(server.db, { sceneId: fixture.scene, context: "preview", kind: "error", message, retryCount: 0 });
  }
  const run = await server.services.backfill.start({ targetVersion: 2 });
  fixture.backfillRun = (await run.done).id;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser context at a viewport and colour scheme, signed in to the dashboard or not. */
async function newContext(options: BrowserContextOptions, signedIn: boolean): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  if (signedIn) {
    const cookie = await sessionCookie(server);
    await context.addCookies([{ ...cookie, url: server.baseUrl, httpOnly: true, sameSite: "Strict" }]);
  }
  return context;
}

/** Loads one page, waits until it is quiet, and returns what went wrong (empty when nothing did). */
async function checkPage(page: Page, c: PageCase, shotName: string): Promise<string[]> {
  const problems: string[] = [];
  const expected = c.status ?? 200;
  const onConsole = (m: ConsoleMessage) => {
    if ((m.type() === "error" || m.type() === "warning") && !isForeign(m, expected)) {
      problems.push(`console ${m.type()}: ${m.text()} @ ${m.location().url}`);
    }
  };
  const onError = (e: Error) => problems.push(`pageerror: ${e.message}`);
  page.on("console", onConsole);
  page.on("pageerror", onError);
  try {
    const res = await page.goto(`${server.baseUrl}${c.path(fixture)}`, { waitUntil: "networkidle", timeout: 30_000 });
    if (res?.status() !== expected) problems.push(`status ${res?.status()}, expected ${expected}`);
    await page.waitForTimeout(300); // charts and players settle after the network does
    // Poster thumbnails render on first view (202 until then): the screenshot shows them once they are in.
    await page.waitForFunction(() => !document.querySelector(".poster-pending"), undefined, { timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`body overflows horizontally by ${overflow}px`);
    await page.screenshot({ path: join(SCREENSHOTS, `${shotName}.png`), fullPage: true });
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onError);
  }
  return problems;
}

for (const viewport of VIEWPORTS) {
  for (const scheme of SCHEMES) {
    test(`every page at ${viewport.width}×${viewport.height}, ${scheme}: no console errors, no horizontal overflow`, async () => {
      const problems: string[] = [];
      for (const signedOut of [true, false]) {
        const context = await newContext({ viewport, colorScheme: scheme }, !signedOut);
        const page = await context.newPage();
        for (const c of PAGES.filter((p) => !!p.signedOut === signedOut)) {
          const shot = `${c.name}-${viewport.width}x${viewport.height}-${scheme}`;
          for (const p of await checkPage(page, c, shot)) problems.push(`${c.name}: ${p}`);
        }
        await context.close();
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }
}

test("keyboard: '/' focuses the search, 'j'/'k' move the row selection, Enter opens it, 'g s' goes to the scenes", async () => {
  const context = await newContext({ viewport: VIEWPORTS[0] }, true);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${server.baseUrl}/scenes?sort=name_asc`, { waitUntil: "networkidle" });
  const selected = () => page.locator("#scene-results tbody tr.selected").getAttribute("data-scene-id");
  const rowIds = await page.locator("#scene-results tbody tr[data-scene-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-scene-id")));

  await page.keyboard.press("j");
  expect(await selected()).toBe(rowIds[0]!);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  expect(await selected()).toBe(rowIds[1]!);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.baseUrl}/scenes/${rowIds[1]}`);

  // "g s" from another page, then "/" puts the caret in the search; typed keys then stay in the field.
  // The scene page embeds the preview frame: focus the page itself first, as a reader's click would.
  await page.waitForLoadState("networkidle");
  await page.locator("h1").click();
  await page.keyboard.press("g");
  await page.keyboard.press("s");
  await page.waitForURL(`${server.baseUrl}/scenes`);
  await page.keyboard.press("/");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("scene-search");
  await page.keyboard.type("jk");
  expect(await page.inputValue("#scene-search")).toBe("jk");
  expect(await page.locator("#scene-results tbody tr.selected").count()).toBe(0);

  // From a page without a search, "/" opens the scenes list with the search focused.
  await page.goto(`${server.baseUrl}/failures`, { waitUntil: "networkidle" });
  await page.keyboard.press("/");
  await page.waitForURL(`${server.baseUrl}/scenes#search`);
  await page.waitForFunction(() => document.activeElement?.id === "scene-search");
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);

test("paging: Next then Previous swap the table in place, scroll to the top and keep the URL clean", async () => {
  const context = await newContext({ viewport: VIEWPORTS[1] }, true);
  const page = await context.newPage();
  await server.db.query(`insert into scenes (name, tsx_code) select 'paged ' || g, 'x' from generate_series(1, 60) as g`);
  await page.goto(`${server.baseUrl}/scenes?q=paged&sort=name_asc`, { waitUntil: "networkidle" });
  const first = await page.locator(".scene-link").first().textContent();
  expect(first).toBe("paged 1");
  await page.locator('a[rel="next"]').scrollIntoViewIfNeeded();
  await page.locator('a[rel="next"]').click();
  await page.waitForFunction(() => document.querySelector(".scene-link")?.textContent === "paged 51");
  // htmx scrolls (show:window:top) when the swap settles, a moment after the rows change.
  await page.waitForFunction(() => window.scrollY === 0, undefined, { timeout: 5_000 });
  expect(new URL(page.url()).searchParams.get("cursor")).toBeTruthy();
  await page.locator('a[rel="prev"]').click();
  await page.waitForFunction(() => document.querySelector(".scene-link")?.textContent === "paged 1");
  // The search box submits every field; the URL keeps only what filters.
  await page.fill("#scene-search", "paged 5");
  await page.waitForFunction(() => document.querySelectorAll("#scene-results tbody tr").length < 50);
  await page.waitForURL((url) => url.search === "?q=paged+5&sort=name_asc");
  await context.close();
}, 60_000);
