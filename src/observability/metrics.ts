// Prometheus metrics: one registry per app (never prom-client's global one, so two apps in one process
// keep separate series). Request and compile figures are recorded as they happen; backfill progress,
// the export queue and database use are read when Prometheus scrapes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { CompileMeta } from "../compiler/types.ts";
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";

/** What a compile (scene write, recompile or backfill) reports once its result is about to be stored. */
export type CompileObserver = (meta: CompileMeta, ok: boolean) => void;

/** compileMeta.verify as written by the verifier; read loosely because older rows do not carry it. */
interface VerifyOutcome {
  ok?: boolean | null;
  timedOut?: boolean;
}

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COMPILE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** ok: null means the scene was not verified at all (pool busy or broken), which is not a failure. */
function verifyLabel(verify: VerifyOutcome): "ok" | "failed" | "timed_out" | "skipped" {
  if (verify.ok == null) return "skipped";
  if (verify.timedOut) return "timed_out";
  return verify.ok ? "ok" : "failed";
}

export function createMetrics(db: Database, options: { poolSize?: number } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: "clapper_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const compileDuration = new Histogram({
    name: "clapper_compile_duration_seconds",
    help: "TSX compiles (ok or failed) by artifact version and trigger",
    labelNames: ["version", "trigger"] as const,
    buckets: COMPILE_BUCKETS,
    registers,
  });
  // Plain counters and gauges of this app's registry (the histograms above carry their own buckets).
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });

  const compileFailures = counter("clapper_compile_failures_total", "Compiles that produced an error, by artifact version and trigger", ["version", "trigger"]);
  const verifyResults = counter("clapper_verify_results_total", "Write-time verification outcomes (compileMeta.verify): ok, failed, timed_out, skipped (not verified)", ["result"]);

  // Scrape-time figures. A database that does not answer leaves them at their last value and sets db_up 0.
  const dbUp = gauge("clapper_db_up", "1 when the last scrape's database reads succeeded");
  const backfillRunning = gauge("clapper_backfill_running", "1 while a backfill run is running");
  const backfillProcessed = gauge("clapper_backfill_processed", "Scenes processed by the running backfill run");
  const backfillTotal = gauge("clapper_backfill_total", "Scenes the running backfill run will process");
  const exportsByStatus = gauge("clapper_exports", "Exports per status (queued/running are the queue depth)", ["status"]);
  // A gauge, not a counter: the sum over stored chunks drops when exports are pruned or a chunk is reclaimed.
  const framesRendered = gauge("clapper_export_frames_rendered", "Frames rendered over the export chunks stored now (drops on prune and on a reclaimed chunk)");
  const dbInFlight = gauge("clapper_db_in_flight", "Statements and transactions holding (or waiting for) a pooled connection", ["kind"]);
  const dbPoolMax = gauge("clapper_db_pool_max", "Configured connection pool size");

  async function readDatabaseFigures(): Promise<void> {
    const [backfill, exportsRows, frames] = await Promise.all([
      q.runningBackfillProgress(db),
      q.exportCountsByStatus(db),
      q.exportFramesRendered(db),
    ]);
    backfillRunning.set(backfill ? 1 : 0);
    backfillProcessed.set(backfill?.processed ?? 0);
    backfillTotal.set(backfill?.total ?? 0);
    exportsByStatus.reset();
    for (const row of exportsRows) exportsByStatus.set({ status: row.status }, row.n);
    framesRendered.set(frames);
  }

  return {
    registry,
    httpDuration,

    /** Records one compile: its duration, a failure, and the verification outcome when present. */
    observeCompile: ((meta, ok) => {
      const labels = { version: String(meta.targetVersion), trigger: meta.trigger ?? "edit" };
      compileDuration.observe(labels, meta.timings.ms / 1000);
      if (!ok) compileFailures.inc(labels);
      const verify = (meta as CompileMeta & { verify?: VerifyOutcome }).verify;
      if (verify) verifyResults.inc({ result: verifyLabel(verify) });
    }) satisfies CompileObserver as CompileObserver,

    /** The Prometheus text exposition, after refreshing the scrape-time figures. */
    async scrape(): Promise<{ contentType: string; body: string }> {
      try {
        await readDatabaseFigures();
        dbUp.set(1);
      } catch {
        dbUp.set(0);
      }
      dbInFlight.set({ kind: "query" }, db.activity?.queries ?? 0);
      dbInFlight.set({ kind: "transaction" }, db.activity?.transactions ?? 0);
      dbPoolMax.set(db.kind === "pglite" ? 1 : (options.poolSize ?? 10));
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
