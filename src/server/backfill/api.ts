// /api/backfill handlers: start (202), read and cancel runs; the run itself is a server-side task.
import { createFactory } from "hono/factory";
import { z } from "zod";
import { backfillRunJson } from "../../services/backfill-figures.ts";
import { cancelBackfill, getBackfill, MAX_BATCH_SIZE, runNotFound, startBackfill } from "../../services/backfill.ts";
import { optionalJsonBody, validate } from "../body.ts";
import type { AppEnv } from "../env.ts";
import { isUuid } from "../../db/ids.ts";

const factory = createFactory<AppEnv>();

const startBackfillBody = z
  .object({
    batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE).optional(),
    onlyMissing: z.boolean().optional(),
    targetVersion: z.union([z.literal(1), z.literal(2)]).nullable().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

/** The :id of a run; anything that is not a uuid cannot exist (404, not 400). */
export function runIdOf(id: string): string {
  if (!isUuid(id)) throw runNotFound(id);
  return id.toLowerCase();
}

export const postBackfill = factory.createHandlers(optionalJsonBody, validate("json", startBackfillBody), async (c) => {
  const { run } = await startBackfill(c.var.db, c.req.valid("json"));
  c.header("Location", `/api/backfill/${run.id}`);
  return c.json({ run: backfillRunJson(run) }, 202);
});

export const getBackfillRun = factory.createHandlers(async (c) => {
  const run = await getBackfill(c.var.db, runIdOf(c.req.param("id")!));
  return c.json({ run: backfillRunJson(run) });
});

export const cancelBackfillRun = factory.createHandlers(async (c) => {
  const run = await cancelBackfill(c.var.db, runIdOf(c.req.param("id")!));
  return c.json({ run: backfillRunJson(run) });
});
