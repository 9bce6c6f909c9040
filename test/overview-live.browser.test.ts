// The overview in real Chromium: after a backfill its figures update in place (polling, no reload), and a
// hidden tab sends no polls.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { steps as buildSteps } from "../scripts/build.ts";
import { insertLegacyScene, startBrowserSession, watchConsole, type BrowserSession } from "./preview-harness.ts";

const TSX = `export default function S() { return <div>hi</div>; }`;

let session: BrowserSession;

beforeAll(async () => {
  // The assets the page loads (htmx, the dashboard bundle); the preview server builds its own bundles.
  for (const step of buildSteps) if (step.name !== "preview bundles") await step.run();
  session = await startBrowserSession();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const statValue = (label: string) =>
  `#overview-live .stat:has(.stat-label:text-is("${label}")) .stat-value`;

test("the overview updates after a backfill without a reload, and pauses while the tab is hidden", async () => {
  const { server, context } = session;
  for (let i = 0; i < 3; i++) await insertLegacyScene(server, `Legacy ${i}`, TSX);
  const page = await context.newPage();
  const errors = watchConsole(page);
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  await page.goto(`${server.baseUrl}/`);
  expect(await page.locator(statValue("With current JS")).textContent()).toBe("0.0%");
  expect(await page.locator(statValue("Compiles · 24 h")).textContent()).toBe("0");
  const asOf = await page.locator("[data-as-of]").getAttribute("datetime");

  const { done } = await server.services.backfill.start({ batchSize: 2 });
  expect(await done).toMatchObject({ status: "succeeded", processed: 3, failed: 0 });

  // The next poll (≤ 10 s) shows the backfill: no reload, a newer "as of".
  await page.locator(statValue("With current JS")).filter({ hasText: "100.0%" }).waitFor({ timeout: 15_000 });
  expect(await page.locator(statValue("Compiles · 24 h")).textContent()).toBe("3");
  expect(await page.locator("[data-as-of]").getAttribute("datetime")).not.toBe(asOf);
  expect(navigations).toBe(1);

  // A hidden tab: the poll is held (no request), and coming back refreshes at once.
  const polls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/overview/live")) polls.push(request.url());
  });
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForTimeout(11_000);
  expect(polls).toEqual([]);
  const refreshed = page.waitForRequest((request) => request.url().includes("/overview/live"), { timeout: 2_000 });
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await refreshed;
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
