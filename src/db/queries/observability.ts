// Scrape-time reads for /metrics and /readyz: small aggregates over indexed or tiny tables.
import type { Queryable } from "../open.ts";

/** processed/total of the run marked running (null when none), for the backfill progress gauges. */
export async function runningBackfillProgress(db: Queryable): Promise<{ processed: number; total: number } | null> {
  const rows = await db.query<{ processed: number; total: number | null }>(
    "select processed, total from backfill_runs where status = 'running' order by created_at desc limit 1",
  );
  const row = rows[0];
  return row ? { processed: row.processed, total: row.total ?? 0 } : null;
}

/** Exports per status (the queue's depth), so operators see a backlog building up. */
export async function exportCountsByStatus(db: Queryable): Promise<{ status: string; n: number }[]> {
  return db.query<{ status: string; n: number }>("select status, count(*)::int as n from exports group by status");
}

/** Frames rendered over every export still stored: a monotonic total whose rate is the render rate. */
export async function exportFramesRendered(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number | null }>("select coalesce(sum(frames_done), 0)::bigint as n from export_chunks");
  return Number(rows[0]?.n ?? 0);
}

/** created_at of the newest applied migration (drizzle stores the journal's `when`), null when none. */
export async function lastAppliedMigration(db: Queryable): Promise<number | null> {
  const rows = await db.query<{ at: number | null }>("select max(created_at)::bigint as at from drizzle.__drizzle_migrations");
  return rows[0]?.at == null ? null : Number(rows[0].at);
}
