// GET /failures: failing scenes grouped by normalised error.
import type { Context } from "hono";
import { FailuresPage } from "../../../views/pages/failures.tsx";
import type { AppEnv } from "../context.ts";
import { nonceOf, sendHtml } from "../html.ts";

export async function failuresPage(c: Context<AppEnv>) {
  const [groups, verifyGroups] = await Promise.all([
    c.var.services.dashboard.failureGroups(),
    c.var.services.dashboard.verifyFailureGroups(),
  ]);
  return sendHtml(c, FailuresPage({ nonce: nonceOf(c), groups, verifyGroups }));
}
