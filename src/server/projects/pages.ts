// /projects (the projects dashboard, or its table for htmx) and /projects/options (the picker's options).
import type { Context } from "hono";
import { ProjectOptions } from "../../../views/projects/picker.tsx";
import { ProjectsPage, ProjectsTable } from "../../../views/projects/projects-page.tsx";
import { isUuid } from "../../db/ids.ts";
import type { AppEnv } from "../context.ts";
import { isHtmx, nonceOf, sendHtml } from "../html.ts";

/** Longest search text honoured; longer input is cut (it is typed live). */
const MAX_QUERY_CHARS = 200;

const queryText = (c: Context<AppEnv>, name: string) => (c.req.query(name) ?? "").trim().slice(0, MAX_QUERY_CHARS);

export async function projectsPage(c: Context<AppEnv>) {
  const q = queryText(c, "q");
  const cursor = c.req.query("cursor") || undefined;
  const page = await c.var.services.projects.list({ q, cursor });
  const table = { q, projects: page.projects, nextCursor: page.nextCursor, paged: cursor !== undefined };
  if (isHtmx(c) && c.req.header("hx-history-restore-request") !== "true") return sendHtml(c, ProjectsTable(table));
  return sendHtml(c, ProjectsPage({ ...table, nonce: nonceOf(c) }));
}

export async function projectOptions(c: Context<AppEnv>) {
  const projects = c.var.services.projects;
  const selected = c.req.query("project") ?? "";
  const current = isUuid(selected) ? selected.toLowerCase() : "";
  const [options, selectedName] = await Promise.all([
    projects.options(queryText(c, "projectSearch")),
    current ? projects.name(current) : null,
  ]);
  return sendHtml(c, ProjectOptions({ options, selected: current, selectedName }));
}
