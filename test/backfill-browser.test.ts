// Real Chromium against a real server: start a backfill from /backfill, watch progress advance
// without reloading, see the final figures; screenshots go to test/artifacts/.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { seedLegacyScenes } from "../scripts/legacy-seed.ts";
import { launchChromium, loggedInContext, startPreviewServer, watchConsole, type PreviewServer } from "./preview-harness.ts";

const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;
const ROWS = 1500;

let server: PreviewServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startPreviewServer();
  await seedLegacyScenes(server.db, ROWS);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const figure = (page: import("playwright-core").Page, name: string) =>
  page.locator(`#backfill-progress [data-figure="${name}"]`).textContent();

test("start a backfill from the dashboard, progress advances live, final figures shown", async () => {
  const context = await loggedInContext(browser, server);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.baseUrl}/backfill`);
  await page.locator('input[name="batchSize"]').fill("20");
  await page.getByRole("button", { name: "Start backfill" }).click();

  const card = page.locator('#backfill-progress[data-polling="true"]');
  await card.waitFor({ timeout: 10_000 });
  const url = page.url();
  const first = (await figure(page, "processed"))!;
  // The card replaces itself every second; the processed count must move without a reload.
  await page.waitForFunction(
    (before) => {
      const el = document.querySelector('#backfill-progress [data-figure="processed"]');
      return !!el && el.textContent !== before && !el.textContent!.startsWith(`${1500}`);
    },
    first,
    { timeout: 15_000, polling: 100 },
  );
  expect(page.url()).toBe(url);
  await page.screenshot({ path: `${ARTIFACTS}backfill-progress.png`, fullPage: true });
  expect(await page.locator("#backfill-progress progress").getAttribute("value")).not.toBe("0.0");

  await page.locator('#backfill-progress [data-run-status="succeeded"]').waitFor({ timeout: 90_000 });
  expect(await page.locator('#backfill-progress[data-polling="false"]').count()).toBe(1);
  expect(await figure(page, "processed")).toBe(`${ROWS.toLocaleString("en-US")} / ${ROWS.toLocaleString("en-US")} (100.0%)`);
  const failed = Number((await figure(page, "failed"))!.replaceAll(",", ""));
  const succeeded = Number((await figure(page, "succeeded"))!.replaceAll(",", ""));
  expect(failed + succeeded).toBe(ROWS);
  expect(failed).toBeGreaterThan(0);
  expect(await figure(page, "rate")).toMatch(/scenes\/s$/);
  await page.screenshot({ path: `${ARTIFACTS}backfill-done.png`, fullPage: true });

  // The run page lists failed scenes, each linked to its detail page.
  await page.locator("#backfill-progress h2 a").click();
  const links = page.locator(".backfill-failures a[href^='/scenes/']");
  expect(await links.count()).toBe(Math.min(failed, 100));
  await page.goto(`${server.baseUrl}/verify`);
  expect(await page.locator('[data-check="missing"]').textContent()).toBe(String(failed));
  await page.screenshot({ path: `${ARTIFACTS}verify.png`, fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
