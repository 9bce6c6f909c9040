// Strict CSP for the preview pages: nonce'd scripts only, no eval; scene code runs in the /sandbox frame instead.

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";

export function randomNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
}

/** The dashboard-side policy of a page that embeds the preview frame. */
export function previewPageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

/** Sets the nonce (reusing one secure-headers made for this request) and the page CSP; app-level headers do not overwrite it. */
export const withPreviewCsp: MiddlewareHandler<AppEnv> = async function withPreviewCsp(c, next) {
  const nonce = c.get("secureHeadersNonce") ?? randomNonce();
  c.set("secureHeadersNonce", nonce);
  await next();
  if (c.res.headers.get("content-type")?.startsWith("text/html")) {
    c.res.headers.set("Content-Security-Policy", previewPageCsp(nonce));
  }
};
