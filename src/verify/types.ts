// The verification result stored as compileMeta.verify (README.md "Verification").

import type { CompilationVersion } from "../compiler/types.ts";

export interface VerifyError {
  message: string;
  /** Frame being rendered when it failed; null while the factory ran (before any frame). */
  frame: number | null;
  /** 1-based line/column in the scene source (artifact line N == TSX line N), when known. */
  line?: number;
  column?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** The frames rendered without error (0, middle, last when ok; on failure, those before the failing one). */
  frames: number[];
  ms: number;
  timedOut?: boolean;
  error?: VerifyError;
  /** CPU time of the worker thread for this scene; only with createVerifier({measureCpu}) (the benchmark), never stored. */
  cpuMs?: number;
}

/** A verification that did not run: `busy` = the pool's queue was full, `error` = the pool failed or was closed. */
export interface SkippedVerify {
  ok: null;
  skipped: "busy" | "error";
  message?: string;
}

/** compileMeta.verify: the isolate's result, or why there is none (not verified ≠ failed verification). */
export type StoredVerify = VerifyResult | SkippedVerify;

export interface SceneConfig {
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

/** With a CPU-time deadline, wall-clock time may reach this many deadlines before the scene is stopped anyway. */
export const WALL_BACKSTOP = 20;

export interface VerifyLimits {
  /** CPU budget per scene (wall clock inside the worker), default 100. */
  deadlineMs: number;
  /** Memory cap of one isolate (its WebAssembly memory, stand-in runtime included). */
  memoryBytes: number;
}

export interface VerifyJob {
  js: string;
  version: CompilationVersion;
  config: SceneConfig;
}
