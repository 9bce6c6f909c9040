// /api/backfill handlers: start (202), read and cancel runs; the run itself is a server-side task.
import { createFactory } from "hono/factory";
import { z } from "zod";
import { backfillRunJson } from "../../services/backfill-figures.ts";
import { MAX_BATCH_SIZE } from "../../services/backfill.ts";
import { optionalJsonBody, validate } from "../request-input.ts";
import type { AppEnv } from "../context.ts";
import { runOf } from "../entities.ts";

const factory = createFactory<AppEnv>();

const startBackfillBody = z
  .object({
    batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE).optional(),
    onlyMissing: z.boolean().optional(),
    targetVersion: z.union([z.literal(1), z.literal(2)]).nullable().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const postBackfill = factory.createHandlers(optionalJsonBody, validate("json", startBackfillBody), async (c) => {
  const { run } = await c.var.services.backfill.start(c.req.valid("json"));
  c.header("Location", `/api/backfill/${run.id}`);
  return c.json({ run: backfillRunJson(run) }, 202);
});

export const getBackfillRun = factory.createHandlers((c) => c.json({ run: backfillRunJson(runOf(c)) }));

export const cancelBackfillRun = factory.createHandlers(async (c) => {
  const run = await c.var.services.backfill.cancel(runOf(c).id);
  return c.json({ run: backfillRunJson(run) });
});
