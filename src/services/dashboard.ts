// Dashboard service: the data each dashboard page needs, with full-table aggregates behind a short SWR cache.
import { COMPILER_VERSION } from "../compiler/index.ts";
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { DASHBOARD_STATUSES, dashboardStatusOf, type DashboardStatus } from "../db/status.ts";
import { createLogger, errorFields, type Logger } from "../observability/logger.ts";
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
/** How long a scene deleted from the dashboard can be brought back before it is really deleted. */
export const UNDO_DELETE_MS = 10_000;
/** Most rows one CSV/JSON download of the scenes list carries (a download, not a backup). */
export const DOWNLOAD_CAP = 10_000;
/** Rows read per query while a download streams. */
const DOWNLOAD_CHUNK = 500;
/** Most matches the status tabs count under a search or filter ("1,000+" beyond). */
export const COUNT_CAP = 1000;
/** Filters whose tab counts are kept; past it the least recently used filter is dropped. */
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

export interface FailureGroups {
  compile: (q.CompileFailureGroupRow & { trend: number[] })[];
  runtime: q.RuntimeFailureGroupRow[];
  /** Compiled scenes whose artifact fails write-time verification (status unverified). */
  verify: q.VerifyFailureGroupRow[];
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
  /** The page after this cursor (next page). */
  cursor?: string;
  /** The page before this cursor (previous page): the same keyset walked in the opposite order. */
  before?: string;
}

/** Each table order and its opposite: a previous page is the next page of the reversed order, reversed. */
const REVERSED: Record<TableSort, q.SceneSort> = {
  updated_desc: "updated_asc",
  updated_asc: "updated_desc",
  name_asc: "name_desc",
  name_desc: "name_asc",
  position_asc: "position_desc",
};

const DAY_MS = 86_400_000;

export function parseRange(value: string | undefined): RangeDays {
  const n = Number(value);
  return (RANGES as readonly number[]).includes(n) ? (n as RangeDays) : 30;
}

/** A zero count per dashboard status. */
const zeroCounts = () => Object.fromEntries(DASHBOARD_STATUSES.map((s) => [s, 0])) as Record<DashboardStatus, number>;

function countsByStatus(stats: { status: DashboardStatus; scenes: number }[]): StatusCounts {
  const counts = { all: 0, ...zeroCounts() };
  for (const row of stats) {
    counts[row.status] += row.scenes;
    counts.all += row.scenes;
  }
  return counts;
}

export function createDashboardService(db: Database, scenes: SceneService, logger: Logger = createLogger()) {
  const cache = new SwrCache(AGGREGATE_TTL_MS);
  /** Scenes deleted from the dashboard and still inside their undo window, by id. */
  const pendingDeletes = new Map<string, { name: string; timer: ReturnType<typeof setTimeout>; deleteAt: number }>();
  /** The list filter plus "not a scene waiting for its delete". */
  const visible = <F extends q.SceneListFilter>(filter: F): F =>
    pendingDeletes.size ? { ...filter, excludeIds: [...pendingDeletes.keys()] } : filter;
  // Tab counts per filter: typing a search asks for the same few filters over and over.
  const filteredCounts = new SwrCache(AGGREGATE_TTL_MS, FILTERED_COUNTS_KEPT);
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
      await Promise.all([this.headline(), this.charts(30), this.failures()]);
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
      const counts = countsByStatus(await filteredCounts.get(key, () => q.countScenesByStatus(db, filter, COUNT_CAP)));
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

    /**
     * One table page after `cursor` or before `before` (keyset both ways), with the cursors of the pages
     * on either side; prevCursor is null on the first page.
     */
    async listScenes(query: SceneListQuery) {
      const { sort, cursor, before, ...rest } = query;
      const filter = visible(rest);
      if (before) {
        const rows = await q.listScenes(db, "table", filter, REVERSED[sort], PAGE_SIZE, decodeCursor(before, sort));
        const page = rows.slice(0, PAGE_SIZE).reverse();
        return {
          rows: page,
          // The row the cursor named is still after this page (or was deleted meanwhile: an empty next page).
          nextCursor: page.length ? encodeCursor(sort, page[page.length - 1]!) : null,
          prevCursor: rows.length > PAGE_SIZE ? encodeCursor(sort, page[0]!) : null,
        };
      }
      const rows = await q.listScenes(db, "table", filter, sort, PAGE_SIZE, cursor ? decodeCursor(cursor, sort) : null);
      const page = rows.slice(0, PAGE_SIZE);
      return {
        rows: page,
        nextCursor: rows.length > PAGE_SIZE ? encodeCursor(sort, page[page.length - 1]!) : null,
        prevCursor: cursor && page.length ? encodeCursor(sort, page[0]!) : null,
      };
    },

    /**
     * The table's rows for a download: every matching scene in the table's order, at most `cap`, read
     * DOWNLOAD_CHUNK rows per keyset query so a large download never holds the whole list in memory.
     */
    async *downloadRows(
      query: DashboardSceneFilter & { sort: TableSort },
      cap = DOWNLOAD_CAP,
    ): AsyncGenerator<{ rows: q.SceneListRows["table"][]; more: boolean }> {
      const { sort, ...rest } = query;
      const filter = visible(rest);
      let after: q.SceneKeyset | null = null;
      for (let sent = 0; sent < cap; ) {
        const size = Math.min(DOWNLOAD_CHUNK, cap - sent);
        const rows: q.SceneListRows["table"][] = await q.listScenes(db, "table", filter, sort, size, after);
        const chunk = rows.slice(0, size);
        sent += chunk.length;
        yield { rows: chunk, more: rows.length > size };
        if (rows.length <= size) return;
        after = { key: chunk[chunk.length - 1]!.sortKey, id: chunk[chunk.length - 1]!.id };
      }
    },

    /** One scene as a table row (after a per-row action), or null once it is gone. */
    async tableRow(id: string): Promise<q.DashboardSceneRow | null> {
      const rows = await q.listScenes(db, "table", { q: id }, "updated_desc", 1, null);
      return rows.find((r) => r.id === id) ?? null;
    },

    /** Compile failure groups (with their attempt trend) and runtime failure groups, cached like the stats. */
    async failures(): Promise<FailureGroups> {
      return cache.get("failures", async () => {
        const [groups, trends, runtime, verify] = await Promise.all([
          q.compileFailureGroups(db),
          q.compileFailureTrends(db),
          q.runtimeFailureGroups(db),
          q.verifyFailureGroups(db),
        ]);
        const byPattern = new Map(trends.map((t) => [t.pattern, t.trend]));
        const empty = () => Array.from({ length: q.TREND_DAYS }, () => 0);
        return { compile: groups.map((g) => ({ ...g, trend: byPattern.get(g.pattern) ?? empty() })), runtime, verify };
      });
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
    async editTsx(id: string, tsx: string, expectedRevision?: number, version?: 1 | 2) {
      const scene = await scenes.patch(id, { tsx }, expectedRevision, version);
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

    /**
     * The dashboard's delete: the scene disappears from the list at once and is deleted when the undo
     * window ends, unless undoDelete comes first. The timer lives in this process: a restart inside the
     * window keeps the scene (the safe direction). DELETE /api/scenes/:id stays immediate.
     */
    scheduleDelete(id: string, name: string, windowMs = UNDO_DELETE_MS) {
      const previous = pendingDeletes.get(id);
      if (previous) clearTimeout(previous.timer);
      const timer = setTimeout(() => {
        pendingDeletes.delete(id);
        // A scene deleted meanwhile through the API is already gone: nothing to report.
        scenes.remove(id).then(clearCaches, (error) => {
          if (!(error instanceof AppError && error.status === 404)) logger.error(errorFields(error), "scheduled delete failed");
        });
      }, windowMs);
      timer.unref?.();
      pendingDeletes.set(id, { name, timer, deleteAt: Date.now() + windowMs });
      clearCaches();
    },

    /** Cancels a scheduled delete; false when there is none (the window ended or it never started). */
    undoDelete(id: string): boolean {
      const pending = pendingDeletes.get(id);
      if (!pending) return false;
      clearTimeout(pending.timer);
      pendingDeletes.delete(id);
      clearCaches();
      return true;
    },

    /** A scheduled delete still inside its undo window (the list's undo toast), or null. */
    pendingDelete(id: string): { id: string; name: string; deleteAt: number } | null {
      const pending = pendingDeletes.get(id);
      return pending ? { id, name: pending.name, deleteAt: pending.deleteAt } : null;
    },

    /** How many scenes "recompile all matching" would touch (capped count). */
    async countMatching(filter: DashboardSceneFilter) {
      return q.countMatchingScenes(db, visible(filter), BULK_RECOMPILE_CAP);
    },

    /** Recompiles up to BULK_RECOMPILE_CAP matching scenes, one transaction each; returns the tally. */
    async recompileMatching(filter: DashboardSceneFilter, version?: 1 | 2) {
      const ids = await q.matchingSceneIds(db, visible(filter), BULK_RECOMPILE_CAP);
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
