// N replicas started at once on one empty database would each run the migrations (the second fails
// with "type already exists" and the process exits) and each seed the sample scenes. The work that
// must happen once is done under a session advisory lock: the others wait, then find it done.
import type { Database } from "./open.ts";
import { acquireStartupLock, releaseStartupLock } from "./queries/startup.ts";

/** Runs `fn` while this process holds the startup lock (on a reserved session, freed afterwards). */
export async function withStartupLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const session = await db.reserveSession();
  try {
    await acquireStartupLock(session);
    try {
      return await fn();
    } finally {
      await releaseStartupLock(session);
    }
  } finally {
    await session.release();
  }
}
