// Headless Chromium for exports: one browser, one isolated context per render tab, the render page served from the
// built bundles by request interception, and every other request blocked (scene code gets no network at all).

import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Route } from "playwright-core";
import type { RenderFailure, RenderJob } from "../client/render.tsx";
import type { ExportConfig } from "./config.ts";

/** The render page's origin: never resolved, every request to it is answered from disk by the route below. */
export const RENDER_ORIGIN = "http://render.clapper.invalid";

export const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic", "--font-render-hinting=none", "--hide-scrollbars", "--mute-audio",
  // Tabs of one export must not be throttled while another is in front.
  "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
];

/** Same policy as the preview frame: eval for the artifact, nothing from the network. */
export const RENDER_CSP = [
  "default-src 'none'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "media-src 'self' data: blob:", "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
].join("; ");

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".webp": "image/webp", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
};

export function launchBrowser(config: Pick<ExportConfig, "chromiumPath">): Promise<Browser> {
  return chromium.launch({ executablePath: config.chromiumPath, headless: true, args: CHROMIUM_FLAGS });
}

interface Manifest {
  entries: { render: string };
  runtimeFiles: string[];
}

function renderHtml(manifest: Manifest): string {
  const base = "/build/preview/";
  const preloads = manifest.runtimeFiles.map((f) => `<link rel="modulepreload" href="${base}${f}">`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Clapper render</title>${preloads}` +
    `<style>html,body{margin:0;background:#000;overflow:hidden}</style></head>` +
    `<body><div id="root"></div><script type="module" src="${base}${manifest.entries.render}"></script></body></html>`;
}

/** Answers same-origin requests for files under public/ and the render page; blocks everything else. */
async function serve(route: Route, publicDir: string, html: string): Promise<void> {
  const url = new URL(route.request().url());
  if (url.origin !== RENDER_ORIGIN || route.request().method() !== "GET") return route.abort("blockedbyclient");
  if (url.pathname === "/render") {
    return route.fulfill({ status: 200, body: html, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": RENDER_CSP } });
  }
  const path = normalize(join(publicDir, decodeURIComponent(url.pathname)));
  if (!path.startsWith(publicDir + sep)) return route.abort("blockedbyclient");
  try {
    const body = await readFile(path);
    return route.fulfill({ status: 200, body, headers: { "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream" } });
  } catch {
    return route.fulfill({ status: 404, body: "" });
  }
}

export interface CaptureOptions {
  scale?: number;
  /** Capture as JPEG at this quality (video frames); PNG when absent (stills, lossless). */
  jpegQuality?: number;
}

export interface LoadedJob {
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

/** One render tab: load a job, then show and capture frames one at a time. */
export interface RenderTab {
  page: Page;
  load(job: RenderJob): Promise<LoadedJob>;
  /** Frame N as image bytes (PNG, or JPEG at `jpegQuality`), plus any scene failures that appeared while showing it. */
  capture(frame: number, options?: CaptureOptions): Promise<{ image: Buffer; failures: RenderFailure[] }>;
  /** A fresh render page in the same tab (new JS realm; the renderer process and cached bundles stay): between exports. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function openRenderTab(browser: Browser, config: Pick<ExportConfig, "publicDir">): Promise<RenderTab> {
  const manifest = JSON.parse(await readFile(join(config.publicDir, "build", "preview", "manifest.json"), "utf8")) as Manifest;
  const html = renderHtml(manifest);
  // A context per tab: its own renderer process, cookies and storage; scenes in one tab cannot see another's.
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, serviceWorkers: "block" });
  try {
    await context.route("**/*", (route) => serve(route, config.publicDir, html));
    const page = await context.newPage();
    const open = async () => {
      await page.goto(`${RENDER_ORIGIN}/render`);
      await page.waitForFunction(() => "clapperRender" in window);
    };
    await open();
    const cdp: CDPSession = await context.newCDPSession(page);
    let size = { width: 1280, height: 720 };
    return {
      page,
      async load(job) {
        const info = await page.evaluate((j) => (window as unknown as { clapperRender: { load(j: RenderJob): Promise<LoadedJob> } }).clapperRender.load(j), job);
        size = { width: info.width, height: info.height };
        await page.setViewportSize(size);
        return info;
      },
      async capture(frame, { scale = 1, jpegQuality }: CaptureOptions = {}) {
        // Straight over CDP (one round trip, no Playwright wrapping): this runs once per frame.
        const shown = await cdp.send("Runtime.evaluate", {
          expression: `window.clapperRender.show(${Number(frame)})`,
          awaitPromise: true,
          returnByValue: true,
        });
        if (shown.exceptionDetails) {
          throw new Error(`Frame ${frame}: ${shown.exceptionDetails.exception?.description ?? shown.exceptionDetails.text}`);
        }
        const shot = await cdp.send("Page.captureScreenshot", {
          ...(jpegQuality === undefined ? { format: "png" as const } : { format: "jpeg" as const, quality: jpegQuality }),
          optimizeForSpeed: true,
          clip: { x: 0, y: 0, width: size.width, height: size.height, scale },
        });
        return { image: Buffer.from(shot.data, "base64"), failures: shown.result.value as RenderFailure[] };
      },
      reset: open,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}
