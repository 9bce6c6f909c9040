// GET /scenes/:id/poster.png: the scene's poster thumbnail (src/export/posters.ts), for the dashboard's lists.
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";
import { sceneOf } from "../entities.ts";
import { escapeHtml } from "../../../views/escape.ts";

/** How soon the page should ask again for a poster that is rendering (src/client/posters.ts polls). */
const RETRY_AFTER_SECONDS = 1;

/** The stand-in image when a scene gets no poster: a grey card saying why (the reason is also a header). */
function noPosterSvg(reason: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><title>${escapeHtml(reason)}</title>` +
    `<rect width="320" height="180" fill="#1f2330"/><text x="160" y="98" text-anchor="middle" fill="#9aa1b2" ` +
    `font-family="sans-serif" font-size="22">No poster</text></svg>`;
}

/**
 * 200 with the PNG once rendered: immutable when the URL names the current key (`?v=`, see posterUrl), since a new
 * artifact is a new key. 202 without a body while it renders (the page asks again). When there will be none (no
 * stored JS, a failed render, no Chromium here) a 200 stand-in image with the reason in `X-Poster-Reason`: an
 * <img> showing it is not a failed load, so the browser logs no error.
 */
export async function posterImage(c: Context<AppEnv>) {
  const answer = await c.var.services.posters.get(sceneOf(c));
  if (answer.state === "ready") {
    const current = c.req.query("v") === answer.key;
    const etag = `"${answer.key}"`;
    c.header("Cache-Control", current ? "private, max-age=31536000, immutable" : "private, no-cache");
    c.header("ETag", etag);
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    c.header("Content-Type", "image/png");
    return c.body(Bun.file(answer.path).stream(), 200);
  }
  c.header("Cache-Control", "no-store");
  c.header("X-Poster-State", answer.state);
  if (answer.state === "rendering") {
    c.header("Retry-After", String(RETRY_AFTER_SECONDS));
    return c.body(null, 202);
  }
  c.header("X-Poster-Reason", encodeURIComponent(answer.reason.slice(0, 300)));
  c.header("Content-Type", "image/svg+xml");
  return c.body(noPosterSvg(answer.reason), 200);
}
