// Health, public config (feature flags) and daily compile metrics.
import { createFactory } from "hono/factory";
import { COMPILER_VERSION } from "../../compiler/index.ts";
import { validate } from "../request-input.ts";
import { publicConfig } from "../../config.ts";
import type { AppEnv } from "../context.ts";
import { sendError } from "../errors.ts";
import { z } from "zod";

const factory = createFactory<AppEnv>();

const metricsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

/**
 * Liveness: the process answers HTTP. It never touches the database, so a database outage does not
 * get a healthy process restarted (that is what /readyz reports); flags show what is switched on.
 */
export const healthz = factory.createHandlers((c) =>
  c.json({ ok: true, db: c.var.services.system.driver, compiler: COMPILER_VERSION, flags: publicConfig(c.var.config) }),
);

/** Readiness: 200 when the database answers and holds every shipped migration, else 503 with the reason. */
export const readyz = factory.createHandlers(async (c) => {
  const state = await c.var.services.readiness();
  if (!state.ready) {
    c.header("Retry-After", "2");
    return sendError(c, 503, state.reason, state.message);
  }
  return c.json({ ok: true, migration: state.migration });
});

/** Prometheus text exposition of this app's registry (auth: requireMetricsAuth in the route table). */
export const metrics = factory.createHandlers(async (c) => {
  const { contentType, body } = await c.var.services.metrics.scrape();
  c.header("Content-Type", contentType);
  c.header("Cache-Control", "no-store");
  return c.body(body);
});

export const getConfig = factory.createHandlers((c) =>
  c.json({ compiler: COMPILER_VERSION, ...publicConfig(c.var.config) }),
);

export const getDailyMetrics = factory.createHandlers(validate("query", metricsQuery), async (c) =>
  c.json({ days: await c.var.services.system.dailyMetrics(c.req.valid("query").days) }),
);
