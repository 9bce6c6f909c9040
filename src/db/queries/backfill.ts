// Backfill runs: the advisory lock, candidates, batch writes and the run rows.
import type { CompileErrorInfo, CompileMeta } from "../../compiler/types.ts";
import type { Queryable } from "../open.ts";

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

/**
 * A run that still holds the single backfill slot (the SQL below writes it `status in ('queued', 'running')`,
 * and a unique partial index in schema.ts enforces it); every other status is a run that has ended.
 */
export const isActiveRun = (run: { status: BackfillStatus }): boolean => run.status === "queued" || run.status === "running";

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

/** One scene the run will compile (with its video config, which verification renders against). */
export interface BackfillCandidate {
  id: string;
  tsx: string;
  revision: number;
  compilationVersion: number;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
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
    `select id, tsx_code as tsx, revision, compilation_version as "compilationVersion",
       duration_in_frames as "durationInFrames", fps, width, height
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
         tool_version, target_version, error, verify_ok)
       select id, 'backfill', ok, (meta->'timings'->>'ms')::float8, (meta->>'inputBytes')::int,
         coalesce((meta->>'outputBytes')::int, 0), meta->>'tool', meta->>'toolVersion',
         (meta->>'targetVersion')::int, error, case when ok then (meta->'verify'->>'ok')::boolean end
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
export async function insertBackfillRun(db: Queryable, options: BackfillOptions, total: number): Promise<BackfillRunRow | null> {
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
