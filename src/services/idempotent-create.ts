// POST /api/scenes with an Idempotency-Key: the first request creates, a retry with the same key and
// body gets that same scene back (even when the first answer was lost, e.g. a 503 after the commit),
// the same key with another body is a 409.
import { claimIdempotencyKey, findIdempotencyKey } from "../db/queries.ts";
import type { Database } from "../db/open.ts";
import { AppError } from "./errors.ts";
import type { CreateSceneInput, SceneJson, SceneService } from "./scenes.ts";

/** A key is 1–200 printable ASCII characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** A concurrent request with the same key committed first; this transaction rolls back. */
class KeyTakenMeanwhile extends Error {}

export interface IdempotentResult {
  scene: SceneJson;
  /** True when the scene comes from an earlier request with this key. */
  replayed: boolean;
}

export async function createSceneIdempotently(
  db: Database,
  scenes: SceneService,
  input: CreateSceneInput,
  key: string,
  requestHash: string,
): Promise<IdempotentResult> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(400, "invalid_idempotency_key", "Idempotency-Key must be 1–200 printable ASCII characters.");
  }
  async function earlier(): Promise<IdempotentResult | null> {
    const record = await findIdempotencyKey(db, key);
    if (!record) return null;
    if (record.requestHash !== requestHash) {
      throw new AppError(409, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.");
    }
    return { scene: await scenes.get(record.sceneId), replayed: true };
  }

  const replay = await earlier();
  if (replay) return replay;
  try {
    const scene = await scenes.create(input, {
      afterInsert: async (tx, row) => {
        if (!(await claimIdempotencyKey(tx, key, row.id, requestHash))) throw new KeyTakenMeanwhile();
      },
    });
    return { scene, replayed: false };
  } catch (error) {
    if (!(error instanceof KeyTakenMeanwhile)) throw error;
    const winner = await earlier();
    if (!winner) throw new AppError(409, "idempotency_conflict", "A request with this Idempotency-Key is in progress; retry.");
    return winner;
  }
}
