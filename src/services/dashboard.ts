// Dashboard service: the data each dashboard page needs, with full-table aggregates behind a short SWR cache.
import { COMPILER_VERSION } from "../compiler/index.ts";
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { DASHBOARD_STATUSES, dashboardStatusOf, type DashboardStatus } from "../db/status.ts";
import { SwrCache } from "./dashboard-cache.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { boundedDiff } from "./revision-diff.ts";
import { AppError } from "./errors.ts";
import type { SceneJson, SceneService } from "./scenes.ts";

export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];
export const PAGE_SIZE = 50;
/** Most scenes one "recompile all matching" may touch: a request, not a backfill. */
export const BULK_RECOMPILE_CAP = 500;
/** Most matches the status tabs count under a search or filter ("1,000+" beyond). */
export const COUNT_CAP = 1000;
/** Filters whose tab counts are kept (then the cache starts over: a bound, not an LRU). */
const FILTERED_COUNTS_KEPT = 500;
/** How long full-table aggregates may lag writes. */
export const AGGREGATE_TTL_MS = 10_000;

export type StatusCounts = Record<DashboardStatus | "all", number>;
/** Counts as the status tabs show them: `capped` when they were counted on the first COUNT_CAP matches only. */
export type TabCounts = StatusCounts & { capped: boolean };

export interface Headline {
  scenes: number;
  currentJsPct: number | null;
  failingNow: number;
  compiles24h: number;
  failures24h: number;
  p50Ms7d: number | null;
  p95Ms7d: number | null;
  compilerInUse: { compiler: string; scenes: number }[];
  currentCompiler: string;
  tsxBytes: number;
  jsBytes: number;
}

export interface OverviewCharts {
  days: RangeDays;
  compiles: q.DailyCompileMetrics[];
  runtimeErrors: q.DailyRuntimeErrors[];
  /** Scenes per compilation version, split by status. */
  versions: { version: number; counts: Record<DashboardStatus, number> }[];
}

/** The orders the scenes table offers; play order only inside one project. */
export const TABLE_SORTS = ["updated_desc", "updated_asc", "name_asc", "name_desc", "position_asc"] as const satisfies readonly q.SceneSort[];
export type TableSort = (typeof TABLE_SORTS)[number];

/** A list filtered to one project plays in order; any other list shows the newest first. */
export const defaultSort = (inProject: boolean): TableSort => (inProject ? "position_asc" : "updated_desc");

/** The dashboard table's filter: the dashboard status, version, project and search. */
export type DashboardSceneFilter = Pick<q.SceneListFilter, "dashboardStatus" | "version" | "projectId" | "q">;

export interface SceneListQuery extends DashboardSceneFilter {
  sort: TableSort;
  cursor?: string;
}

const DAY_MS = 86_400_000;

export function parseRange(value: string | undefined): RangeDays {
  const n = Number(value);
  return (RANGES as readonly number[]).includes(n) ? (n as RangeDays) : 30;
}

/** A zero count per dashboard status. */
const zeroCounts = () => Object.fromEntries(DASHBOARD_STATUSES.map((s) => [s, 0])) as Record<DashboardStatus, number>;

function countsByStatus(stats: q.SceneStatsRow[]): StatusCounts {
  const counts = { all: 0, ...zeroCounts() };
  for (const row of stats) {
    counts[row.status] += row.scenes;
    counts.all += row.scenes;
  }
  return counts;
}

export function createDashboardService(db: Database, scenes: SceneService) {
  const cache = new SwrCache(AGGREGATE_TTL_MS);
  // Tab counts per filter: typing a search asks for the same few filters over and over.
  const filteredCounts = new SwrCache(AGGREGATE_TTL_MS);
  const clearCaches = () => {
    cache.clear();
    filteredCounts.clear();
  };
  const stats = () => cache.get("stats", () => q.dashboardSceneStats(db));

  return {
    /** Drops the cached aggregates (a backfill batch committed elsewhere in this process). */
    invalidate: clearCaches,

    /** Loads the aggregates the overview needs so the first operator does not wait for them. */
    async warm(): Promise<void> {
      await Promise.all([this.headline(), this.charts(30)]);
    },

    /**
     * Scene counts per status under a filter's search, version and project (its status aside). Without
     * any of them: the cached exact counts. With them: counted on at most COUNT_CAP matches (`capped`
     * then says the numbers are lower bounds) and kept like the other aggregates (≤ 10 s behind writes;
     * dashboard writes and backfill batches clear them).
     */
    async statusCounts(filter: DashboardSceneFilter = {}): Promise<TabCounts> {
      if (!filter.q && filter.version === undefined && !filter.projectId) return { ...countsByStatus(await stats()), capped: false };
      const key = JSON.stringify([filter.q ?? "", filter.version ?? "", filter.projectId ?? ""]);
      if (filteredCounts.size > FILTERED_COUNTS_KEPT) filteredCounts.clear();
      const rows = await filteredCounts.get(key, () => q.countScenesByStatus(db, filter, COUNT_CAP));
      const counts = { all: 0, ...zeroCounts() };
      for (const row of rows) {
        counts[row.status] += row.scenes;
        counts.all += row.scenes;
      }
      return { ...counts, capped: counts.all > COUNT_CAP };
    },

    async headline(): Promise<Headline> {
      const [rows, compilers, day, week] = await Promise.all([
        stats(),
        cache.get("compilers", () => q.dashboardCompilerVersions(db)),
        cache.get("window:1", () => q.compileWindowStats(db, new Date(Date.now() - DAY_MS))),
        cache.get("window:7", () => q.compileWindowStats(db, new Date(Date.now() - 7 * DAY_MS))),
      ]);
      const counts = countsByStatus(rows);
      return {
        scenes: counts.all,
        currentJsPct: counts.all ? (100 * counts.compiled) / counts.all : null,
        failingNow: counts.failed + counts.stale,
        compiles24h: day.compiles,
        failures24h: day.failures,
        p50Ms7d: week.p50Ms,
        p95Ms7d: week.p95Ms,
        compilerInUse: compilers,
        currentCompiler: COMPILER_VERSION,
        tsxBytes: rows.reduce((sum, r) => sum + r.tsxBytes, 0),
        jsBytes: rows.reduce((sum, r) => sum + r.jsBytes, 0),
      };
    },

    async charts(days: RangeDays): Promise<OverviewCharts> {
      const [compiles, runtimeErrors, rows] = await Promise.all([
        cache.get(`daily:${days}`, () => q.dailyCompileMetrics(db, days)),
        cache.get(`runtime:${days}`, () => q.dailyRuntimeErrors(db, days)),
        stats(),
      ]);
      const byVersion = new Map<number, Record<DashboardStatus, number>>();
      for (const row of rows) {
        const counts = byVersion.get(row.version) ?? zeroCounts();
        counts[row.status] += row.scenes;
        byVersion.set(row.version, counts);
      }
      const versions = [...byVersion].sort(([a], [b]) => a - b).map(([version, counts]) => ({ version, counts }));
      return { days, compiles, runtimeErrors, versions };
    },

    async listScenes(query: SceneListQuery) {
      const after = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
      const { sort, cursor: _, ...filter } = query;
      const rows = await q.listScenes(db, "table", filter, sort, PAGE_SIZE, after);
      const page = rows.slice(0, PAGE_SIZE);
      const nextCursor = rows.length > PAGE_SIZE ? encodeCursor(sort, page[page.length - 1]!) : null;
      return { rows: page, nextCursor };
    },

    async failureGroups() {
      return cache.get("failures", () => q.failureGroups(db));
    },

    /** Everything the scene detail page shows, loaded in parallel. */
    /** Everything the scene page shows about a loaded scene. */
    async sceneDetail(scene: SceneJson) {
      const id = scene.id;
      const [revisions, compileEvents, runtimeEvents] = await Promise.all([
        q.listRevisions(db, id),
        q.listSceneCompileEvents(db, id),
        q.listRuntimeEvents(db, id),
      ]);
      return { scene, status: dashboardStatusOf(scene), revisions, compileEvents, runtimeEvents };
    },

    /** A unified diff (3 lines of context) of the TSX between two revisions, or "too large" (bounded work). */
    async revisionDiff(id: string, from: number, to: number) {
      const [a, b] = await Promise.all([scenes.revision(id, from), scenes.revision(id, to)]);
      return { from: a, to: b, diff: boundedDiff(a.tsx, b.tsx) };
    },

    /** Edits the TSX (a new revision, recompiled on write) and returns the refreshed scene. */
    async editTsx(id: string, tsx: string, expectedRevision?: number) {
      const scene = await scenes.patch(id, { tsx }, expectedRevision);
      clearCaches();
      return scene;
    },

    async recompile(id: string, version?: 1 | 2) {
      const scene = await scenes.recompile(id, { version });
      clearCaches();
      return scene;
    },

    async remove(id: string) {
      await scenes.remove(id);
      clearCaches();
    },

    /** How many scenes "recompile all matching" would touch (capped count). */
    async countMatching(filter: DashboardSceneFilter) {
      return q.countMatchingScenes(db, filter, BULK_RECOMPILE_CAP);
    },

    /** Recompiles up to BULK_RECOMPILE_CAP matching scenes, one transaction each; returns the tally. */
    async recompileMatching(filter: DashboardSceneFilter, version?: 1 | 2) {
      const ids = await q.matchingSceneIds(db, filter, BULK_RECOMPILE_CAP);
      let ok = 0;
      let failed = 0;
      for (const id of ids) {
        try {
          const scene = await scenes.recompile(id, { version });
          if (scene.compilationError) failed++;
          else ok++;
        } catch (error) {
          // A scene deleted meanwhile is not a failure of the bulk action.
          if (!(error instanceof AppError && error.status === 404)) throw error;
        }
      }
      clearCaches();
      return { total: ids.length, ok, failed };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
