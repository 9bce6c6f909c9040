// A Content-Security-Policy on every response that no route gave one: HTML error pages (404 for an
// unknown path, failures before a page's own CSP middleware ran) and static files such as favicon.svg,
// which a browser renders as a document when opened directly. Routes that set their own keep it.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";
import { previewPageCsp, randomNonce } from "./preview/page-csp.ts";

/** Nothing but the file itself: scripts, frames, plugins and forms are off; nobody may frame it. */
export const ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const fallbackCsp: MiddlewareHandler<AppEnv> = async function fallbackCsp(c, next) {
  // A nonce for whatever HTML this request renders, so an error page's scripts match the policy below.
  if (!c.get("secureHeadersNonce")) c.set("secureHeadersNonce", randomNonce());
  await next();
  if (c.res.headers.has("Content-Security-Policy")) return;
  const html = c.res.headers.get("content-type")?.startsWith("text/html") ?? false;
  const policy = html ? previewPageCsp(c.get("secureHeadersNonce")!) : ASSET_CSP;
  try {
    c.res.headers.set("Content-Security-Policy", policy);
  } catch {
    // Immutable headers (a Response built elsewhere): copy it once.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("Content-Security-Policy", policy);
  }
};
