// Dashboard reads: aggregates, bulk matching, project options (its scenes table is listScenes; failures.ts groups failures).
import type { Queryable } from "../open.ts";
import { DASHBOARD_STATUS_SQL, type DashboardStatus } from "../status.ts";
import { scenePage, sceneListWhere, type SceneListFilter } from "./scene-lists.ts";

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

/**
 * Compile attempts and failures since `since` (a range on compile_events_created_idx), and the p50/p95
 * duration of write-time compiles only: a backfill's thousands of compiles would otherwise set them.
 */
export async function compileWindowStats(db: Queryable, since: Date): Promise<CompileWindowRow> {
  const rows = await db.query<CompileWindowRow>(
    `select count(*)::int as compiles, (count(*) filter (where not ok))::int as failures,
            percentile_cont(0.5) within group (order by duration_ms) filter (where trigger <> 'backfill') as "p50Ms",
            percentile_cont(0.95) within group (order by duration_ms) filter (where trigger <> 'backfill') as "p95Ms"
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

/** Ids of scenes matching a filter, at most `cap` (bulk "recompile all matching"). */
export async function matchingSceneIds(db: Queryable, filter: SceneListFilter, cap: number): Promise<string[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { where, search } = sceneListWhere(filter, param);
  const page = { columns: "id", where, search, orderBy: "updated_at desc, id desc", limit: cap };
  const rows = await scenePage<{ id: string }>(db, page, params);
  return rows.map((r) => r.id);
}

/** How many scenes match a filter, counting at most `cap + 1` (the bulk confirm step says "more than"). */
export async function countMatchingScenes(db: Queryable, filter: SceneListFilter, cap: number): Promise<number> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { where, search } = sceneListWhere(filter, param);
  if (search) where.push(search);
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from scenes ${where.length ? `where ${where.join(" and ")}` : ""}
     limit ${param(cap + 1)}) as capped`,
    params,
  );
  return rows[0]!.n;
}

/**
 * Scenes per dashboard status among the first `cap + 1` rows matching a filter (its status ignored: the
 * tabs show every status under the other filters). A total above `cap` means the counts are lower bounds;
 * the cap keeps a common search term from counting 100k rows per keystroke.
 */
export async function countScenesByStatus(
  db: Queryable,
  filter: SceneListFilter,
  cap: number,
): Promise<{ status: DashboardStatus; scenes: number }[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const { where, search } = sceneListWhere({ ...filter, status: undefined, dashboardStatus: undefined }, param);
  if (search) where.push(search);
  return db.query(
    `with hits as materialized (
       select ${DASHBOARD_STATUS_SQL} as status from scenes ${where.length ? `where ${where.join(" and ")}` : ""}
       limit ${param(cap + 1)})
     select status, count(*)::int as scenes from hits group by status`,
    params,
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
