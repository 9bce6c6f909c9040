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

/** 200 when the database answers; flags are included so operators see what is switched on. */
export const healthz = factory.createHandlers(async (c) => {
  try {
    await c.var.services.system.ping();
  } catch (error) {
    return sendError(c, 503, "db_unreachable", `Database unreachable: ${(error as Error).message}`);
  }
  return c.json({ ok: true, db: c.var.services.system.driver, compiler: COMPILER_VERSION, flags: publicConfig(c.var.config) });
});

export const getConfig = factory.createHandlers((c) =>
  c.json({ compiler: COMPILER_VERSION, ...publicConfig(c.var.config) }),
);

export const getDailyMetrics = factory.createHandlers(validate("query", metricsQuery), async (c) =>
  c.json({ days: await c.var.services.system.dailyMetrics(c.req.valid("query").days) }),
);
