// Dashboard session rows: created at login, checked on every dashboard request, revoked at logout.
import type { Queryable } from "../open.ts";

/** Inserts a session valid for `ttlSeconds`; returns its id (what the signed cookie carries). */
export async function insertDashboardSession(db: Queryable, ttlSeconds: number): Promise<string> {
  const rows = await db.query<{ id: string }>(
    "insert into dashboard_sessions (expires_at) values (now() + make_interval(secs => $1)) returning id",
    [ttlSeconds],
  );
  return rows[0]!.id;
}

/** True when the session exists, is not revoked and has not expired: the server's say on a cookie. */
export async function isDashboardSessionLive(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ live: boolean }>(
    "select true as live from dashboard_sessions where id = $1 and revoked_at is null and expires_at > now()",
    [id],
  );
  return rows.length > 0;
}

/** Marks a session revoked (logout); returns whether a live one was revoked. */
export async function revokeDashboardSession(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    "update dashboard_sessions set revoked_at = now() where id = $1 and revoked_at is null returning id",
    [id],
  );
  return rows.length > 0;
}

/** Deletes sessions expired for a day or more (kept a day so a late logout still finds its row); returns how many. */
export async function deleteExpiredDashboardSessions(db: Queryable): Promise<number> {
  const rows = await db.query<{ id: string }>(
    "delete from dashboard_sessions where expires_at < now() - interval '1 day' returning id",
  );
  return rows.length;
}
