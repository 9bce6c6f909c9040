// GET /failures: compile and runtime failures grouped by normalised error.
import type { Context } from "hono";
import { FailuresPage } from "../../../views/pages/failures.tsx";
import type { AppEnv } from "../context.ts";
import { nonceOf, sendHtml } from "../html.ts";

export async function failuresPage(c: Context<AppEnv>) {
  const failures = await c.var.services.dashboard.failures();
  return sendHtml(c, FailuresPage({ nonce: nonceOf(c), failures }));
}
