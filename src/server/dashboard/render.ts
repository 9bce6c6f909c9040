// Shared plumbing of the dashboard handlers: the page's CSP nonce, HTML responses, htmx detection, the service.
import { assertStorable } from "../unstorable.ts";
import type { Context } from "hono";
import { dashboardFor, type DashboardService } from "../../services/dashboard.ts";
import type { AppEnv } from "../env.ts";
import { withPreviewCsp } from "../preview/page-csp.ts";

/**
 * Every dashboard page gets the preview pages' policy: nonce'd scripts only, no eval, frames from 'self'
 * (the scene page embeds the sandboxed preview). One policy, so the two can never drift apart.
 */
export const withDashboardCsp = withPreviewCsp;

export const nonceOf = (c: Context<AppEnv>) => c.get("secureHeadersNonce") ?? "";

/** True for requests htmx made (they get a fragment instead of the whole page). */
export const isHtmx = (c: Context) => c.req.header("hx-request") === "true";

export function sendHtml(c: Context, node: unknown, status: 200 | 400 | 401 | 404 | 409 | 422 | 429 = 200) {
  return c.html(String(node), status);
}

/** The app's dashboard service (one aggregate cache per app). */
export function dashboardOf(c: Context<AppEnv>): DashboardService {
  return dashboardFor(c.var.db, c.var.scenes);
}

/** Form fields as strings (files and repeated fields ignored). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") fields[key] = value;
  assertStorable(fields);
  return fields;
}
