// The startup advisory lock: processes starting together on one database migrate and seed one at a time.
import type { Queryable } from "../open.ts";

/** Distinct from the backfill's key (7242937, 5). */
const STARTUP_LOCK_KEY = "7242937, 1";

/** Waits for and takes the session-level startup lock; returns nothing (it blocks until granted). */
export async function acquireStartupLock(session: Queryable): Promise<void> {
  await session.query(`select pg_advisory_lock(${STARTUP_LOCK_KEY})`);
}

/** Gives the startup lock back; returns nothing (false from Postgres would only mean it was not held). */
export async function releaseStartupLock(session: Queryable): Promise<void> {
  await session.query(`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`);
}
