// Shared by the preview browser tests and bench:preview: a real server on a random port, real Chromium, a real session.

import { Hono } from "hono";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Frame, type Page } from "playwright-core";
import { buildPreviewBundles } from "../src/client/bundle.ts";
import { openDatabase, type Database } from "../src/db/open.ts";
import { insertScene } from "../src/db/queries.ts";
import { createApp } from "../src/server/app.ts";
import { startSession } from "../src/server/auth.ts";
import { exportConfigFromEnv, loadConfig } from "../src/config.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServices } from "../src/services/index.ts";
import type { AppEnv } from "../src/server/context.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
export const SAMPLE_SCENES = `${import.meta.dir}/../scripts/sample-scenes`; // in-repo copy of the shared samples

export interface PreviewServer {
  baseUrl: string;
  token: string;
  db: Database;
  /** The services the server's handlers use (sessions are issued through them). */
  services: ReturnType<typeof createServices>;
  close(): Promise<void>;
}

/**
 * Builds the preview bundles, opens PGlite in memory and serves the real app on a random port. Exports and poster
 * thumbnails go to a temporary directory, removed at close.
 */
export async function startPreviewServer(): Promise<PreviewServer> {
  await buildPreviewBundles();
  const db = await openDatabase("memory://");
  const token = `test-${crypto.randomUUID()}`;
  const exportDir = mkdtempSync(join(tmpdir(), "clapper-preview-server-"));
  const config = loadConfig({}, { adminToken: token, port: 0, logLevel: "warn", export: exportConfigFromEnv({}, { exportDir }) });
  const services = createServices(db, config);
  const app = createApp({ config, services });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    token,
    db,
    services,
    async close() {
      await server.stop(true);
      await services.close();
      await db.close();
      rmSync(exportDir, { recursive: true, force: true });
    },
  };
}

/** A session cookie signed by the real auth module, without depending on the login page's markup. */
export async function sessionCookie(server: PreviewServer): Promise<{ name: string; value: string }> {
  const issuer = new Hono<AppEnv>();
  issuer.get("/", async (c) => {
    c.set("config", loadConfig({}, { adminToken: server.token }));
    c.set("services", server.services);
    await startSession(c);
    return c.body(null, 204);
  });
  const header = (await issuer.request("/")).headers.get("set-cookie") ?? "";
  const [pair] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq < 1) throw new Error(`startSession set no cookie: ${JSON.stringify(header)}`);
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A browser context logged in to the dashboard. */
export async function loggedInContext(browser: Browser, server: PreviewServer): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const cookie = await sessionCookie(server);
  await context.addCookies([{ ...cookie, url: server.baseUrl, httpOnly: true, sameSite: "Strict" }]);
  return context;
}

/** Collects console errors and uncaught exceptions of a page and all its frames. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

export interface SceneInput {
  name: string;
  tsx: string;
  projectId?: string;
  position?: number;
  durationInFrames?: number;
  fps?: number;
  width?: number;
  height?: number;
}

/** Creates a scene through the JSON API, as a product backend would. */
export async function createScene(server: PreviewServer, input: SceneInput): Promise<{ id: string; compilationVersion: number; js: string | null }> {
  const response = await fetch(`${server.baseUrl}/api/scenes`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (response.status !== 201) throw new Error(`POST /api/scenes → ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { scene: { id: string; compilationVersion: number; js: string | null } }).scene;
}

export async function sampleTsx(file: string): Promise<string> {
  return Bun.file(`${SAMPLE_SCENES}/${file}`).text();
}

/** Waits until the preview stage reports its first rendered frame (or an error). */
export async function waitForStage(page: Page, state: "ready" | "error" | "frozen", stage = "[data-preview-stage]"): Promise<void> {
  await page.locator(`${stage}[data-state="${state}"]`).first().waitFor({ timeout: 20_000 });
}

/** A row as it looked before compile-on-write: TSX only, js_code NULL (the preview compiles it in the browser). */
export async function insertLegacyScene(server: PreviewServer, name: string, tsx: string): Promise<{ id: string }> {
  return insertScene(server.db, {
    projectId: null, position: 0, name, tsx, js: null, jsCompiledAt: null, jsRevision: null, compilationVersion: 1,
    compileMeta: null, compilationError: null, durationInFrames: 90, fps: 30, width: 1920, height: 1080, revision: 1,
  });
}

/** The sandboxed preview frame of a page (the first one, or the index-th). */
export function sandboxFrameOf(page: Page, index = 0): Frame {
  const frames = page.frames().filter((f) => f.url().endsWith("/sandbox"));
  if (!frames[index]) throw new Error(`no sandbox frame #${index} (frames: ${page.frames().map((f) => f.url())})`);
  return frames[index];
}

export interface BrowserSession {
  server: PreviewServer;
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A real server, Chromium and a logged-in context; `close` ends all three (each only if it started). */
export async function startBrowserSession(): Promise<BrowserSession> {
  const server = await startPreviewServer();
  const browser = await launchChromium();
  const context = await loggedInContext(browser, server);
  return {
    server,
    browser,
    context,
    async close() {
      await context.close();
      await browser.close();
      await server.close();
    },
  };
}

/** Recompiles a stored scene as `version` through the API (`POST /api/scenes/:id/compile`); throws unless 200. */
export async function recompileAs(server: PreviewServer, id: string, version: 1 | 2): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/scenes/${id}/compile`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ version }),
  });
  if (response.status !== 200) throw new Error(`POST /api/scenes/${id}/compile → ${response.status}: ${await response.text()}`);
}
