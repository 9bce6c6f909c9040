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
}

/**
 * One row per UTC day for the last `days` days (today included), zero-filled by generate_series:
 * compiles, compile failures and verification failures (the overview's charts, /api/metrics/daily).
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
              sum(e.output_bytes)::float8 as output_bytes
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
            coalesce(p.output_bytes, 0) as "outputBytes"
     from bounds
     cross join generate_series($1::int - 1, 0, -1) as k
     left join per_day p on p.day = bounds.today - k
     order by k desc`,
    [days],
  );
}
