// createVerifier(): a bounded pool of Bun Workers, each holding one QuickJS isolate, that verifies
// compiled scenes off the event loop. The caller stores the result as compileMeta.verify.

import { availableParallelism } from "node:os";
import { standInSource } from "./stand-in-bundle.ts";
import { WALL_BACKSTOP, type SceneConfig, type VerifyLimits, type VerifyResult } from "./types.ts";
import type { WorkerReply, WorkerRequest } from "./worker.ts";
import type { CompilationVersion } from "../compiler/types.ts";

export type * from "./types.ts";

export interface VerifierOptions {
  /** Worker count; default cores − 1 (at least 1). */
  workers?: number;
  /** CPU budget per scene; default 100 ms. */
  deadlineMs?: number;
  /** Memory cap per isolate (its WebAssembly memory, stand-in included); default 64 MiB, at least 16 MiB. */
  memoryBytes?: number;
  /** Jobs waiting beyond this many are refused (QueueFullError); default 256. */
  maxQueue?: number;
  /** Report each scene's thread CPU time as `cpuMs` (Linux; the benchmark uses it to separate cost from load). */
  measureCpu?: boolean;
}

export interface Verifier {
  verify(js: string, version: CompilationVersion, config: SceneConfig): Promise<VerifyResult>;
  close(): Promise<void>;
}

/** Refused because the queue is full: the scene was not verified (not the same as failing verification). */
export class QueueFullError extends Error {
  constructor(limit: number) {
    super(`verification queue is full (${limit} waiting)`);
    this.name = "QueueFullError";
  }
}

// A worker that misses its wall-clock backstop (twice: a timed-out scene is retried once) by this much
// is stuck outside QuickJS's interrupt checks: replaced.
const WATCHDOG_GRACE_MS = 2000;

/**
 * How long one job may hold a worker: the isolate's own wall backstop (WALL_BACKSTOP × deadline, since the
 * deadline counts CPU time) for each of the two attempts, plus a grace. Shorter would replace a worker that
 * a busy machine merely slowed down.
 */
export function watchdogMs(deadlineMs: number): number {
  return 2 * WALL_BACKSTOP * deadlineMs + WATCHDOG_GRACE_MS;
}

interface Job {
  id: number;
  js: string;
  version: CompilationVersion;
  config: SceneConfig;
  resolve(result: VerifyResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job: Job | null;
  watchdog: ReturnType<typeof setTimeout> | null;
}

/** Bun's Worker ref()/unref() (missing from the DOM Worker type): whether the worker keeps the process alive. */
function keepAlive(worker: Worker, on: boolean): void {
  const handle = worker as unknown as { ref(): void; unref(): void };
  if (on) handle.ref();
  else handle.unref();
}

export function createVerifier(options: VerifierOptions = {}): Verifier {
  const limits: VerifyLimits = { deadlineMs: options.deadlineMs ?? 100, memoryBytes: options.memoryBytes ?? 64 * 1024 * 1024 };
  const size = Math.max(1, options.workers ?? availableParallelism() - 1);
  const maxQueue = options.maxQueue ?? 256;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(new URL("./worker.ts", import.meta.url).href);
    keepAlive(worker, false);
    const slot: Slot = { worker, job: null, watchdog: null, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const message = event.data;
        if (message.type === "ready") resolve();
        else if (message.type === "failed") reject(new Error(message.message));
        else finish(slot, message.id, message.result);
      };
    });
    worker.onerror = (event) => replace(slot, `verification worker crashed: ${event.message}`);
    void standInSource().then((standIn) => worker.postMessage({ type: "init", standIn, limits, measureCpu: options.measureCpu } satisfies WorkerRequest));
    return slot;
  }

  function finish(slot: Slot, id: number, result: VerifyResult): void {
    if (!slot.job || slot.job.id !== id) return;
    if (slot.watchdog) clearTimeout(slot.watchdog);
    const job = slot.job;
    slot.job = null;
    slot.watchdog = null;
    job.resolve(result);
    pump();
    // An idle pool must not keep a script or test process alive; a busy one must.
    if (!slot.job) keepAlive(slot.worker, false);
  }

  /** Terminates a stuck or crashed worker; its scene counts as timed out; a fresh worker takes its place. */
  function replace(slot: Slot, message: string): void {
    const job = slot.job;
    slot.worker.terminate();
    const index = slots.indexOf(slot);
    if (index >= 0 && !closed) slots[index] = spawn();
    if (job) job.resolve({ ok: false, frames: [], ms: watchdogMs(limits.deadlineMs), timedOut: true, error: { message, frame: null } });
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      keepAlive(slot.worker, true);
      slot.ready.then(
        () => {
          if (slot.job !== job) return;
          slot.watchdog = setTimeout(() => replace(slot, `verification did not finish within ${watchdogMs(limits.deadlineMs)} ms`), watchdogMs(limits.deadlineMs));
          slot.worker.postMessage({ type: "job", id: job.id, job: { js: job.js, version: job.version, config: job.config } } satisfies WorkerRequest);
        },
        (error: Error) => {
          if (slot.watchdog) clearTimeout(slot.watchdog);
          slot.job = null;
          job.reject(error);
          // A worker whose set-up failed would reject every later job too: a fresh one takes its place.
          replace(slot, `verification worker set-up failed: ${error.message}`);
        },
      );
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    verify(js, version, config) {
      if (closed) return Promise.reject(new Error("verifier is closed"));
      if (queue.length >= maxQueue) return Promise.reject(new QueueFullError(maxQueue));
      return new Promise<VerifyResult>((resolve, reject) => {
        queue.push({ id: nextId++, js, version, config, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("verifier is closed"));
      for (const slot of slots) {
        if (slot.watchdog) clearTimeout(slot.watchdog);
        slot.job?.reject(new Error("verifier is closed"));
        slot.worker.terminate();
      }
    },
  };
}
