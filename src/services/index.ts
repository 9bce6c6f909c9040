// createServices(db, config): every service of Clapper, wired once. main.ts, the scripts and the test
// helpers call this same function; the Hono app puts the result on the request context (c.var.services).
//
// A new feature adds its service here as one more field (as `exports` and `verification` below), built from
// db, config and the services above it.
import type { AppConfig } from "../config.ts";
import type { Database } from "../db/open.ts";
import { createBackfillService } from "./backfill.ts";
import { verifyScenes, type VerifyPageRequest } from "./backfill-verify.ts";
import { createDashboardService } from "./dashboard.ts";
import { createProjectService } from "./projects.ts";
import { createSceneService } from "./scenes.ts";
import { createSessionService } from "./sessions.ts";
import { createSceneIdempotently } from "./idempotent-create.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { createRuntimeEventGate } from "./runtime-event-gate.ts";
import type { CreateSceneInput } from "./scenes.ts";
import { createSystemService } from "./system.ts";
import { createExportService } from "../export/service.ts";
import { startExportWorkers, type WorkerOptions } from "../export/worker.ts";
import { createPosterService } from "../export/posters.ts";
import { createVerificationService } from "./verification.ts";
import { reverifyScenes, type ReverifyOptions } from "./reverify.ts";
import { createLogger, type Logger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { createReadinessCheck } from "../observability/readiness.ts";

/** What createServices reads from the configuration (tests and scripts may pass just these). */
export type ServicesConfig = Pick<AppConfig, "compileTargetVersion" | "backfillWorkers" | "export"> &
  Partial<Pick<AppConfig, "role" | "verifyWorkers" | "verifyDeadlineMs" | "verifyMemoryMb" | "logLevel" | "databasePoolSize">>;

export interface ServicesOptions {
  /** Where logs go (tests pass one writing to a stream they read); default: JSON lines on stdout at config.logLevel. */
  logger?: Logger;
}

/** Wrong login tokens allowed per client address and minute. */
export const LOGIN_FAILURES_PER_MINUTE = 10;

export function createServices(db: Database, config: ServicesConfig, options: ServicesOptions = {}) {
  const logger = options.logger ?? createLogger(config.logLevel);
  /** This app's Prometheus registry and instruments (GET /metrics). */
  const metrics = createMetrics(db, { poolSize: config.databasePoolSize });
  const verification = createVerificationService({
    workers: config.verifyWorkers ?? 1,
    deadlineMs: config.verifyDeadlineMs ?? 100,
    memoryBytes: (config.verifyMemoryMb ?? 64) * 1024 * 1024,
  });
  // Workers started in this process register their wake-up, so a new export starts now rather than at the next poll.
  const exportWakers = new Set<() => void>();
  const scenes = createSceneService(db, {
    compileTargetVersion: config.compileTargetVersion,
    verification,
    onCompiled: metrics.observeCompile,
  });
  const dashboard = createDashboardService(db, scenes, logger);
  const exports = createExportService(db, config.export, { onQueued: () => exportWakers.forEach((wake) => wake()), role: config.role });
  const posters = createPosterService(config.export, { availability: exports.availability, logger });
  return {
    logger,
    metrics,
    /** /readyz: database reachable and every shipped migration applied. */
    readiness: createReadinessCheck(db),
    system: createSystemService(db),
    /** Dashboard logins (revocable server-side). */
    sessions: createSessionService(db),
    scenes,
    /** POST /api/scenes with an Idempotency-Key: a retry gets the first scene back. */
    createSceneIdempotently: (input: CreateSceneInput, key: string, requestHash: string) =>
      createSceneIdempotently(db, scenes, input, key, requestHash),
    /** Bounds what one scene's preview can write: per-scene rate and no repeated identical events. */
    runtimeEventGate: createRuntimeEventGate(),
    /** Wrong dashboard tokens per client address: LOGIN_FAILURES_PER_MINUTE, then 429 until the minute is over. */
    loginFailures: createRateLimiter({ limit: LOGIN_FAILURES_PER_MINUTE, windowMs: 60_000 }),
    /** Aggregates and actions of the dashboard; holds the one aggregate cache of this app. */
    dashboard,
    // A committed backfill batch changes stored artifacts: the overview must not wait for its cache TTL.
    backfill: createBackfillService(db, {
      workers: config.backfillWorkers,
      verification,
      onCompiled: metrics.observeCompile,
      logger,
      onCommit: dashboard.invalidate,
    }),
    /** Projects: aggregates per project, optional names, the picker's search. */
    projects: createProjectService(db),
    /** Write-time verification (QuickJS pool); the scene service and backfill verify every successful compile. */
    verification,
    /** `bun run backfill -- --reverify`: verification again over stored JS, without recompiling. */
    reverify: (options: ReverifyOptions = {}) => reverifyScenes(db, verification, options),
    /** The /verify report (missing, stale, outdated JS) against the configured target version. */
    verifyReport: (limit = 50, page?: VerifyPageRequest) => verifyScenes(db, config.compileTargetVersion, limit, page),
    /** Export queue: create, list, cancel, delete, files, retention (src/export/). */
    exports,
    /** Poster thumbnails (a still of the middle frame) of the dashboard's lists, cached by artifact hash. */
    posters,
    /** Starts render slots in this process (CLAPPER_ROLE all or worker); stop() releases their chunks. */
    startExportWorkers(options: WorkerOptions = {}) {
      const workers = startExportWorkers(db, config.export, options);
      exportWakers.add(workers.wake);
      return { ...workers, stop: () => (exportWakers.delete(workers.wake), workers.stop()) };
    },
    /** Releases what the services hold outside the database (verification pool, poster Chromium); main.ts and tests. */
    close: () => Promise.all([verification.close(), posters.close()]).then(() => {}),
  };
}

export type Services = ReturnType<typeof createServices>;
