// Scene lists: the one list query (listScenes) behind the API list and the dashboard table, its filter
// predicates, its search predicate and the keyset page planner (also used by bulk matching).
import type { Queryable } from "../open.ts";
import { SEARCH_SEPARATORS } from "../schema.ts";
import {
  DASHBOARD_STATUS_SQL,
  DASHBOARD_STATUS_WHERE,
  SCENE_STATUS_SQL,
  SCENE_STATUS_WHERE,
  type DashboardStatus,
  type SceneStatus,
} from "../status.ts";
import { SCENE_SUMMARY_COLUMNS, type SceneSummaryRow } from "./scenes.ts";

/** Which scenes a list shows. Status is the API's or the dashboard's (src/db/status.ts), never both. */
export interface SceneListFilter {
  projectId?: string;
  status?: SceneStatus;
  dashboardStatus?: DashboardStatus;
  version?: number;
  /** Word prefixes of name or error message (every word, case-insensitive) or an id prefix. */
  q?: string;
  /** Scenes to leave out (the dashboard's deletes still inside their undo window). */
  excludeIds?: string[];
}

/** List orders; each walks an index in (key, id) order, and `type` is the key's SQL type for the keyset. */
export const SCENE_SORTS = {
  updated_desc: { column: "updated_at", dir: "desc", type: "timestamptz" },
  updated_asc: { column: "updated_at", dir: "asc", type: "timestamptz" },
  /** Natural order: "scene 2" before "scene 10" (the generated name_key, scenes_name_key_id_idx). */
  name_asc: { column: "name_key", dir: "asc", type: "text" },
  name_desc: { column: "name_key", dir: "desc", type: "text" },
  /** One project in play order (scenes_project_position_idx). */
  position_asc: { column: "position", dir: "asc", type: "int" },
  /** Play order backwards: only walked to read the page before a cursor. */
  position_desc: { column: "position", dir: "desc", type: "int" },
} as const;
export type SceneSort = keyof typeof SCENE_SORTS;

/** Keyset position: the last row's sort key (as text, see `sortKey`) and id. */
export interface SceneKeyset {
  key: string;
  id: string;
}

/** The sort key of a row as text, so any order's cursor has one shape. */
const SORT_KEY_SQL: Record<(typeof SCENE_SORTS)[SceneSort]["column"], string> = {
  updated_at: `to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  name_key: "name_key",
  position: "position::text",
};

/** The column sets a list reads; neither detoasts the code. */
const LIST_COLUMNS = {
  /** The API's summary: every column but the code, plus its status. */
  summary: `${SCENE_SUMMARY_COLUMNS}, ${SCENE_STATUS_SQL} as status`,
  /** The dashboard table: sizes and compile ms from compile_meta, the dashboard status. */
  table: `id, project_id as "projectId", position, name, ${DASHBOARD_STATUS_SQL} as status,
    compilation_version as "compilationVersion", js_compiled_at as "jsCompiledAt",
    (compile_meta->'timings'->>'ms')::float8 as "compileMs",
    (compile_meta->>'inputBytes')::int as "tsxBytes",
    case when js_code is null then null else (compile_meta->>'outputBytes')::int end as "jsBytes",
    compilation_error->>'message' as "errorMessage", updated_at as "updatedAt",
    case when js_code is null then null else compile_meta->>'hash' end as "artifactHash",
    duration_in_frames as "durationInFrames", width, height`,
} as const;

export interface DashboardSceneRow {
  id: string;
  projectId: string | null;
  position: number;
  name: string;
  status: DashboardStatus;
  compilationVersion: number;
  jsCompiledAt: Date | null;
  compileMs: number | null;
  tsxBytes: number | null;
  jsBytes: number | null;
  errorMessage: string | null;
  updatedAt: Date;
  /** Hash of the stored JS (null without one), with the size and duration: what the row's poster depends on. */
  artifactHash: string | null;
  durationInFrames: number;
  width: number;
  height: number;
}

/** The row each column set yields; every row also carries its `sortKey` for the next cursor. */
export interface SceneListRows {
  summary: SceneSummaryRow & { sortKey: string };
  table: DashboardSceneRow & { sortKey: string };
}

const SEARCH_SPLIT = new RegExp(`[\\s${SEARCH_SEPARATORS}]+`);

/** The id range a 4–32 hex-digit query (dashes ignored) is a prefix of, or null when it is not one. */
export function uuidPrefixRange(text: string): [string, string] | null {
  const hex = text.toLowerCase().replaceAll("-", "");
  if (!/^[0-9a-f]{4,32}$/.test(hex)) return null;
  const bound = (fill: string) => hex.padEnd(32, fill).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  return [bound("0"), bound("f")];
}

/**
 * The search-as-you-type predicate of both scene lists, or null when the text has no word: every word
 * of the text is a prefix of a word of the name or error message (GIN on search_words), or the text is
 * an id prefix (a primary-key range). Both branches are indexed, so their OR is a BitmapOr, not a scan.
 */
function sceneSearchPredicate(text: string, param: (v: unknown) => string): string | null {
  const range = uuidPrefixRange(text.trim());
  const byId = range && `id between ${param(range[0])}::uuid and ${param(range[1])}::uuid`;
  const words = text.toLowerCase().split(SEARCH_SPLIT).filter(Boolean);
  if (!words.length) return byId;
  const tsquery = words.map((w) => `'${w}':*`).join(" & ");
  const byWords = `search_words @@ to_tsquery('simple', ${param(tsquery)})`;
  return byId ? `(${byWords} or ${byId})` : byWords;
}

/** Rows of the list order a search reads first: a common term fills a page from these alone. */
const SEARCH_PROBE_ROWS = 300;
/** Most matches a search collects through its GIN index before the term counts as common. */
const SEARCH_FIRST_CAP = 1000;

/**
 * One ordered, limited page of scenes: `select <columns> from scenes where … order by … limit …`.
 * With a word search the planner cannot tell a rare prefix from a common one (it assumes 2% of rows),
 * so left alone it walks the list index and, for a term that matches nothing, reads all 100k rows.
 * A search therefore (1) filters the first SEARCH_PROBE_ROWS rows of the list order: a page found
 * there is the page (common terms, ~2 ms); else (2) collects up to SEARCH_FIRST_CAP matches through
 * the GIN index and pages those (rare terms); only past the cap (3) walks the list index, which then
 * meets a page within ~5k rows. orderBy may name id, updated_at, name_key and position.
 */
export async function scenePage<T extends object>(
  db: Queryable,
  page: { columns: string; where: string[]; search: string | null; orderBy: string; limit: number },
  params: unknown[],
): Promise<T[]> {
  const filters = page.where.length ? `where ${page.where.join(" and ")}` : "";
  const limit = `$${params.push(page.limit)}`;
  const whereSql = page.search ? `${filters ? `${filters} and` : "where"} ${page.search}` : filters;
  const plain = `select ${page.columns} from scenes ${whereSql} order by ${page.orderBy} limit ${limit}`;
  if (!page.search?.includes("search_words @@")) return db.query<T>(plain, params);

  // A page larger than the probe (bulk recompile's) can never be filled by it.
  if (page.limit <= SEARCH_PROBE_ROWS) {
    const probe = await db.query<T>(
      `select ${page.columns} from (select * from scenes ${filters} order by ${page.orderBy} limit ${SEARCH_PROBE_ROWS}) as scenes
       where ${page.search} order by ${page.orderBy} limit ${limit}`,
      params,
    );
    if (probe.length === page.limit) return probe;
  }
  const rows = await db.query<T & { searchHits?: number }>(
    `with hits as materialized (
       select id, updated_at, name_key, position from scenes ${whereSql} limit ${SEARCH_FIRST_CAP + 1}),
     page as (select id from hits order by ${page.orderBy} limit ${limit})
     select ${page.columns}, (select count(*) from hits)::int as "searchHits"
     from scenes where id in (select id from page) order by ${page.orderBy}`,
    params,
  );
  if (rows.length && rows[0]!.searchHits! > SEARCH_FIRST_CAP) return db.query<T>(plain, params);
  for (const row of rows) delete row.searchHits;
  return rows;
}

/** The filter's predicates, and its search predicate apart (scenePage plans a search on its own). */
export function sceneListWhere(
  filter: SceneListFilter,
  param: (v: unknown) => string,
): { where: string[]; search: string | null } {
  const where: string[] = [];
  if (filter.projectId) where.push(`project_id = ${param(filter.projectId)}`);
  if (filter.status) where.push(SCENE_STATUS_WHERE[filter.status]);
  if (filter.dashboardStatus) where.push(DASHBOARD_STATUS_WHERE[filter.dashboardStatus]);
  if (filter.version !== undefined) where.push(`compilation_version = ${param(filter.version)}`);
  // A comma-joined text parameter: array parameters are passed differently by the two drivers.
  if (filter.excludeIds?.length) where.push(`id <> all(string_to_array(${param(filter.excludeIds.join(","))}, ',')::uuid[])`);
  return { where, search: filter.q ? sceneSearchPredicate(filter.q, param) : null };
}

/**
 * One page (+1 row to tell whether a next page exists) of either scene list — the API's summaries or
 * the dashboard's table — filtered, sorted and keyset-paginated on (sort key, id) after `after`.
 */
export async function listScenes<C extends keyof SceneListRows>(
  db: Queryable,
  columns: C,
  filter: SceneListFilter,
  sort: SceneSort,
  limit: number,
  after: SceneKeyset | null,
): Promise<SceneListRows[C][]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { column, dir, type } = SCENE_SORTS[sort];
  const { where, search } = sceneListWhere(filter, param);
  if (after) {
    where.push(`(${column}, id) ${dir === "desc" ? "<" : ">"} (${param(after.key)}::${type}, ${param(after.id)}::uuid)`);
  }
  const page = {
    columns: `${LIST_COLUMNS[columns]}, ${SORT_KEY_SQL[column]} as "sortKey"`,
    where,
    search,
    orderBy: `${column} ${dir}, id ${dir}`,
    limit: limit + 1,
  };
  return scenePage<SceneListRows[C]>(db, page, params);
}
