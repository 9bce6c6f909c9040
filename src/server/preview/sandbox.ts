// GET /sandbox (the preview frame page, with its own CSP) and GET /build/preview/:file (its bundles, CORS-readable).

import type { Context } from "hono";
import { join } from "node:path";
import { BUILD_DIR } from "../../client/bundle.ts";
import { SandboxDocument } from "../../../views/preview/sandbox.tsx";
import type { AppEnv } from "../context.ts";
import { sendError } from "../errors.ts";
import { previewAssets } from "../../client/assets.ts";

/**
 * The only policy in Clapper with 'unsafe-eval': scene code is evaluated here, in an opaque origin
 * (iframe sandbox="allow-scripts"), with no network access and embeddable only by our own pages.
 * Inline styles are allowed because Remotion injects a <style> element.
 */
export const SANDBOX_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // connect-src does not cover WebRTC. CSP3's `webrtc 'block'` would, but Chromium 156 does not know it
  // (it logs "Unrecognized … directive" on every load), so the frame removes the API instead
  // (src/client/lockdown.ts) before scene code runs.
].join("; ");

/**
 * Powerful features the preview never needs, denied to the frame and anything it could embed. Only
 * features Chromium knows: an unknown one ("bluetooth") logs a console warning on every load.
 */
export const SANDBOX_PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "display-capture=()",
  "geolocation=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "payment=()",
  "publickey-credentials-get=()",
].join(", ");

export function sandboxPage(c: Context<AppEnv>) {
  const assets = previewAssets();
  const html = `<!DOCTYPE html>${SandboxDocument({ script: assets.sandboxScript, preloads: assets.sandboxPreloads })}`;
  return c.html(html, 200, {
    "Content-Security-Policy": SANDBOX_CSP,
    "Permissions-Policy": SANDBOX_PERMISSIONS_POLICY,
    // The frame's opaque origin shares its embedder's agent cluster; asking to origin-key it (secure
    // headers' default ?1) cannot be honoured and Chromium warns about it on every load.
    "Origin-Agent-Cluster": "?0",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
}

const BUNDLE_FILE = /^[\w-]+\.(js|css)$/;
const CONTENT_TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

/**
 * The sandbox has an opaque origin, so its module scripts are cross-origin CORS fetches: they need
 * `Access-Control-Allow-Origin`. Names carry a content hash, so they are cached for good.
 */
export async function previewBundleFile(c: Context<AppEnv>) {
  const name = c.req.param("file") ?? "";
  const file = BUNDLE_FILE.test(name) ? Bun.file(join(BUILD_DIR, name)) : null;
  if (!file || !(await file.exists())) return sendError(c, 404, "not_found", `No preview bundle named ${JSON.stringify(name)}.`);
  return c.body(file.stream(), 200, {
    "Content-Type": CONTENT_TYPES[name.split(".").pop()!]!,
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
  });
}
