// Compiling a backfill batch: inline on the main thread in slices, or on a pool of Bun Workers.
import { compileScene } from "../compiler/index.ts";
import type { CompilationVersion } from "../compiler/types.ts";
import type { BackfillCandidate, BackfillResult } from "../db/queries.ts";

/** Compiles each candidate at `targetVersion` (or its own version) with trigger "backfill". */
export function compileCandidates(batch: BackfillCandidate[], targetVersion: number | null): BackfillResult[] {
  return batch.map((scene) => {
    const version = (targetVersion ?? scene.compilationVersion) as CompilationVersion;
    const result = compileScene(scene.tsx, { version, trigger: "backfill" });
    return { id: scene.id, revision: scene.revision, ok: result.ok, js: result.js, version, meta: result.meta, error: result.error };
  });
}

export interface BatchCompiler {
  compile(batch: BackfillCandidate[], targetVersion: number | null): Promise<BackfillResult[]>;
  close(): void;
}

const SLICE = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Main-thread compiling that yields every few scenes, so the previous batch's database write (and
 * the next batch's read) make progress while this batch compiles.
 */
export function inlineCompiler(): BatchCompiler {
  return {
    async compile(batch, targetVersion) {
      const results: BackfillResult[] = [];
      for (let i = 0; i < batch.length; i += SLICE) {
        results.push(...compileCandidates(batch.slice(i, i + SLICE), targetVersion));
        await yieldToEventLoop();
      }
      return results;
    },
    close() {},
  };
}

interface WorkerReply {
  seq: number;
  results?: BackfillResult[];
  error?: string;
}

/**
 * `size` Workers; a batch is split into one contiguous part per worker and the parts are joined in
 * order. The main thread only does database I/O meanwhile.
 */
export function workerCompiler(size: number): BatchCompiler {
  const workers = Array.from({ length: size }, () => new Worker(new URL("./backfill-worker.ts", import.meta.url)));
  const waiting = new Map<number, { resolve(r: BackfillResult[]): void; reject(e: Error): void }>();
  let seq = 0;
  for (const worker of workers) {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const { seq: id, results, error } = event.data;
      const pending = waiting.get(id);
      waiting.delete(id);
      if (error !== undefined) pending?.reject(new Error(`backfill worker: ${error}`));
      else pending?.resolve(results!);
    };
    worker.onerror = (event) => {
      for (const pending of waiting.values()) pending.reject(new Error(`backfill worker crashed: ${event.message}`));
      waiting.clear();
    };
  }
  const send = (worker: Worker, part: BackfillCandidate[], targetVersion: number | null) =>
    new Promise<BackfillResult[]>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ seq: id, batch: part, targetVersion });
    });
  return {
    async compile(batch, targetVersion) {
      const partSize = Math.ceil(batch.length / workers.length);
      const parts = workers
        .map((worker, i) => ({ worker, part: batch.slice(i * partSize, (i + 1) * partSize) }))
        .filter(({ part }) => part.length > 0);
      const results = await Promise.all(parts.map(({ worker, part }) => send(worker, part, targetVersion)));
      return results.flat();
    },
    close() {
      for (const worker of workers) worker.terminate();
    },
  };
}

/** workers = 0 compiles inline; otherwise a pool of that many Workers. */
export const createBatchCompiler = (workers: number): BatchCompiler =>
  workers > 0 ? workerCompiler(workers) : inlineCompiler();
