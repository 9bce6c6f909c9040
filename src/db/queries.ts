// Every SQL statement of Clapper, one named function each (pg-boss style); callers never write SQL.
import type { CompileErrorInfo, CompileMeta } from "../compiler/types.ts";
import type { Queryable } from "./open.ts";
import { SEARCH_SEPARATORS } from "./schema.ts";
import {
  DASHBOARD_STATUS_SQL,
  DASHBOARD_STATUS_WHERE,
  SCENE_STATUS_SQL,
  SCENE_STATUS_WHERE,
  type DashboardStatus,
  type SceneStatus,
} from "./status.ts";

// ---------------------------------------------------------------------------------------------
// Row shapes (snake_case columns mapped to camelCase in SQL so callers get ready objects).

export interface SceneRow {
  id: string;
  projectId: string | null;
  position: number;
  name: string;
  tsx: string;
  js: string | null;
  jsCompiledAt: Date | null;
  jsRevision: number | null;
  compilationVersion: number;
  /** Describes js_code (its hash is the ETag); for a never-compiled-ok scene, the last attempt. */
  compileMeta: CompileMeta | null;
  /** Error of the latest compile attempt; null when it succeeded. */
  compilationError: CompileErrorInfo | null;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A scene in lists: everything but the code, plus the derived status. */
export type SceneSummaryRow = Omit<SceneRow, "tsx" | "js"> & { status: SceneStatus };


const SCENE_SUMMARY_COLUMNS = `
  id, project_id as "projectId", position, name,
  js_compiled_at as "jsCompiledAt", js_revision as "jsRevision",
  compilation_version as "compilationVersion", compile_meta as "compileMeta",
  compilation_error as "compilationError", duration_in_frames as "durationInFrames",
  fps, width, height, revision, created_at as "createdAt", updated_at as "updatedAt"`;

const SCENE_COLUMNS = `${SCENE_SUMMARY_COLUMNS}, tsx_code as tsx, js_code as js`;

// ---------------------------------------------------------------------------------------------
// Health

/** Returns true when the database answers; /healthz uses it. */
export async function ping(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ ok: number }>("select 1 as ok");
  return rows[0]?.ok === 1;
}

// ---------------------------------------------------------------------------------------------
// Scenes: single rows

/** The full scene (with TSX and JS) or null; used by GET /api/scenes/:id and the JS endpoint. */
export async function getScene(db: Queryable, id: string): Promise<SceneRow | null> {
  const rows = await db.query<SceneRow>(`select ${SCENE_COLUMNS} from scenes where id = $1`, [id]);
  return rows[0] ?? null;
}

/** The full scene row locked FOR UPDATE, so a write's revision check and update are atomic. */
export async function lockScene(tx: Queryable, id: string): Promise<SceneRow | null> {
  const rows = await tx.query<SceneRow>(`select ${SCENE_COLUMNS} from scenes where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

/** Every column a write sets; id and timestamps come from the database. */
export type SceneWrite = Omit<SceneRow, "id" | "createdAt" | "updatedAt">;

const SCENE_WRITE_VALUES = (w: SceneWrite) => [
  w.projectId, w.position, w.name, w.tsx, w.js, w.jsCompiledAt, w.jsRevision, w.compilationVersion,
  w.compileMeta, w.compilationError, w.durationInFrames, w.fps, w.width, w.height, w.revision,
];

/** Inserts a new scene and returns the stored row (id and timestamps from the database). */
export async function insertScene(tx: Queryable, w: SceneWrite): Promise<SceneRow> {
  const rows = await tx.query<SceneRow>(
    `insert into scenes (project_id, position, name, tsx_code, js_code, js_compiled_at, js_revision,
       compilation_version, compile_meta, compilation_error, duration_in_frames, fps, width, height, revision)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)
     returning ${SCENE_COLUMNS}`,
    SCENE_WRITE_VALUES(w),
  );
  return rows[0]!;
}

/** Overwrites every writable column of a scene (caller holds the row lock) and returns the new row. */
export async function updateScene(tx: Queryable, id: string, w: SceneWrite): Promise<SceneRow> {
  const rows = await tx.query<SceneRow>(
    `update scenes set project_id = $1, position = $2, name = $3, tsx_code = $4, js_code = $5,
       js_compiled_at = $6, js_revision = $7, compilation_version = $8, compile_meta = $9::jsonb,
       compilation_error = $10::jsonb, duration_in_frames = $11, fps = $12, width = $13, height = $14,
       revision = $15, updated_at = now()
     where id = $16
     returning ${SCENE_COLUMNS}`,
    [...SCENE_WRITE_VALUES(w), id],
  );
  return rows[0]!;
}

export type SceneArtifactWrite = Pick<
  SceneWrite,
  "js" | "jsCompiledAt" | "jsRevision" | "compilationVersion" | "compileMeta" | "compilationError"
>;

/** Stores a recompile's outcome only; TSX, revision and updated_at stay (recompile/backfill). */
export async function storeSceneArtifact(tx: Queryable, id: string, a: SceneArtifactWrite): Promise<SceneRow> {
  const rows = await tx.query<SceneRow>(
    `update scenes set js_code = $1, js_compiled_at = $2, js_revision = $3, compilation_version = $4,
       compile_meta = $5::jsonb, compilation_error = $6::jsonb
     where id = $7
     returning ${SCENE_COLUMNS}`,
    [a.js, a.jsCompiledAt, a.jsRevision, a.compilationVersion, a.compileMeta, a.compilationError, id],
  );
  return rows[0]!;
}

/** Position after the last scene of a project, so a new scene without one goes to the end. */
export async function nextScenePosition(tx: Queryable, projectId: string): Promise<number> {
  const rows = await tx.query<{ next: number }>(
    "select coalesce(max(position) + 1, 0) as next from scenes where project_id = $1",
    [projectId],
  );
  return rows[0]!.next;
}

/** Deletes a scene; returns false when it did not exist. Revisions and events are kept on purpose. */
export async function deleteScene(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>("delete from scenes where id = $1 returning id", [id]);
  return rows.length > 0;
}

/** Number of scenes; main.ts seeds the samples only into an empty database. */
export async function countScenes(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>("select count(*) as n from scenes");
  return rows[0]!.n;
}

// ---------------------------------------------------------------------------------------------
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
 * meets a page within ~5k rows. orderBy may name id, updated_at, name and position.
 */
async function scenePage<T extends object>(
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

// ---------------------------------------------------------------------------------------------
// Revisions

export interface RevisionRow {
  sceneId: string;
  revision: number;
  name: string;
  tsx: string;
  createdAt: Date;
}

/** Records the TSX of one write; the (scene, revision) key makes a lost update impossible. */
export async function insertRevision(
  tx: Queryable,
  r: { sceneId: string; revision: number; name: string; tsx: string },
): Promise<void> {
  await tx.query(
    "insert into scene_revisions (scene_id, revision, name, tsx_code) values ($1, $2, $3, $4)",
    [r.sceneId, r.revision, r.name, r.tsx],
  );
}

/** Every revision of a scene, newest first, without TSX (history lists). */
export async function listRevisions(
  db: Queryable,
  sceneId: string,
): Promise<Omit<RevisionRow, "tsx">[]> {
  return db.query(
    `select scene_id as "sceneId", revision, name, created_at as "createdAt"
     from scene_revisions where scene_id = $1 order by revision desc`,
    [sceneId],
  );
}

/** One revision with its TSX, or null; used for history views and diffs. */
export async function getRevision(
  db: Queryable,
  sceneId: string,
  revision: number,
): Promise<RevisionRow | null> {
  const rows = await db.query<RevisionRow>(
    `select scene_id as "sceneId", revision, name, tsx_code as tsx, created_at as "createdAt"
     from scene_revisions where scene_id = $1 and revision = $2`,
    [sceneId, revision],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Events

export interface CompileEventWrite {
  sceneId: string | null;
  trigger: string;
  ok: boolean;
  durationMs: number;
  inputBytes: number;
  outputBytes: number;
  tool: string;
  toolVersion: string;
  targetVersion: number;
  error: object | null;
}

/** Records one compile attempt (ok or not); the daily metrics are computed from these rows. */
export async function insertCompileEvent(tx: Queryable, e: CompileEventWrite): Promise<void> {
  await tx.query(
    `insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool,
       tool_version, target_version, error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [e.sceneId, e.trigger, e.ok, e.durationMs, e.inputBytes, e.outputBytes, e.tool, e.toolVersion,
      e.targetVersion, e.error],
  );
}

export interface RuntimeEventWrite {
  sceneId: string;
  context: "preview" | "export";
  kind: "ok" | "error" | "retry";
  message: string | null;
  retryCount: number;
  compilationVersion: number | null;
}

/**
 * Records one preview/export execution result against the scene's current artifact version, read in
 * the same statement; returns false (nothing stored) when the scene does not exist.
 */
export async function insertRuntimeEvent(
  db: Queryable,
  e: Omit<RuntimeEventWrite, "compilationVersion">,
): Promise<boolean> {
  const rows = await db.query(
    `insert into runtime_events (scene_id, context, kind, message, retry_count, compilation_version)
     select id, $2::text, $3::text, $4::text, $5::int, compilation_version from scenes where id = $1
     returning 1`,
    [e.sceneId, e.context, e.kind, e.message, e.retryCount],
  );
  return rows.length > 0;
}

/** Runtime events of one scene, newest first (scene detail page, retry assertions). */
export async function listRuntimeEvents(
  db: Queryable,
  sceneId: string,
  limit = 50,
): Promise<(RuntimeEventWrite & { id: number; createdAt: Date })[]> {
  return db.query(
    `select id, scene_id as "sceneId", context, kind, message, retry_count as "retryCount",
       compilation_version as "compilationVersion", created_at as "createdAt"
     from runtime_events where scene_id = $1 order by created_at desc, id desc limit $2`,
    [sceneId, limit],
  );
}

// ---------------------------------------------------------------------------------------------
// Metrics

export interface DailyCompileMetrics {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  compiles: number;
  failures: number;
  /** null on a day without compiles (there is no median of nothing). */
  p50Ms: number | null;
  p95Ms: number | null;
  inputBytes: number;
  outputBytes: number;
}

/**
 * One row per UTC day for the last `days` days (today included), zero-filled by generate_series.
 * Events are read with one range scan on compile_events_created_idx and grouped by UTC day first;
 * the integer series keeps row estimates exact (a timestamp series is guessed at 1000 rows, which
 * made the planner sort to disk and JIT-compile).
 */
export async function dailyCompileMetrics(db: Queryable, days: number): Promise<DailyCompileMetrics[]> {
  return db.query<DailyCompileMetrics>(
    `with bounds as (select (now() at time zone 'UTC')::date as today),
     per_day as (
       select (e.created_at at time zone 'UTC')::date as day,
              count(*)::int as compiles,
              (count(*) filter (where not e.ok))::int as failures,
              percentile_cont(0.5) within group (order by e.duration_ms) as p50,
              percentile_cont(0.95) within group (order by e.duration_ms) as p95,
              sum(e.input_bytes)::float8 as input_bytes,
              sum(e.output_bytes)::float8 as output_bytes
       from compile_events e, bounds
       where e.created_at >= (bounds.today - ($1::int - 1))::timestamp at time zone 'UTC'
       group by 1
     )
     select to_char(bounds.today - k, 'YYYY-MM-DD') as day,
            coalesce(p.compiles, 0) as compiles,
            coalesce(p.failures, 0) as failures,
            p.p50 as "p50Ms",
            p.p95 as "p95Ms",
            coalesce(p.input_bytes, 0) as "inputBytes",
            coalesce(p.output_bytes, 0) as "outputBytes"
     from bounds
     cross join generate_series($1::int - 1, 0, -1) as k
     left join per_day p on p.day = bounds.today - k
     order by k desc`,
    [days],
  );
}

// ---------------------------------------------------------------------------------------------
// Dashboard (views/pages, src/services/dashboard.ts)

export interface SceneStatsRow {
  version: number;
  status: DashboardStatus;
  scenes: number;
  tsxBytes: number;
  jsBytes: number;
}

/**
 * Scene counts and stored bytes per (version, status): the overview's headline numbers and the
 * "scenes by version" chart. A full scan (octet_length reads TOAST headers only), so the dashboard
 * service caches it for a few seconds instead of running it per request.
 */
export async function dashboardSceneStats(db: Queryable): Promise<SceneStatsRow[]> {
  return db.query<SceneStatsRow>(
    `select compilation_version as version, ${DASHBOARD_STATUS_SQL} as status, count(*)::int as scenes,
            coalesce(sum(octet_length(tsx_code)), 0)::float8 as "tsxBytes",
            coalesce(sum(octet_length(js_code)), 0)::float8 as "jsBytes"
     from scenes group by 1, 2 order by 1, 2`,
  );
}

/** Scenes per compiler build of their stored JS (overview "compiler in use"); cached like the stats. */
export async function dashboardCompilerVersions(db: Queryable): Promise<{ compiler: string; scenes: number }[]> {
  return db.query(
    `select coalesce(compile_meta->>'compiler', 'unknown') as compiler, count(*)::int as scenes
     from scenes where js_code is not null group by 1 order by 2 desc limit 10`,
  );
}

export interface CompileWindowRow {
  compiles: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Compile attempts, failures and p50/p95 duration since `since` (a range on compile_events_created_idx). */
export async function compileWindowStats(db: Queryable, since: Date): Promise<CompileWindowRow> {
  const rows = await db.query<CompileWindowRow>(
    `select count(*)::int as compiles, (count(*) filter (where not ok))::int as failures,
            percentile_cont(0.5) within group (order by duration_ms) as "p50Ms",
            percentile_cont(0.95) within group (order by duration_ms) as "p95Ms"
     from compile_events where created_at >= $1`,
    [since],
  );
  return rows[0]!;
}

export interface DailyRuntimeErrors {
  day: string;
  preview: number;
  export: number;
}

/** Runtime errors per UTC day and context for the last `days` days, zero-filled (overview chart). */
export async function dailyRuntimeErrors(db: Queryable, days: number): Promise<DailyRuntimeErrors[]> {
  return db.query<DailyRuntimeErrors>(
    `with days as (
       select d::date as day, d at time zone 'UTC' as day_start,
              (d + interval '1 day') at time zone 'UTC' as day_end
       from generate_series(
         ((now() at time zone 'UTC')::date - ($1::int - 1))::timestamp,
         (now() at time zone 'UTC')::date::timestamp,
         interval '1 day') as d
     )
     select to_char(days.day, 'YYYY-MM-DD') as day,
            (count(e.id) filter (where e.context = 'preview'))::int as preview,
            (count(e.id) filter (where e.context = 'export'))::int as export
     from days
     left join runtime_events e
       on e.created_at >= days.day_start and e.created_at < days.day_end and e.kind = 'error'
     group by days.day order by days.day`,
    [days],
  );
}

export interface DashboardSceneFilter {
  status?: DashboardStatus;
  version?: number;
  projectId?: string;
  /** Word prefixes of name or error message (every word, case-insensitive) or an id prefix. */
  q?: string;
}

/** List orders the scenes table offers; each one walks an index in (key, id) order. */
export const DASHBOARD_SORTS = {
  updated_desc: { column: "updated_at", dir: "desc" },
  updated_asc: { column: "updated_at", dir: "asc" },
  name_asc: { column: "name", dir: "asc" },
  name_desc: { column: "name", dir: "desc" },
} as const;
export type DashboardSort = keyof typeof DASHBOARD_SORTS;

export interface DashboardSceneRow {
  id: string;
  projectId: string | null;
  name: string;
  status: DashboardStatus;
  compilationVersion: number;
  jsCompiledAt: Date | null;
  compileMs: number | null;
  tsxBytes: number | null;
  jsBytes: number | null;
  errorMessage: string | null;
  updatedAt: Date;
  /** The sort key of this row as text, for the next page's keyset cursor. */
  sortKey: string;
}

/** The filter's predicates, and its search predicate apart (scenePage plans a search on its own). */
function dashboardSceneWhere(
  filter: DashboardSceneFilter,
  param: (v: unknown) => string,
): { where: string[]; search: string | null } {
  const where: string[] = [];
  if (filter.status) where.push(DASHBOARD_STATUS_WHERE[filter.status]);
  if (filter.version !== undefined) where.push(`compilation_version = ${param(filter.version)}`);
  if (filter.projectId) where.push(`project_id = ${param(filter.projectId)}`);
  return { where, search: filter.q ? sceneSearchPredicate(filter.q, param) : null };
}

/**
 * One page (+1 row to detect a next one) of the dashboard's scene table: summary columns only, sizes
 * and compile ms read from compile_meta so no code is detoasted. Keyset on (sort key, id).
 */
export async function listDashboardScenes(
  db: Queryable,
  filter: DashboardSceneFilter,
  sort: DashboardSort,
  limit: number,
  after: { key: string; id: string } | null,
): Promise<DashboardSceneRow[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { column, dir } = DASHBOARD_SORTS[sort];
  const { where, search } = dashboardSceneWhere(filter, param);
  if (after) {
    const keyType = column === "name" ? "text" : "timestamptz";
    where.push(
      `(${column}, id) ${dir === "desc" ? "<" : ">"} (${param(after.key)}::${keyType}, ${param(after.id)}::uuid)`,
    );
  }
  const sortKey = column === "name" ? "name" : `to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const columns = `id, project_id as "projectId", name, ${DASHBOARD_STATUS_SQL} as status,
    compilation_version as "compilationVersion", js_compiled_at as "jsCompiledAt",
    (compile_meta->'timings'->>'ms')::float8 as "compileMs",
    (compile_meta->>'inputBytes')::int as "tsxBytes",
    case when js_code is null then null else (compile_meta->>'outputBytes')::int end as "jsBytes",
    compilation_error->>'message' as "errorMessage", updated_at as "updatedAt", ${sortKey} as "sortKey"`;
  const orderBy = `${column} ${dir}, id ${dir}`;
  return scenePage<DashboardSceneRow>(db, { columns, where, search, orderBy, limit: limit + 1 }, params);
}

/** Ids of scenes matching a filter, at most `cap` (bulk "recompile all matching"). */
export async function matchingSceneIds(db: Queryable, filter: DashboardSceneFilter, cap: number): Promise<string[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { where, search } = dashboardSceneWhere(filter, param);
  const page = { columns: "id", where, search, orderBy: "updated_at desc, id desc", limit: cap };
  const rows = await scenePage<{ id: string }>(db, page, params);
  return rows.map((r) => r.id);
}

/** How many scenes match a filter, counting at most `cap + 1` (the bulk confirm step says "more than"). */
export async function countMatchingScenes(db: Queryable, filter: DashboardSceneFilter, cap: number): Promise<number> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { where, search } = dashboardSceneWhere(filter, param);
  if (search) where.push(search);
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from scenes ${where.length ? `where ${where.join(" and ")}` : ""}
     limit ${param(cap + 1)}) as capped`,
    params,
  );
  return rows[0]!.n;
}

/** Distinct project ids with their scene counts, largest first (the project filter's options). */
export async function dashboardProjects(db: Queryable, limit = 50): Promise<{ projectId: string; scenes: number }[]> {
  return db.query(
    `select project_id as "projectId", count(*)::int as scenes from scenes
     where project_id is not null group by 1 order by 2 desc, 1 limit $1`,
    [limit],
  );
}

export interface CompileEventRow {
  id: number;
  trigger: string;
  ok: boolean;
  durationMs: number;
  inputBytes: number;
  outputBytes: number;
  toolVersion: string;
  targetVersion: number;
  error: { message?: string; line?: number | null; column?: number | null } | null;
  createdAt: Date;
}

/** A scene's compile attempts, newest first (scene detail history), via compile_events_scene_created_idx. */
export async function listSceneCompileEvents(db: Queryable, sceneId: string, limit = 50): Promise<CompileEventRow[]> {
  return db.query<CompileEventRow>(
    `select id, trigger, ok, duration_ms as "durationMs", input_bytes as "inputBytes",
            output_bytes as "outputBytes", tool_version as "toolVersion", target_version as "targetVersion",
            error, created_at as "createdAt"
     from compile_events where scene_id = $1 order by created_at desc, id desc limit $2`,
    [sceneId, limit],
  );
}

export interface FailureGroupRow {
  pattern: string;
  scenes: number;
  firstSeen: Date;
  lastSeen: Date;
  /** A few scenes of the group, most recent first. */
  samples: { id: string; name: string }[];
}

/**
 * Failing scenes grouped by their error message with numbers, quoted names and (line:col) refs
 * replaced by placeholders, biggest group first; walks only failing rows (partial index).
 */
export async function failureGroups(db: Queryable, limit = 100): Promise<FailureGroupRow[]> {
  return db.query<FailureGroupRow>(
    `with failing as (
       select id, name, updated_at,
         regexp_replace(regexp_replace(regexp_replace(regexp_replace(
           compilation_error->>'message',
           '\\(\\d+:\\d+\\)', '(L:C)', 'g'),
           '"[^"]*"|''[^'']*''|\`[^\`]*\`', '"…"', 'g'),
           '\\m(line|column|col) \\d+', '\\1 N', 'gi'),
           '\\d+', 'N', 'g') as pattern
       from scenes where compilation_error is not null
     )
     select pattern, count(*)::int as scenes, min(updated_at) as "firstSeen", max(updated_at) as "lastSeen",
            to_json((array_agg(json_build_object('id', id, 'name', name) order by updated_at desc))[1:5]) as samples
     from failing group by pattern order by scenes desc, pattern limit $1`,
    [limit],
  );
}

// ---------------------------------------------------------------------------------------------
// Backfill runs (src/services/backfill.ts). One run per database: backfill_runs_one_active_idx plus
// a session advisory lock held by the process that works on the run.

/** What a run does; stored in backfill_runs.options so a resumed run keeps its meaning. */
export interface BackfillOptions {
  batchSize: number;
  /** true: only scenes without JS. false: every scene behind targetVersion/the compiler/its revision. */
  onlyMissing: boolean;
  /** Artifact version to emit; null keeps each scene's compilation_version. */
  targetVersion: number | null;
  dryRun: boolean;
  /** COMPILER_VERSION when the run started; "outdated" means compiled by another one. */
  compiler: string;
}

/** Keyset position (last scene id written) and working time, committed with every batch. */
export interface BackfillCursor {
  afterId: string | null;
  /** Milliseconds spent working on the run across resumes (the rate's denominator). */
  activeMs: number;
}

export type BackfillStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface BackfillRunRow {
  id: string;
  status: BackfillStatus;
  options: BackfillOptions;
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cursor: BackfillCursor | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  error: { message: string } | null;
}

/** One scene the run will compile. */
export interface BackfillCandidate {
  id: string;
  tsx: string;
  revision: number;
  compilationVersion: number;
}

/** A compile outcome to store; `revision` is the one the TSX was read at (the write guard). */
export interface BackfillResult {
  id: string;
  revision: number;
  ok: boolean;
  js: string | null;
  version: number;
  meta: CompileMeta;
  error: CompileErrorInfo | null;
}

const BACKFILL_RUN_COLUMNS = `id, status, options, total, processed, succeeded, failed, skipped, cursor,
  started_at as "startedAt", finished_at as "finishedAt", created_at as "createdAt",
  updated_at as "updatedAt", error`;

/** Arbitrary but fixed key of the backfill advisory lock (two-int form). */
const BACKFILL_LOCK_KEY = "7242937, 5";

/** Predicate for the scenes a run (re)compiles; `param` appends a bind value and returns its $n. */
function backfillPredicate(o: BackfillOptions, param: (v: unknown) => string): string {
  if (o.onlyMissing) return "js_code is null";
  const checks = [
    "js_code is null",
    "js_revision is distinct from revision",
    `compile_meta->>'compiler' is distinct from ${param(o.compiler)}`,
  ];
  if (o.targetVersion !== null) checks.push(`compilation_version <> ${param(o.targetVersion)}::int`);
  return `(${checks.join(" or ")})`;
}

/** True when this session got the backfill lock; a second process (or connection) gets false. */
export async function tryBackfillLock(session: Queryable): Promise<boolean> {
  const rows = await session.query<{ locked: boolean }>(`select pg_try_advisory_lock(${BACKFILL_LOCK_KEY}) as locked`);
  return rows[0]!.locked;
}

/** Releases the lock taken by tryBackfillLock on the same session. */
export async function releaseBackfillLock(session: Queryable): Promise<void> {
  await session.query(`select pg_advisory_unlock(${BACKFILL_LOCK_KEY})`);
}

/** Number of scenes the run will visit; fixed at start so progress has a denominator. */
export async function countBackfillCandidates(db: Queryable, o: BackfillOptions): Promise<number> {
  const params: unknown[] = [];
  const where = backfillPredicate(o, (v) => `$${params.push(v)}`);
  const rows = await db.query<{ n: number }>(`select count(*) as n from scenes where ${where}`, params);
  return rows[0]!.n;
}

/** The next `limit` candidates after the cursor in id order (keyset on the primary key, no OFFSET). */
export async function selectBackfillBatch(
  db: Queryable,
  o: BackfillOptions,
  afterId: string | null,
  limit: number,
): Promise<BackfillCandidate[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where = [backfillPredicate(o, param)];
  if (afterId !== null) where.push(`id > ${param(afterId)}::uuid`);
  return db.query<BackfillCandidate>(
    `select id, tsx_code as tsx, revision, compilation_version as "compilationVersion"
     from scenes where ${where.join(" and ")} order by id limit ${param(limit)}`,
    params,
  );
}

/**
 * Stores one batch atomically and returns the updated run, or null when the run is no longer
 * running (cancelled), in which case nothing was written. One statement: the run row is locked,
 * scenes are updated only where the revision is still the one compiled (an API edit wins), compile
 * events are inserted for exactly the rows written, and the cursor and counters advance. Rows not
 * written count as skipped. A dry run only advances the cursor and counters.
 */
export async function writeBackfillBatch(
  db: Queryable,
  runId: string,
  cursor: BackfillCursor,
  results: BackfillResult[],
  dryRun: boolean,
): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `with run as (
       select id from backfill_runs where id = $1 and status = 'running' for update
     ),
     input as (
       select * from jsonb_to_recordset($2::jsonb)
         as i(id uuid, revision int, ok boolean, js text, version int, meta jsonb, error jsonb)
     ),
     written as (
       update scenes s set
         js_code = case when i.ok then i.js else s.js_code end,
         js_compiled_at = case when i.ok then now() else s.js_compiled_at end,
         js_revision = case when i.ok then s.revision else s.js_revision end,
         compilation_version = case when i.ok then i.version else s.compilation_version end,
         compile_meta = case when i.ok or s.js_code is null then i.meta else s.compile_meta end,
         compilation_error = i.error
       from input i
       where s.id = i.id and s.revision = i.revision and not $3::boolean and exists (select 1 from run)
       returning s.id, i.ok, i.meta, i.error
     ),
     events as (
       insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool,
         tool_version, target_version, error)
       select id, 'backfill', ok, (meta->'timings'->>'ms')::float8, (meta->>'inputBytes')::int,
         coalesce((meta->>'outputBytes')::int, 0), meta->>'tool', meta->>'toolVersion',
         (meta->>'targetVersion')::int, error
       from written
     ),
     outcome as (
       select count(*) filter (where ok) as ok_n, count(*) filter (where not ok) as failed_n
       from (select ok from written union all select ok from input where $3::boolean) o
     )
     update backfill_runs r set
       processed = processed + $4::int,
       succeeded = succeeded + outcome.ok_n,
       failed = failed + outcome.failed_n,
       skipped = skipped + ($4::int - outcome.ok_n - outcome.failed_n),
       cursor = $5::jsonb,
       updated_at = now()
     from outcome
     where r.id = (select id from run)
     returning ${BACKFILL_RUN_COLUMNS}`,
    [runId, JSON.stringify(results), dryRun, results.length, cursor],
  );
  return rows[0] ?? null;
}

/** Creates a running run, or returns null when another run is already active (unique index). */
export async function insertBackfillRun(
  db: Queryable,
  options: BackfillOptions,
  total: number,
): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `insert into backfill_runs (status, options, total, cursor, started_at)
     values ('running', $1::jsonb, $2, $3::jsonb, now())
     on conflict do nothing
     returning ${BACKFILL_RUN_COLUMNS}`,
    [options, total, { afterId: null, activeMs: 0 } satisfies BackfillCursor],
  );
  return rows[0] ?? null;
}

/** Puts an interrupted, failed or cancelled run back to running; null if it cannot be (finished or another is active). */
export async function reopenBackfillRun(db: Queryable, id: string): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `update backfill_runs set status = 'running', finished_at = null, error = null, updated_at = now()
     where id = $1 and status in ('running', 'failed', 'cancelled')
       and not exists (select 1 from backfill_runs o where o.status in ('queued', 'running') and o.id <> $1)
     returning ${BACKFILL_RUN_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/** Ends a running run (succeeded/failed) and returns it; null if it was not running any more. */
export async function finishBackfillRun(
  db: Queryable,
  id: string,
  status: "succeeded" | "failed",
  error: { message: string } | null,
): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `update backfill_runs set status = $2, error = $3::jsonb, finished_at = now(), updated_at = now()
     where id = $1 and status = 'running'
     returning ${BACKFILL_RUN_COLUMNS}`,
    [id, status, error],
  );
  return rows[0] ?? null;
}

/** Marks an active run cancelled; its worker sees it at the next batch write (which then writes nothing). */
export async function cancelBackfillRun(db: Queryable, id: string): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `update backfill_runs set status = 'cancelled', finished_at = now(), updated_at = now()
     where id = $1 and status in ('queued', 'running')
     returning ${BACKFILL_RUN_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/** One run or null. */
export async function getBackfillRun(db: Queryable, id: string): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(`select ${BACKFILL_RUN_COLUMNS} from backfill_runs where id = $1`, [id]);
  return rows[0] ?? null;
}

/** The queued/running run, if any (there is at most one). */
export async function findActiveBackfillRun(db: Queryable): Promise<BackfillRunRow | null> {
  const rows = await db.query<BackfillRunRow>(
    `select ${BACKFILL_RUN_COLUMNS} from backfill_runs where status in ('queued', 'running') limit 1`,
  );
  return rows[0] ?? null;
}

/** The latest runs, newest first (history table, `--resume` without an id). */
export async function listBackfillRuns(db: Queryable, limit: number): Promise<BackfillRunRow[]> {
  return db.query<BackfillRunRow>(
    `select ${BACKFILL_RUN_COLUMNS} from backfill_runs order by created_at desc, id desc limit $1`,
    [limit],
  );
}

export interface BackfillFailureRow {
  sceneId: string;
  name: string | null;
  message: string | null;
  line: number | null;
  createdAt: Date;
}

/**
 * Scenes whose backfill compile failed during a run. Runs never overlap (one active at a time), so
 * the run's time window identifies its compile events without a run column on compile_events.
 */
export async function listBackfillRunFailures(
  db: Queryable,
  run: Pick<BackfillRunRow, "startedAt" | "finishedAt">,
  limit: number,
): Promise<BackfillFailureRow[]> {
  return db.query<BackfillFailureRow>(
    `select e.scene_id as "sceneId", s.name, e.error->>'message' as message,
            (e.error->>'line')::int as line, e.created_at as "createdAt"
     from compile_events e left join scenes s on s.id = e.scene_id
     where e.trigger = 'backfill' and not e.ok and e.created_at >= $1::timestamptz
       and e.created_at <= coalesce($2::timestamptz, now())
     order by e.created_at, e.id limit $3`,
    [run.startedAt, run.finishedAt, limit],
  );
}
/** A pre-Clapper scene: TSX only, no JS (what a backfill finds in an old database). */
export interface LegacySceneWrite {
  name: string;
  tsx: string;
  compilationVersion: number;
}

/**
 * Inserts legacy scenes (and their first revision) in one statement; seeds, tests and the backfill
 * benchmark use it to build old databases quickly. Returns how many rows were inserted.
 */
export async function insertLegacyScenes(db: Queryable, scenes: LegacySceneWrite[]): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as i(name text, tsx text, "compilationVersion" int)
     ),
     inserted as (
       insert into scenes (name, tsx_code, compilation_version, revision)
       select name, tsx, "compilationVersion", 1 from input
       returning id, name, tsx_code
     ),
     revisions as (
       insert into scene_revisions (scene_id, revision, name, tsx_code)
       select id, 1, name, tsx_code from inserted
     )
     select count(*)::int as n from inserted`,
    [JSON.stringify(scenes)],
  );
  return rows[0]!.n;
}
// Verification (/verify, bun run verify): the checks an operator would otherwise write by hand.

/** missing: no JS · stale: JS from an older revision · outdated: JS from another compiler build · version: artifact below the target version. */
export type VerifyCheck = "missing" | "stale" | "outdated" | "version";

export interface VerifyTarget {
  compiler: string;
  version: number;
}

const VERIFY_PREDICATES: Record<VerifyCheck, string> = {
  missing: "js_code is null",
  stale: "js_code is not null and js_revision is distinct from revision",
  outdated: "js_code is not null and compile_meta->>'compiler' is distinct from $1",
  version: "js_code is not null and compilation_version < $2::int",
};

export type VerifyCounts = Record<VerifyCheck | "total", number>;

/** All counts in one scan of scenes. */
export async function verifyCounts(db: Queryable, target: VerifyTarget): Promise<VerifyCounts> {
  const rows = await db.query<VerifyCounts>(
    `select count(*)::int as total,
       ${Object.entries(VERIFY_PREDICATES).map(([k, p]) => `(count(*) filter (where ${p}))::int as "${k}"`).join(",\n       ")}
     from scenes`,
    [target.compiler, target.version],
  );
  return rows[0]!;
}

export interface VerifyRow {
  id: string;
  name: string;
  revision: number;
  jsRevision: number | null;
  compilationVersion: number;
  compiler: string | null;
  error: string | null;
  updatedAt: Date;
}

/**
 * Up to `limit` scenes failing one check, oldest edit first (the longest-waiting first). Every
 * predicate is written against $1/$2; both are mentioned so Postgres knows their types either way.
 */
export async function listVerifyRows(db: Queryable, check: VerifyCheck, target: VerifyTarget, limit: number): Promise<VerifyRow[]> {
  return db.query<VerifyRow>(
    `select id, name, revision, js_revision as "jsRevision", compilation_version as "compilationVersion",
       compile_meta->>'compiler' as compiler, compilation_error->>'message' as error, updated_at as "updatedAt"
     from scenes where ${VERIFY_PREDICATES[check]} and $1::text is not null and $2::int is not null
     order by updated_at, id limit $3`,
    [target.compiler, target.version, limit],
  );
}
// end of the backfill section

// ---------------------------------------------------------------------------------------------
// Synthetic data for benchmarks (scripts/seed.ts --scenes N --events M). Set-based: one statement
// per chunk, rows generated by generate_series, ids derived from a per-run salt so events can point
// at scenes of the same run without a lookup.

export interface SyntheticSceneTemplates {
  names: string[];
  tsx: string[];
  /** Artifacts of the same templates, index-aligned, for version 1 and version 2. */
  jsV1: string[];
  jsV2: string[];
  /** compileMeta JSON text, index-aligned with the artifacts. */
  metaV1: string[];
  metaV2: string[];
  brokenTsx: string;
  /** compilation_error JSON text for the failed scenes. */
  errorJson: string;
}

/** The scene id the synthetic generator gives to scene number `i` of a run (md5 of salt + i). */
export const SYNTHETIC_SCENE_ID_SQL = (salt: string, i: string) => `md5(${salt} || ':' || ${i})::uuid`;

/**
 * Inserts synthetic scenes number `from`..`to` (with every revision row) in one statement. Mix: 4%
 * pending (never compiled), 6% failed (half kept their last good JS), 30% of the rest version 2,
 * projects of up to 8 scenes (10% without a project), updated over the last 90 days.
 */
export async function insertSyntheticScenes(
  db: Queryable,
  salt: string,
  from: number,
  to: number,
  t: SyntheticSceneTemplates,
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with g as (
       select i, i % 100 as bucket, 1 + i % cardinality($4::text[]) as t, case when (i / 7) % 10 < 3 then 2 else 1 end as v,
              now() - (random() ^ 1.5) * interval '90 days' as updated_at
       from generate_series($2::int, $3::int) as i
     ),
     rows as (
       select ${SYNTHETIC_SCENE_ID_SQL("$1", "g.i")} as id,
              case when g.i % 10 = 0 then null else md5($1 || ':p:' || (g.i / 8))::uuid end as project_id,
              g.i % 8 as position,
              ($4::text[])[g.t] || ' #' || g.i as name,
              case when g.bucket between 4 and 9 then $10 else ($5::text[])[g.t] end as tsx_code,
              case when g.bucket < 4 or g.bucket between 7 and 9 then null
                   when g.v = 2 then ($7::text[])[g.t] else ($6::text[])[g.t] end as js_code,
              case when g.bucket < 4 or g.bucket between 7 and 9 then null
                   when g.v = 2 then ($9::text[])[g.t]::jsonb else ($8::text[])[g.t]::jsonb end as compile_meta,
              case when g.bucket between 4 and 9 then $11::jsonb end as compilation_error,
              g.v as compilation_version,
              case when g.bucket between 4 and 6 then 2 else 1 + (g.i % 5 = 0)::int end as revision,
              case when g.bucket between 4 and 6 then 1 when g.bucket between 7 and 9 or g.bucket < 4 then null
                   else 1 + (g.i % 5 = 0)::int end as js_revision,
              g.updated_at
       from g
     ),
     inserted as (
       insert into scenes (id, project_id, position, name, tsx_code, js_code, js_compiled_at, compilation_version,
         compile_meta, compilation_error, js_revision, revision, created_at, updated_at)
       select id, project_id, position, name, tsx_code, js_code, case when js_code is not null then updated_at end,
              case when js_code is null then 1 else compilation_version end, compile_meta, compilation_error,
              js_revision, revision, updated_at - interval '2 days', updated_at
       from rows
       returning id, name, tsx_code, revision, created_at
     ),
     revisions as (
       insert into scene_revisions (scene_id, revision, name, tsx_code, created_at)
       select id, r, name, tsx_code, created_at + (r - 1) * interval '1 hour'
       from inserted, generate_series(1, inserted.revision) as r
     )
     select count(*)::int as n from inserted`,
    [salt, from, to, t.names, t.tsx, t.jsV1, t.jsV2, t.metaV1, t.metaV2, t.brokenTsx, t.errorJson],
  );
  return rows[0]!.n;
}

/**
 * Inserts `count` compile events spread over 90 days (more recent = denser), pointing at scenes
 * 1..sceneCount of the run (or no scene). Durations are log-normal around 0.45 ms with a slow tail;
 * 6% fail.
 */
export async function insertSyntheticCompileEvents(
  db: Queryable,
  salt: string,
  sceneCount: number,
  count: number,
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with g as (
       select random() > 0.06 as ok, random() as u1, random() as u2, random() as u3,
              500 + floor(random() * 12000)::int as input_bytes
       from generate_series(1, $3::int)
     ),
     inserted as (
       insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool,
         tool_version, target_version, error, created_at)
       select case when $2::int > 0 then ${SYNTHETIC_SCENE_ID_SQL("$1", "(1 + floor(g.u3 * $2::int))::int")} end,
              (array['create','edit','edit','edit','recompile','backfill'])[1 + floor(g.u1 * 6)::int],
              g.ok,
              round((exp(ln(0.45) + 0.6 * sqrt(-2 * ln(1 - g.u1)) * cos(2 * pi() * g.u2))
                     + case when g.u3 < 0.01 then g.u2 * 25 else 0 end)::numeric, 3)::float8,
              g.input_bytes,
              case when g.ok then (g.input_bytes * (0.9 + g.u2 * 0.3))::int else 0 end,
              'sucrase', '3.35.1', case when g.u2 < 0.3 then 2 else 1 end,
              case when g.ok then null else '{"code":"syntax","message":"Unexpected token"}'::jsonb end,
              now() - (g.u3 ^ 1.5) * interval '90 days'
       from g
       returning 1
     )
     select count(*)::int as n from inserted`,
    [salt, sceneCount, count],
  );
  return rows[0]!.n;
}

/** Inserts `count` runtime events (90% ok, 8% error, 2% retry) over 90 days for scenes of the run. */
export async function insertSyntheticRuntimeEvents(
  db: Queryable,
  salt: string,
  sceneCount: number,
  count: number,
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with inserted as (
       insert into runtime_events (scene_id, context, kind, message, retry_count, compilation_version, created_at)
       select ${SYNTHETIC_SCENE_ID_SQL("$1", "(1 + floor(random() * greatest($2::int, 1)))::int")},
              case when k < 0.8 then 'preview' else 'export' end,
              case when k < 0.9 then 'ok' when k < 0.98 then 'error' else 'retry' end,
              case when k >= 0.9 then 'ReferenceError: interpolateColor is not defined' end,
              case when k >= 0.98 then 1 else 0 end,
              case when k < 0.3 then 2 else 1 end,
              now() - (random() ^ 1.5) * interval '90 days'
       from (select random() as k from generate_series(1, $3::int)) as g
       returning 1
     )
     select count(*)::int as n from inserted`,
    [salt, sceneCount, count],
  );
  return rows[0]!.n;
}
