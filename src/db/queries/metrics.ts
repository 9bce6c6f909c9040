// Daily compile metrics (GET /api/metrics/daily).
import type { Queryable } from "../open.ts";

// Metrics

export interface DailyCompileMetrics {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  compiles: number;
  failures: number;
  /** Successful compiles whose artifact failed write-time verification (the scene became `unverified`). */
  verifyFailures: number;
  /** null on a day without compiles (there is no median of nothing). */
  p50Ms: number | null;
  p95Ms: number | null;
  inputBytes: number;
  outputBytes: number;
  /** Compiles of backfill runs (trigger 'backfill'), counted in `compiles` too. */
  backfillCompiles: number;
  /** Of those, how many failed (counted in `failures` too). */
  backfillFailures: number;
  /** Of those, how many compiled but failed verification (counted in `verifyFailures` too). */
  backfillVerifyFailures: number;
  /** Median / p95 of write-time compiles only (create, edit, recompile): a backfill day cannot move them. */
  writeP50Ms: number | null;
  writeP95Ms: number | null;
  /** Median of backfill compiles only. */
  backfillP50Ms: number | null;
}

/**
 * One row per UTC day for the last `days` days (today included), zero-filled by generate_series:
 * compiles, compile failures and verification failures, overall and for backfill runs apart (the
 * overview's charts, /api/metrics/daily).
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
              (count(*) filter (where e.verify_ok = false))::int as verify_failures,
              percentile_cont(0.5) within group (order by e.duration_ms) as p50,
              percentile_cont(0.95) within group (order by e.duration_ms) as p95,
              sum(e.input_bytes)::float8 as input_bytes,
              sum(e.output_bytes)::float8 as output_bytes,
              (count(*) filter (where e.trigger = 'backfill'))::int as backfill_compiles,
              (count(*) filter (where e.trigger = 'backfill' and not e.ok))::int as backfill_failures,
              (count(*) filter (where e.trigger = 'backfill' and e.verify_ok = false))::int as backfill_verify_failures,
              percentile_cont(0.5) within group (order by e.duration_ms) filter (where e.trigger <> 'backfill') as write_p50,
              percentile_cont(0.95) within group (order by e.duration_ms) filter (where e.trigger <> 'backfill') as write_p95,
              percentile_cont(0.5) within group (order by e.duration_ms) filter (where e.trigger = 'backfill') as backfill_p50
       from compile_events e, bounds
       where e.created_at >= (bounds.today - ($1::int - 1))::timestamp at time zone 'UTC'
       group by 1
     )
     select to_char(bounds.today - k, 'YYYY-MM-DD') as day,
            coalesce(p.compiles, 0) as compiles,
            coalesce(p.failures, 0) as failures,
            coalesce(p.verify_failures, 0) as "verifyFailures",
            p.p50 as "p50Ms",
            p.p95 as "p95Ms",
            coalesce(p.input_bytes, 0) as "inputBytes",
            coalesce(p.output_bytes, 0) as "outputBytes",
            coalesce(p.backfill_compiles, 0) as "backfillCompiles",
            coalesce(p.backfill_failures, 0) as "backfillFailures",
            coalesce(p.backfill_verify_failures, 0) as "backfillVerifyFailures",
            p.write_p50 as "writeP50Ms",
            p.write_p95 as "writeP95Ms",
            p.backfill_p50 as "backfillP50Ms"
     from bounds
     cross join generate_series($1::int - 1, 0, -1) as k
     left join per_day p on p.day = bounds.today - k
     order by k desc`,
    [days],
  );
}
