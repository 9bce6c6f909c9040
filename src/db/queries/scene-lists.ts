// Scene lists: the one keyset page planner (scenePage) and search predicate both lists use, and the API list.
import type { Queryable } from "../open.ts";
import { SEARCH_SEPARATORS } from "../schema.ts";
import { SCENE_STATUS_SQL, SCENE_STATUS_WHERE, type SceneStatus } from "../status.ts";
import { SCENE_SUMMARY_COLUMNS, type SceneSummaryRow } from "./scenes.ts";

// Scenes: lists

export interface SceneListFilter {
  projectId?: string;
  status?: SceneStatus;
  version?: number;
  /** Word prefixes of name or error message (every word, case-insensitive) or an id prefix. */
  q?: string;
}

/**
 * Keyset position. "recent" lists newest first by (updated_at, id); "position" lists one project in
 * play order by (position, id). The service encodes it into the opaque nextCursor.
 */
export type SceneListCursor =
  | { order: "recent"; updatedAt: string; id: string }
  | { order: "position"; position: number; id: string };

const SEARCH_SPLIT = new RegExp(`[\\s${SEARCH_SEPARATORS}]+`);

/** The id range a 4–32 hex-digit query (dashes ignored) is a prefix of, or null when it is not one. */
function uuidPrefixRange(text: string): [string, string] | null {
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
export function sceneSearchPredicate(text: string, param: (v: unknown) => string): string | null {
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
 * meets a page within ~5k rows. orderBy may name id, updated_at, name and position.
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
       select id, updated_at, name, position from scenes ${whereSql} limit ${SEARCH_FIRST_CAP + 1}),
     page as (select id from hits order by ${page.orderBy} limit ${limit})
     select ${page.columns}, (select count(*) from hits)::int as "searchHits"
     from scenes where id in (select id from page) order by ${page.orderBy}`,
    params,
  );
  if (rows.length && rows[0]!.searchHits! > SEARCH_FIRST_CAP) return db.query<T>(plain, params);
  for (const row of rows) delete row.searchHits;
  return rows;
}

/**
 * One page of scene summaries (no code) plus one extra row to tell whether a next page exists.
 * Filters map to the partial/compound indexes of schema.ts; search is sceneSearchPredicate's.
 */
export async function listScenes(
  db: Queryable,
  filter: SceneListFilter,
  limit: number,
  cursor: SceneListCursor | null,
): Promise<SceneSummaryRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const order = filter.projectId ? "position" : "recent";

  if (filter.projectId) where.push(`project_id = ${param(filter.projectId)}`);
  if (filter.status) where.push(SCENE_STATUS_WHERE[filter.status]);
  if (filter.version !== undefined) where.push(`compilation_version = ${param(filter.version)}`);
  const search = filter.q ? sceneSearchPredicate(filter.q, param) : null;
  if (cursor?.order === "recent" && order === "recent") {
    where.push(`(updated_at, id) < (${param(cursor.updatedAt)}::timestamptz, ${param(cursor.id)}::uuid)`);
  } else if (cursor?.order === "position" && order === "position") {
    where.push(`(position, id) > (${param(cursor.position)}::int, ${param(cursor.id)}::uuid)`);
  }
  const orderBy = order === "recent" ? "updated_at desc, id desc" : "position asc, id asc";
  const columns = `${SCENE_SUMMARY_COLUMNS}, ${SCENE_STATUS_SQL} as status`;
  return scenePage<SceneSummaryRow>(db, { columns, where, search, orderBy, limit: limit + 1 }, params);
}
