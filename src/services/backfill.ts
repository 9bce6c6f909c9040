// The one backfill engine behind `bun run backfill` and the dashboard: batches, resume, cancel,
// one run per database. A run is a server-side task; callers get a handle and may stop listening.
import { COMPILER_VERSION } from "../compiler/index.ts";
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { createBatchCompiler, type BatchCompiler } from "./backfill-compile.ts";
import { tryAcquireBackfillLock, type BackfillLock } from "./backfill-lock.ts";
import { AppError, notFound } from "./errors.ts";
import type { VerificationService } from "./verification.ts";
import type { CompileObserver } from "../observability/metrics.ts";
import { createLogger, errorFields, type Logger } from "../observability/logger.ts";

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 5000;
export const SUPPORTED_VERSIONS = [1, 2] as const;

/** What a caller may ask for; everything optional (POST /api/backfill in the README). */
export interface BackfillRequest {
  batchSize?: number;
  /** Default: true unless a targetVersion is given (then the run upgrades every outdated scene). */
  onlyMissing?: boolean;
  targetVersion?: number | null;
  dryRun?: boolean;
}

export interface BackfillHooks {
  /** Called after every committed batch with the run as stored; the next write waits for it. */
  onProgress?(run: q.BackfillRunRow): void | Promise<void>;
  /** Compile on this many Workers; 0 compiles on the main thread. Default: the service's `workers` setting. */
  workers?: number;
}

export interface BackfillHandle {
  run: q.BackfillRunRow;
  /** Settles with the final run (succeeded, failed or cancelled); never rejects. */
  done: Promise<q.BackfillRunRow>;
}

interface LiveRun {
  cancelRequested: boolean;
  /** Shutdown: stop after the batch being written commits and leave the run resumable. */
  stopRequested: boolean;
  done: Promise<q.BackfillRunRow>;
}

/** Fills defaults and rejects impossible options with a 400 that names the field. */
export function resolveOptions(request: BackfillRequest): q.BackfillOptions {
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new AppError(400, "invalid_request", `batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}.`, {
      field: "batchSize",
    });
  }
  const targetVersion = request.targetVersion ?? null;
  if (targetVersion !== null && !(SUPPORTED_VERSIONS as readonly number[]).includes(targetVersion)) {
    throw new AppError(400, "invalid_request", `targetVersion must be one of ${SUPPORTED_VERSIONS.join(", ")}.`, {
      field: "targetVersion",
    });
  }
  return {
    batchSize,
    onlyMissing: request.onlyMissing ?? targetVersion === null,
    targetVersion,
    dryRun: request.dryRun ?? false,
    compiler: COMPILER_VERSION,
  };
}

function conflict(message: string, active: q.BackfillRunRow | null): AppError {
  return new AppError(409, "backfill_running", message, active ? { runId: active.id, status: active.status } : undefined);
}

/** Why no new run can start: the active run is live somewhere, or was interrupted and can be resumed. */
function activeRunConflict(active: q.BackfillRunRow, live: boolean): AppError {
  if (live) return conflict(`Backfill run ${active.id} is already running.`, active);
  return conflict(
    `Backfill run ${active.id} was interrupted (no process is working on it). Resume it ` +
      `(bun run backfill --resume ${active.id}) or cancel it before starting another.`,
    active,
  );
}

export type RunOwner = "here" | "elsewhere" | "nobody" | null;

export interface BackfillSettings {
  /** Compile on this many Workers by default; 0 compiles on the main thread (config: BACKFILL_WORKERS). */
  workers: number;
  /** Verifies each successful compile of a batch before the batch is written. */
  verification: Pick<VerificationService, "verify" | "verifyEach">;
  /** Told about every compiled scene of a batch (the /metrics compile series). */
  onCompiled?: CompileObserver;
  /** Where a failed run is reported; default: a JSON logger on stdout. */
  logger?: Logger;
  /**
   * Called when a batch commits and when a run ends: stored artifacts changed (cached aggregates drop).
   * Not for dry runs, which store nothing.
   */
  onCommit?(): void;
}

/**
 * The backfill engine over one database. Runs this service works on are tracked in its own map, so
 * "running" rows can be told apart from interrupted ones (another service or process holds the lock).
 */
export function createBackfillService(db: Database, settings: BackfillSettings) {
  const liveRuns = new Map<string, LiveRun>();
  const isLive = (runId: string) => liveRuns.has(runId);

  async function lockOrConflict(): Promise<BackfillLock> {
    const lock = await tryAcquireBackfillLock(db);
    if (lock) return lock;
    const active = await q.findActiveBackfillRun(db);
    throw conflict(
      active
        ? `Backfill run ${active.id} is already running in another process.`
        : "Another process holds the backfill lock.",
      active,
    );
  }

  /** Starts a new run in the background; 409 (AppError) when one is active. */
  async function startBackfill(request: BackfillRequest, hooks: BackfillHooks = {}): Promise<BackfillHandle> {
    const options = resolveOptions(request);
    const lock = await lockOrConflict();
    try {
      const active = await q.findActiveBackfillRun(db);
      if (active) throw activeRunConflict(active, isLive(active.id));
      const total = await q.countBackfillCandidates(db, options);
      const run = await q.insertBackfillRun(db, options, total);
      if (!run) throw activeRunConflict((await q.findActiveBackfillRun(db))!, false);
      return launch(run, lock, hooks);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /**
   * Continues a run from its last committed cursor. Without an id: the interrupted active run, else
   * the latest failed or cancelled one. 404 for an unknown id, 409 when it finished or is live.
   */
  async function resumeBackfill(runId: string | undefined, hooks: BackfillHooks = {}): Promise<BackfillHandle> {
    const lock = await lockOrConflict();
    try {
      const target = runId ? await getBackfill(runId) : await resumableRun();
      if (!target) throw new AppError(404, "not_found", "There is no interrupted, failed or cancelled backfill run to resume.");
      if (isLive(target.id)) throw conflict(`Backfill run ${target.id} is already running.`, target);
      if (target.status === "succeeded") {
        throw new AppError(409, "backfill_finished", `Backfill run ${target.id} already finished; start a new one.`);
      }
      const run = await q.reopenBackfillRun(db, target.id);
      if (!run) throw activeRunConflict((await q.findActiveBackfillRun(db))!, false);
      return launch(run, lock, hooks);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async function resumableRun(): Promise<q.BackfillRunRow | null> {
    const active = await q.findActiveBackfillRun(db);
    if (active) return active;
    const recent = await q.listBackfillRuns(db, 20);
    return recent.find((r) => r.status === "failed" || r.status === "cancelled") ?? null;
  }

  /**
   * Cancels a run: the database row first (so a worker in another process sees it at its next batch,
   * whose write then stores nothing), then this process's worker if it has it. Returns the run.
   */
  async function cancelBackfill(runId: string): Promise<q.BackfillRunRow> {
    const live = liveRuns.get(runId);
    if (live) live.cancelRequested = true;
    const cancelled = await q.cancelBackfillRun(db, runId);
    if (cancelled) return live ? live.done : cancelled;
    return getBackfill(runId);
  }

  async function getBackfill(runId: string): Promise<q.BackfillRunRow> {
    const run = await q.getBackfillRun(db, runId);
    if (!run) throw notFound("Backfill run", runId);
    return run;
  }

  /**
   * Who works on a run marked running: this process, another one (it holds the advisory lock), or
   * nobody (the worker died: the run is interrupted and can be resumed).
   */
  async function runOwner(run: q.BackfillRunRow): Promise<RunOwner> {
    if (!q.isActiveRun(run)) return null;
    if (isLive(run.id)) return "here";
    const lock = await tryAcquireBackfillLock(db);
    if (!lock) return "elsewhere";
    await lock.release();
    return "nobody";
  }

  /**
   * For shutdown: every run this process works on stops once its current batch has committed (the
   * compile in hand is finished and written, nothing later is read), leaving it resumable. Resolves
   * when all of them have released the lock.
   */
  async function stopAtBatchBoundary(): Promise<void> {
    const runs = [...liveRuns.values()];
    for (const live of runs) live.stopRequested = true;
    await Promise.all(runs.map((live) => live.done));
  }

  const listBackfills = (limit = 20) => q.listBackfillRuns(db, limit);
  const backfillFailures = (run: q.BackfillRunRow, limit = 100) =>
    run.options.dryRun ? Promise.resolve([]) : q.listBackfillRunFailures(db, run, limit);

  function launch(run: q.BackfillRunRow, lock: BackfillLock, hooks: BackfillHooks): BackfillHandle {
    const live: LiveRun = { cancelRequested: false, stopRequested: false, done: Promise.resolve(run) };
    const compiler = createBatchCompiler(hooks.workers ?? settings.workers);
    live.done = work(run, live, compiler, hooks)
      .catch(async (error) => failRun(run, error))
      .finally(async () => {
        compiler.close();
        liveRuns.delete(run.id);
        if (!run.options.dryRun) settings.onCommit?.();
        await lock.release().catch(() => {});
      });
    liveRuns.set(run.id, live);
    return { run, done: live.done };
  }

  async function failRun(run: q.BackfillRunRow, error: unknown): Promise<q.BackfillRunRow> {
    const message = error instanceof Error ? error.message : String(error);
    (settings.logger ??= createLogger()).error({ runId: run.id, ...errorFields(error) }, "backfill run failed");
    const failed = await q.finishBackfillRun(db, run.id, "failed", { message }).catch(() => null);
    return failed ?? (await q.getBackfillRun(db, run.id).catch(() => null)) ?? { ...run, status: "failed", error: { message } };
  }

  /** Marks the promise handled so an early exit from the loop cannot become an unhandled rejection. */
  function quiet<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => {});
    return promise;
  }

  /**
   * The batch loop. Batch N+1 is read and compiled while batch N is verified (on the verifier's
   * Workers) and then written in a single statement, so verification and database work hide behind
   * the compile. The cursor only moves inside a batch write.
   */
  async function work(
    run: q.BackfillRunRow,
    live: LiveRun,
    compiler: BatchCompiler,
    hooks: BackfillHooks,
  ): Promise<q.BackfillRunRow> {
    const { options } = run;
    const activeBefore = run.cursor?.activeMs ?? 0;
    const resumedAt = performance.now();
    const activeMs = () => Math.round(activeBefore + performance.now() - resumedAt);

    let current = run;
    let pendingWrite: Promise<q.BackfillRunRow | null> | null = null;
    let next = quiet(q.selectBackfillBatch(db, options, run.cursor?.afterId ?? null, options.batchSize));

    const settleWrite = async (): Promise<boolean> => {
      if (!pendingWrite) return true;
      const written = await pendingWrite;
      pendingWrite = null;
      if (!written) return false; // cancelled in the database: this batch stored nothing
      current = written;
      if (!options.dryRun) settings.onCommit?.();
      await hooks.onProgress?.(current);
      return true;
    };

    while (!live.cancelRequested && !live.stopRequested) {
      const batch = await next;
      if (batch.length === 0) break;
      const afterId = batch[batch.length - 1]!.id;
      next = quiet(q.selectBackfillBatch(db, options, afterId, options.batchSize));
      const results = await compiler.compile(batch, options.targetVersion);
      // Compiles are reported once their meta is final (verification fills meta.verify); a dry run does not verify.
      const report = () => {
        if (settings.onCompiled) for (const r of results) settings.onCompiled(r.meta, r.ok);
      };
      if (options.dryRun) report();
      if (!(await settleWrite()) || live.cancelRequested) return settleCancelled(current);
      // Verification runs on the verifier's Workers while the next batch compiles; the batch is written
      // once it is verified.
      const verified = options.dryRun ? Promise.resolve() : verifyBatch(batch, results).finally(report);
      pendingWrite = quiet(
        verified.then(() => q.writeBackfillBatch(db, run.id, { afterId, activeMs: activeMs() }, results, options.dryRun)),
      );
      // Let the write reach the socket before the next compile occupies the thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!(await settleWrite()) || live.cancelRequested) return settleCancelled(current);
    // Stopped between batches: the row stays "running" with its committed cursor and the lock is freed,
    // so the run reads as interrupted and `resume` picks it up where this process left it.
    if (live.stopRequested) return current;
    return (await q.finishBackfillRun(db, run.id, "succeeded", null)) ?? settleCancelled(current);
  }

  /**
   * Fills compileMeta.verify of every successful compile in the batch (whichever thread compiled it),
   * a few scenes at a time so a large batch never fills the verification queue.
   */
  async function verifyBatch(batch: q.BackfillCandidate[], results: q.BackfillResult[]): Promise<void> {
    const scenes = new Map(batch.map((scene) => [scene.id, scene]));
    await settings.verification.verifyEach(results, async (result) => {
      if (!result.ok || result.js === null) return;
      const verify = await settings.verification.verify(result.js, result.version as 1 | 2, scenes.get(result.id)!, result.meta.hash);
      result.meta = { ...result.meta, verify };
    });
  }

  /** The run after a cancel: marked cancelled in the database (idempotent) with its last counters. */
  async function settleCancelled(current: q.BackfillRunRow): Promise<q.BackfillRunRow> {
    return (await q.cancelBackfillRun(db, current.id)) ?? (await q.getBackfillRun(db, current.id)) ?? current;
  }

  return {
    /** How many scenes a run with these options would process now (the confirm step's count). */
    candidates: (request: BackfillRequest) => q.countBackfillCandidates(db, resolveOptions(request)),
    start: startBackfill,
    resume: resumeBackfill,
    cancel: cancelBackfill,
    get: getBackfill,
    owner: runOwner,
    list: listBackfills,
    failures: backfillFailures,
    stopAtBatchBoundary,
  };
}

export type BackfillService = ReturnType<typeof createBackfillService>;
