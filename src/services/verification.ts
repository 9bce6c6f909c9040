// Verification service: runs every successful compile's artifact in the QuickJS pool (src/verify/) before
// the write and hands back what is stored as compileMeta.verify. It never throws: a refused or broken
// verification is stored as "not verified" ({ok: null, skipped}), which is not the status `unverified`.
import { escapeUnstorable } from "../compiler/storable-text.ts";
import type { CompilationVersion, CompileMeta, CompileResult } from "../compiler/types.ts";
import { createVerifier, QueueFullError, type SceneConfig, type StoredVerify, type Verifier, type VerifyResult } from "../verify/index.ts";

export type { StoredVerify } from "../verify/index.ts";

export interface VerificationSettings {
  workers: number;
  deadlineMs: number;
  memoryBytes: number;
  /** Jobs waiting beyond this many are skipped as busy (default 256). */
  maxQueue?: number;
}

/** Results kept for identical artifacts (hash + version + video config). */
const CACHE_SIZE = 2000;

// One pool per distinct settings in a process, shared by every service built with them and closed when the
// last one closes: tests and scripts build many service sets, and each pool costs a Worker + isolate.
const pools = new Map<string, { verifier: Verifier; users: number }>();

function acquirePool(settings: VerificationSettings): { verifier: Verifier; release(): Promise<void> } {
  const key = JSON.stringify([settings.workers, settings.deadlineMs, settings.memoryBytes, settings.maxQueue ?? null]);
  let pool = pools.get(key);
  if (!pool) {
    pool = { verifier: createVerifier(settings), users: 0 };
    pools.set(key, pool);
  }
  pool.users++;
  const held = pool;
  let released = false;
  return {
    verifier: held.verifier,
    async release() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      if (pools.get(key) === held) pools.delete(key);
      await held.verifier.close();
    },
  };
}

/** Longest error message stored (a scene may throw a megabyte of text). */
const MAX_MESSAGE_CHARS = 2000;

/** The result as Postgres can store it: the scene chose the error text, which may hold U+0000 or lone surrogates. */
function storable(result: VerifyResult): VerifyResult {
  if (!result.error) return result;
  const message = escapeUnstorable(result.error.message.slice(0, MAX_MESSAGE_CHARS));
  return message === result.error.message ? result : { ...result, error: { ...result.error, message } };
}

const sceneConfigOf = (c: SceneConfig): SceneConfig => ({
  durationInFrames: c.durationInFrames,
  fps: c.fps,
  width: c.width,
  height: c.height,
});

export function createVerificationService(settings: VerificationSettings) {
  let pool: ReturnType<typeof acquirePool> | null = null;
  let closed = false;
  const cache = new Map<string, VerifyResult>();

  function remember(key: string, result: VerifyResult): void {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
  }

  /** Verifies one artifact; identical artifacts (same hash, version and video config) reuse the result. */
  async function verify(js: string, version: CompilationVersion, config: SceneConfig, hash: string | null): Promise<StoredVerify> {
    if (closed) return { ok: null, skipped: "error", message: "verification service is closed" };
    const scene = sceneConfigOf(config);
    const key = hash ? JSON.stringify([hash, version, scene]) : null;
    const hit = key ? cache.get(key) : undefined;
    if (hit) return hit;
    pool ??= acquirePool(settings);
    try {
      const result = storable(await pool.verifier.verify(js, version, scene));
      // A timeout depends on the machine's load at that moment: not worth remembering.
      if (key && !result.timedOut) remember(key, result);
      return result;
    } catch (error) {
      if (error instanceof QueueFullError) return { ok: null, skipped: "busy" };
      return { ok: null, skipped: "error", message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The compile result with compileMeta.verify filled in (successful compiles only). */
  async function verifyCompile<R extends CompileResult>(result: R, config: SceneConfig): Promise<R> {
    if (!result.ok) return result;
    const meta: CompileMeta = { ...result.meta, verify: await verify(result.js, result.meta.targetVersion, config, result.meta.hash) };
    return { ...result, meta };
  }

  /** Runs `verifyOne` over items with at most `concurrency` in flight (backfill batches must not fill the queue). */
  async function verifyEach<T>(items: T[], verifyOne: (item: T) => Promise<void>, concurrency = settings.workers * 2): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < items.length) await verifyOne(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  }

  return {
    verify,
    verifyCompile,
    verifyEach,
    /** Releases this service's share of the pool (the last user terminates its workers). */
    async close() {
      closed = true;
      await pool?.release();
      pool = null;
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
