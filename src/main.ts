// Entry point: read config, open + migrate the database, seed samples into an empty one, serve.
import { DEFAULT_PGLITE_DIR, openDatabase } from "./db/open.ts";
import { createApp } from "./server/app.ts";
import { databaseOptions, loadConfig } from "./config.ts";
import { createServices } from "./services/index.ts";
import { seedSampleScenes } from "./services/samples.ts";
import { withStartupLock } from "./db/startup-lock.ts";
import { createInFlight, installGracefulShutdown } from "./server/shutdown.ts";
import { startExportRuntime, workerOnlyFetch } from "./server/exports/runtime.ts";
import { errorFields } from "./observability/logger.ts";

const config = loadConfig();
const started = performance.now();
const db = await openDatabase(config.databaseUrl, databaseOptions(config));
const services = createServices(db, config);
const log = services.logger;

// Under the startup lock: replicas starting together on an empty database seed it once.
await withStartupLock(db, async () => {
  if ((await services.scenes.count()) > 0) return;
  const seeded = await seedSampleScenes(services.scenes);
  log.info({ seeded }, `empty database: seeded ${seeded} sample scenes`);
});

const app = createApp({ config, services });
const exportRuntime = await startExportRuntime(config, services, (line) => log.warn(line));
// Fill the overview's aggregates in the background so the first operator does not wait 1–2 s for them.
services.dashboard.warm().catch((error) => log.error(errorFields(error), "dashboard warm-up failed"));
// Idle connections (stalled bodies, idle keep-alives) close after HTTP_IDLE_TIMEOUT_S (default 60 s, long
// enough not to cut slow but live clients); incomplete headers are cut by Bun itself after ~10 s.
const inFlight = createInFlight();
const server = Bun.serve({
  hostname: config.host,
  port: config.port,
  fetch: inFlight.track(config.role === "worker" ? workerOnlyFetch(app.fetch) : app.fetch),
  idleTimeout: config.httpIdleTimeoutS,
});

const url = `http://${server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname}:${server.port}`;
const where = config.databaseUrl?.replace(/\/\/[^@/]*@/, "//***@") ?? `PGlite ${DEFAULT_PGLITE_DIR}`;
log.info(
  {
    url,
    db: db.kind,
    database: where,
    compileTargetVersion: config.compileTargetVersion,
    role: config.role,
    ms: Math.round(performance.now() - started),
  },
  `listening on ${url}`,
);
if (config.adminTokenGenerated) {
  // Plain text on stderr, not the JSON log: log lines are shipped and kept, a credential must not be.
  // The token is not put into the URL either: URLs end up in browser history and proxy logs.
  process.stderr.write(`ADMIN_TOKEN was not set; generated one for this run: ${config.adminToken}\n`);
  process.stderr.write(`log in: ${url}/login (paste the token above)\n`);
}

installGracefulShutdown({
  server,
  inFlight,
  hooks: [
    // A running backfill finishes the batch in hand and stays resumable; the next start or resume continues it.
    () => services.backfill.stopAtBatchBoundary(),
    // Render slots stop claiming at the signal (not after the request drain) and put their running chunks back.
    () => exportRuntime.stop(),
  ],
  // Render slots (stopped at the signal above; this waits for them past a deadline), then the verification
  // pool, stop before the database closes.
  close: async () => {
    await exportRuntime.stop();
    await services.close();
    await db.close();
  },
  deadlineMs: config.shutdownDeadlineMs,
  log: (line) => log.info(line),
});
