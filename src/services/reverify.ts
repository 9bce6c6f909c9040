// Re-verification: runs write-time verification again over every stored artifact without recompiling
// (`bun run backfill -- --reverify`, e.g. after the stand-in runtime or the limits changed). It writes
// compileMeta.verify only: no compile events, no new revision, the JS and its hash stay as they are.
import type { CompilationVersion } from "../compiler/types.ts";
import type { Database } from "../db/open.ts";
import * as q from "../db/queries.ts";
import type { StoredVerify, VerificationService } from "./verification.ts";

export interface ReverifyOptions {
  /** Scenes read and written per batch (default 100). */
  batchSize?: number;
  /** Called after every written batch. */
  onProgress?(progress: ReverifyProgress): void;
}

export interface ReverifyProgress {
  total: number;
  processed: number;
  ok: number;
  /** Failed verification: these scenes are (now) `unverified`. */
  failed: number;
  /** Not verified (pool busy or broken); stored as such, not counted as failures. */
  skipped: number;
  /** Rows not written because the scene changed meanwhile (its own write verified it). */
  changed: number;
  elapsedMs: number;
}

const outcomeOf = (verify: StoredVerify): "ok" | "failed" | "skipped" =>
  verify.ok === true ? "ok" : verify.ok === false ? "failed" : "skipped";

export async function reverifyScenes(
  db: Database,
  verification: Pick<VerificationService, "verify" | "verifyEach">,
  { batchSize = 100, onProgress }: ReverifyOptions = {},
): Promise<ReverifyProgress> {
  const started = performance.now();
  const progress: ReverifyProgress = {
    total: await q.countReverifyCandidates(db),
    processed: 0,
    ok: 0,
    failed: 0,
    skipped: 0,
    changed: 0,
    elapsedMs: 0,
  };
  let afterId: string | null = null;
  for (;;) {
    const batch = await q.selectReverifyBatch(db, afterId, batchSize);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    const results: (Omit<q.ReverifyCandidate, "js" | "version"> & { verify: StoredVerify })[] = [];
    await verification.verifyEach(batch, async ({ js, version, ...scene }) => {
      const verify = await verification.verify(js, version as CompilationVersion, scene, scene.hash);
      results.push({ ...scene, verify });
      progress[outcomeOf(verify)]++;
    });
    const written = await q.storeReverifyBatch(db, results);
    progress.processed += batch.length;
    progress.changed += batch.length - written;
    progress.elapsedMs = Math.round(performance.now() - started);
    onProgress?.({ ...progress });
  }
  progress.elapsedMs = Math.round(performance.now() - started);
  return progress;
}
