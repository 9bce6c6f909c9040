// Idempotency keys of scene creates (see the idempotency_keys table): looked up before a create,
// claimed inside the create's transaction.
import type { Queryable } from "../open.ts";

/** How long a key is remembered; a later request with the same key creates anew. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

export interface IdempotencyRecord {
  sceneId: string;
  requestHash: string;
}

/** The live (unexpired) record of `key`, or null: tells a retry which scene its first attempt made. */
export async function findIdempotencyKey(db: Queryable, key: string): Promise<IdempotencyRecord | null> {
  const rows = await db.query<IdempotencyRecord>(
    `select scene_id as "sceneId", request_hash as "requestHash" from idempotency_keys
     where key = $1 and created_at > now() - make_interval(hours => $2)`,
    [key, IDEMPOTENCY_KEY_TTL_HOURS],
  );
  return rows[0] ?? null;
}

/**
 * Claims `key` for `sceneId` (taking over an expired record); returns false when a live record holds
 * it, i.e. a concurrent request with the same key committed first.
 */
export async function claimIdempotencyKey(db: Queryable, key: string, sceneId: string, requestHash: string): Promise<boolean> {
  const rows = await db.query<{ key: string }>(
    `insert into idempotency_keys (key, scene_id, request_hash) values ($1, $2, $3)
     on conflict (key) do update set scene_id = excluded.scene_id, request_hash = excluded.request_hash, created_at = now()
       where idempotency_keys.created_at <= now() - make_interval(hours => $4)
     returning key`,
    [key, sceneId, requestHash, IDEMPOTENCY_KEY_TTL_HOURS],
  );
  return rows.length > 0;
}
