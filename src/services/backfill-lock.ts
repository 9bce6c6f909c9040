// The backfill's session advisory lock, held on a dedicated connection for the whole run.
import type postgres from "postgres";
import type { Database, Queryable } from "../db/open.ts";
import { releaseBackfillLock, tryBackfillLock } from "../db/queries.ts";

/** A held lock; release() gives it back and frees the dedicated connection. */
export interface BackfillLock {
  release(): Promise<void>;
}

/**
 * Session-level advisory locks belong to one connection, and the pool retires idle connections,
 * so on Postgres the lock lives on a reserved connection (reserved ones never idle out). When the
 * process dies, Postgres drops the connection and the lock with it: that is how a resume knows the
 * previous worker is gone. PGlite is a single in-process session, so the database itself is it.
 * (open.ts exposes no reserve(); this reaches the postgres.js client through drizzle's $client.)
 */
export async function tryAcquireBackfillLock(db: Database): Promise<BackfillLock | null> {
  if (db.kind === "pglite") {
    if (!(await tryBackfillLock(db))) return null;
    return { release: () => releaseBackfillLock(db) };
  }
  const client = (db.orm as unknown as { $client: postgres.Sql }).$client;
  const reserved = await client.reserve();
  const session: Queryable = {
    async query<T>(text: string) {
      return [...(await reserved.unsafe(text))] as T[];
    },
  };
  let locked = false;
  try {
    locked = await tryBackfillLock(session);
  } finally {
    if (!locked) reserved.release();
  }
  if (!locked) return null;
  return {
    async release() {
      try {
        await releaseBackfillLock(session);
      } finally {
        reserved.release();
      }
    },
  };
}
