// Health and the daily compile metrics of the JSON API: thin reads with nothing to decide.
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";

export function createSystemService(db: Database) {
  return {
    /** Which driver serves the data ("pglite" | "postgres"), for /healthz. */
    driver: db.kind,
    /** Resolves when the database answers; rejects with the driver's error otherwise. */
    ping: () => q.ping(db),
    /** Zero-filled per-UTC-day compile figures for the last `days` days. */
    dailyMetrics: (days: number) => q.dailyCompileMetrics(db, days),
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
