// Entry point: read config, open + migrate the database, seed samples into an empty one, serve.
import { DEFAULT_PGLITE_DIR, openDatabase } from "./db/open.ts";
import { createApp } from "./server/app.ts";
import { databaseOptions, loadConfig } from "./config.ts";
import { createServices } from "./services/index.ts";
import { seedSampleScenes } from "./services/samples.ts";
import { errorFields } from "./observability/logger.ts";
import { createInFlight, installGracefulShutdown } from "./server/shutdown.ts";

const config = loadConfig();
const started = performance.now();
const db = await openDatabase(config.databaseUrl, databaseOptions(config));
const services = createServices(db, config);
const log = services.logger;

if ((await services.scenes.count()) === 0) {
  const seeded = await seedSampleScenes(services.scenes);
  log.info({ seeded }, `empty database: seeded ${seeded} sample scenes`);
}

const app = createApp({ config, services });
// Fill the overview's aggregates in the background so the first operator does not wait 1–2 s for them.
services.dashboard.warm().catch((error) => log.error(errorFields(error), "dashboard warm-up failed"));
// SSE and long polls need heartbeats anyway; 60 s keeps slow clients from being cut mid-request.
const inFlight = createInFlight();
const server = Bun.serve({ hostname: config.host, port: config.port, fetch: inFlight.track(app.fetch), idleTimeout: 60 });

const url = `http://${server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname}:${server.port}`;
const where = config.databaseUrl?.replace(/\/\/[^@/]*@/, "//***@") ?? `PGlite ${DEFAULT_PGLITE_DIR}`;
log.info(
  { url, db: db.kind, database: where, compileTargetVersion: config.compileTargetVersion, ms: Math.round(performance.now() - started) },
  `listening on ${url}`,
);
if (config.adminTokenGenerated) {
  // The token is not put into the URL: URLs end up in browser history and proxy logs.
  log.warn(`ADMIN_TOKEN was not set; generated one for this run: ${config.adminToken}`);
  log.warn(`log in: ${url}/login (paste the token above)`);
}

installGracefulShutdown({
  server,
  inFlight,
  close: () => db.close(),
  deadlineMs: config.shutdownDeadlineMs,
  log: (line) => log.info(line),
});
