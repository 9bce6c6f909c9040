// The backfill's session advisory lock, held on a reserved session for the whole run.
import type { Database } from "../db/open.ts";
import { releaseBackfillLock, tryBackfillLock } from "../db/queries.ts";

/** A held lock; release() gives it back and frees the reserved session. */
export interface BackfillLock {
  release(): Promise<void>;
}

/**
 * Session-level advisory locks belong to one connection, and the pool retires idle connections, so
 * the lock lives on a reserved session (reserved ones never idle out). When the process dies, Postgres
 * drops the connection and the lock with it: that is how a resume knows the previous worker is gone.
 */
export async function tryAcquireBackfillLock(db: Database): Promise<BackfillLock | null> {
  const session = await db.reserveSession();
  let locked = false;
  try {
    locked = await tryBackfillLock(session);
  } finally {
    if (!locked) await session.release();
  }
  if (!locked) return null;
  return {
    async release() {
      try {
        await releaseBackfillLock(session);
      } finally {
        await session.release();
      }
    },
  };
}
