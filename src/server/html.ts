// HTML helpers of every page handler (dashboard, preview, error pages): the CSP nonce, HTML responses,
// htmx detection, form fields.
import { assertStorable } from "./unstorable.ts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./context.ts";
import { withPreviewCsp } from "./preview/page-csp.ts";

/**
 * Every dashboard page gets the preview pages' policy: nonce'd scripts only, no eval, frames from 'self'
 * (the scene page embeds the sandboxed preview). One policy, so the two can never drift apart.
 */
export const withDashboardCsp = withPreviewCsp;

export const nonceOf = (c: Context<AppEnv>) => c.get("secureHeadersNonce") ?? "";

/** True for requests htmx made (they get a fragment instead of the whole page). */
export const isHtmx = (c: Context) => c.req.header("hx-request") === "true";

/** A fragment or a Layout page (Layout writes its own doctype). */
export function sendHtml(c: Context, node: unknown, status: ContentfulStatusCode = 200) {
  return c.html(String(node), status);
}


/** Form fields as strings (files and repeated fields ignored). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") fields[key] = value;
  assertStorable(fields);
  return fields;
}
