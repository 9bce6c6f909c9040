// GET /failures: failing scenes grouped by normalised error.
import type { Context } from "hono";
import { FailuresPage } from "../../../views/pages/failures.tsx";
import type { AppEnv } from "../env.ts";
import { dashboardOf, nonceOf, sendHtml } from "./render.ts";

export async function failuresPage(c: Context<AppEnv>) {
  const groups = await dashboardOf(c).failureGroups();
  return sendHtml(c, FailuresPage({ nonce: nonceOf(c), groups }));
}
