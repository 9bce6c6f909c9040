// Dashboard in real Chromium against a real server (PGlite in memory, seeded with the sample scenes):
// log in, every page, live search, range switch, edit into a syntax error and back — no console errors.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { steps as buildSteps } from "../scripts/build.ts";
import { createScene, launchChromium, startPreviewServer, watchConsole, type PreviewServer } from "./preview-harness.ts";

const ARTIFACTS = join(import.meta.dir, "artifacts");
const SAMPLES_DIR = join(import.meta.dir, "..", "scripts", "sample-scenes");
const samples = readdirSync(SAMPLES_DIR)
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => ({ name: f.replace(/\.tsx$/, ""), tsx: readFileSync(join(SAMPLES_DIR, f), "utf8") }));

let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];
const ids: Record<string, string> = {};

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
const sceneRows = () => page.locator("#scene-results tbody tr[data-scene-id]");

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The assets the pages load (htmx, the dashboard bundle); the preview server builds its own bundles.
  for (const step of buildSteps) if (step.name !== "preview bundles") await step.run();
  server = await startPreviewServer();
  for (const s of samples) ids[s.name] = (await createScene(server, s)).id;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
  consoleErrors = watchConsole(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("log in with the admin token", async () => {
  await page.goto(`${server.baseUrl}/scenes`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await shot("login");
  await page.fill("#token", "wrong-token");
  await page.click("button[type=submit]");
  await page.locator(".notice-error").waitFor();
  // A 401 page is an expected answer; only that network line may appear in the console.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes("401")));
  await page.fill("#token", server.token);
  await page.click("button[type=submit]");
  await page.waitForURL(`${server.baseUrl}/scenes`);
  expect(consoleErrors).toEqual([]);
}, 30_000);

test("overview draws four charts from the first paint and the range switch redraws them", async () => {
  await page.goto(`${server.baseUrl}/`);
  await page.locator("clapper-chart canvas").nth(3).waitFor();
  expect(await page.locator("clapper-chart canvas").count()).toBe(4);
  expect(await page.locator(".stat-value").first().textContent()).toBe(String(samples.length));
  // Mark the current chart elements; after the swap every chart must be a new element with a fresh canvas.
  await page.evaluate(() => document.querySelectorAll("clapper-chart").forEach((el) => el.setAttribute("data-old", "")));
  await page.click('#range-switch a[data-range="7"]');
  await page.locator('#charts[data-days="7"] clapper-chart canvas').nth(3).waitFor();
  expect(await page.locator("clapper-chart[data-old]").count()).toBe(0);
  expect(await page.locator('clapper-chart[data-drawn="1"]').count()).toBe(4);
  expect(new URL(page.url()).search).toBe("?days=7");
  expect(await page.locator('#range-switch a.active').textContent()).toBe("7 days");
  const labels = await page.locator("#chart-compiles").evaluate((el) => JSON.parse(el.getAttribute("data-chart")!).labels.length);
  expect(labels).toBe(7);
  const canvasWidth = await page.locator("#chart-compiles canvas").evaluate((c) => (c as HTMLCanvasElement).width);
  expect(canvasWidth).toBeGreaterThan(100);
  // Switch twice more: Chart.js throws "Canvas is already in use" if a chart was not destroyed.
  await page.click('#range-switch a[data-range="90"]');
  await page.locator('#charts[data-days="90"] clapper-chart canvas').nth(3).waitFor();
  await page.click('#range-switch a[data-range="30"]');
  await page.locator('#charts[data-days="30"] clapper-chart canvas').nth(3).waitFor();
  await page.waitForTimeout(300);
  await shot("overview");
  expect(consoleErrors).toEqual([]);
}, 30_000);

test("scenes: typing in search narrows the table and puts the query in the URL", async () => {
  await page.goto(`${server.baseUrl}/scenes`);
  await sceneRows().first().waitFor();
  expect(await sceneRows().count()).toBe(samples.length);
  await shot("scenes");
  await page.locator("#scene-search").pressSequentially("stat-coun", { delay: 40 });
  await page.waitForFunction(() => document.querySelectorAll("#scene-results tbody tr[data-scene-id]").length === 1);
  expect(await sceneRows().first().getAttribute("data-scene-id")).toBe(ids["stat-counter"]!);
  await page.waitForURL(/q=stat-coun/);
  // Search by error text, then a status tab keeps the query.
  await page.locator("#scene-search").fill("");
  await page.locator("#scene-search").pressSequentially("confetti", { delay: 40 });
  await page.waitForFunction(
    (id) => [...document.querySelectorAll("#scene-results tbody tr[data-scene-id]")].map((r) => r.getAttribute("data-scene-id")).join() === id,
    ids["unknown-import"],
  );
  await page.waitForURL(/q=confetti/);
  await page.locator("#scene-search").fill("");
  await page.locator("#scene-search").dispatchEvent("input");
  await page.waitForFunction((n) => document.querySelectorAll("#scene-results tbody tr[data-scene-id]").length === n, samples.length);
  await page.click(".tab-failed");
  await page.waitForURL(/status=failed/);
  await page.waitForFunction(() => document.querySelectorAll("#scene-results tbody tr[data-scene-id]").length === 2);
  expect(await page.locator("#filter-state input[name=status]").inputValue()).toBe("failed");
  await shot("scenes-failed");
  expect(consoleErrors).toEqual([]);
}, 30_000);

test("failures page groups the failing scenes", async () => {
  await page.goto(`${server.baseUrl}/failures`);
  const rows = page.locator("table.failures tbody tr");
  expect(await rows.count()).toBe(2);
  await shot("failures");
  expect(consoleErrors).toEqual([]);
});

test("scene detail: edit into a syntax error shows it on its line, a fix compiles again, no reload", async () => {
  const id = ids["stat-counter"]!;
  await page.goto(`${server.baseUrl}/scenes/${id}`);
  await page.locator("#tsx-L1").waitFor();
  await page.locator("#js-L1").waitFor();
  // htmx loads deferred: until it has bound the form, a click would post it the no-JS way (full page).
  await page.waitForFunction(() => !!(document.querySelector("#edit-form") as unknown as Record<string, unknown> | null)?.["htmx-internal-data"]);
  await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
  const original = samples.find((s) => s.name === "stat-counter")!.tsx;
  const lines = original.split("\n");
  lines.splice(8, 0, "const oops = ;");
  await page.locator("#tsx-editor").fill(lines.join("\n"));
  // The text is in the editor (a player that took the focus while mounting once swallowed it: scene-loop test).
  expect(await page.locator("#tsx-editor").inputValue()).toBe(lines.join("\n"));
  await page.click("#edit-form button[type=submit]");
  await page.locator("#flash.notice-error").waitFor();
  expect(await page.locator("#flash").textContent()).toContain("does not compile (line 9)");
  expect(await page.locator("[data-editor-gutter] .error-line").getAttribute("id")).toBe("tsx-L9");
  expect(await page.locator("#compile-error h2").textContent()).toContain("line 9");
  expect(await page.locator(".scene-status .badge").textContent()).toBe("stale JS");
  await shot("scene-error");

  await page.locator("#tsx-editor").fill(original);
  await page.click("#edit-form button[type=submit]");
  await page.locator("#flash.notice-ok").waitFor();
  expect(await page.locator("#flash").textContent()).toContain("saved and compiled");
  expect(await page.locator("[data-editor-gutter] .error-line").count()).toBe(0);
  expect(await page.locator(".scene-status .badge").textContent()).toBe("compiled");
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  await page.locator("#diff .diff").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("scene");
  expect(consoleErrors).toEqual([]);
}, 40_000);
