// GET /scenes (page or, for htmx, the table fragment) and the bulk "recompile all matching" steps.
import type { Context } from "hono";
import { BulkConfirm, BulkResult } from "../../../views/fragments/bulk-recompile.tsx";
import { SceneRow, scenesUrl, type SceneFilterState } from "../../../views/fragments/scene-table.tsx";
import { SceneResults, ScenesPage } from "../../../views/pages/scenes.tsx";
import { defaultSort, TABLE_SORTS, type DashboardSceneFilter, type TableSort } from "../../services/dashboard.ts";
import { DASHBOARD_STATUSES } from "../../db/status.ts";
import type { AppEnv } from "../context.ts";
import { isUuid } from "../../db/ids.ts";
import { sceneOf } from "../entities.ts";
import { formFields, isHtmx, nonceOf, sendHtml } from "../html.ts";

/** Longest search text honoured; longer input is cut, not rejected (it is typed live). */
const MAX_QUERY_CHARS = 200;

/** The requested order, else the list's default: play order inside a project, newest first otherwise. */
function validSort(sort: string, inProject: boolean): TableSort {
  if ((TABLE_SORTS as readonly string[]).includes(sort) && (sort !== "position_asc" || inProject)) return sort as TableSort;
  return defaultSort(inProject);
}

/** Reads the filter state from query or form fields; unknown values fall back to "no filter". */
export function parseFilterState(get: (name: string) => string | undefined): SceneFilterState {
  const status = get("status") ?? "";
  const version = get("version") ?? "";
  const project = get("project") ?? "";
  const sort = get("sort") ?? "";
  return {
    q: (get("q") ?? "").trim().slice(0, MAX_QUERY_CHARS),
    status: (DASHBOARD_STATUSES as string[]).includes(status) ? (status as SceneFilterState["status"]) : "",
    version: version === "1" || version === "2" ? version : "",
    project: isUuid(project) ? project.toLowerCase() : "",
    sort: validSort(sort, isUuid(project)),
  };
}

export function toFilter(state: SceneFilterState): DashboardSceneFilter {
  return {
    q: state.q || undefined,
    dashboardStatus: state.status || undefined,
    version: state.version ? Number(state.version) : undefined,
    projectId: state.project || undefined,
  };
}

/** The page's cursor: `cursor` (the page after) wins over `before` (the page before); empty means none. */
function pageCursor(get: (name: string) => string | undefined): { cursor?: string; before?: string } {
  const cursor = get("cursor") || undefined;
  return cursor ? { cursor } : { before: get("before") || undefined };
}

export async function scenesPage(c: Context<AppEnv>) {
  const service = c.var.services.dashboard;
  const state = parseFilterState((name) => c.req.query(name));
  const at = pageCursor((name) => c.req.query(name));
  const canonical = scenesUrl(state, at as Record<string, string>);
  // Forms submit every field, empty or not; a shared link should carry only what filters. htmx pushes
  // the canonical URL (HX-Push-Url overrides the element's push); a plain GET is redirected to it.
  if (!isHtmx(c) && hasEmptyParameter(c.req.url)) return c.redirect(canonical, 302);
  const [counts, page] = await Promise.all([
    service.statusCounts(toFilter(state)),
    service.listScenes({ ...toFilter(state), sort: state.sort, ...at }),
  ]);
  const table = { state, counts, ...page, paged: page.prevCursor !== null };
  // A history restore asks with HX-History-Restore-Request and needs the whole page.
  if (isHtmx(c) && c.req.header("hx-history-restore-request") !== "true") {
    c.header("HX-Push-Url", canonical);
    return sendHtml(c, SceneResults(table));
  }
  const deleted = c.req.query("deleted") ?? "";
  const undo = isUuid(deleted) ? service.pendingDelete(deleted.toLowerCase()) : null;
  const projects = c.var.services.projects;
  const [projectName, projectOptions] = await Promise.all([
    state.project ? projects.name(state.project) : null,
    projects.options(""),
  ]);
  return sendHtml(c, ScenesPage({ ...table, nonce: nonceOf(c), projectName, projectOptions, undo }));
}

/** "Undo" of a dashboard delete inside its window: the scene stays; back to it. */
export async function undoDelete(c: Context<AppEnv>) {
  const id = sceneOf(c).id;
  c.var.services.dashboard.undoDelete(id);
  return c.redirect(`/scenes/${id}`, 303);
}

/** True when the query string has a parameter without a value (`?q=&status=`). */
function hasEmptyParameter(url: string): boolean {
  for (const value of new URL(url).searchParams.values()) if (value === "") return true;
  return false;
}

export async function bulkRecompileConfirm(c: Context<AppEnv>) {
  const state = parseFilterState((name) => c.req.query(name));
  const matching = await c.var.services.dashboard.countMatching(toFilter(state));
  return sendHtml(c, BulkConfirm({ state, matching }));
}

export async function bulkRecompile(c: Context<AppEnv>) {
  const fields = await formFields(c);
  const state = parseFilterState((name) => fields[name]);
  const version = fields.targetVersion === "1" ? 1 : fields.targetVersion === "2" ? 2 : undefined;
  const result = await c.var.services.dashboard.recompileMatching(toFilter(state), version);
  return sendHtml(c, BulkResult(result));
}

export const bulkRecompileCancel = (c: Context<AppEnv>) => c.html("");

/** A row's "Recompile" (keeps each scene's version): answers the refreshed row, or redirects without htmx. */
export async function recompileRow(c: Context<AppEnv>) {
  const id = sceneOf(c).id;
  await c.var.services.dashboard.recompile(id);
  if (!isHtmx(c)) return c.redirect(`/scenes/${id}`, 303);
  const row = await c.var.services.dashboard.tableRow(id);
  return sendHtml(c, row ? SceneRow({ state: parseFilterState(() => undefined), row }) : "");
}
