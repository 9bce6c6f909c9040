// Dashboard sessions: a row per login so that logout revokes the cookie on the server, not just in the browser.
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";

export function createSessionService(db: Database) {
  return {
    /** Opens a session valid for `ttlSeconds` and returns its id; logins are rare, so expired rows are dropped here. */
    async start(ttlSeconds: number): Promise<string> {
      await q.deleteExpiredDashboardSessions(db);
      return q.insertDashboardSession(db, ttlSeconds);
    },
    /** The server's say on a correctly signed cookie: not revoked and not expired. */
    isLive: (id: string) => q.isDashboardSessionLive(db, id),
    revoke: (id: string) => q.revokeDashboardSession(db, id),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
