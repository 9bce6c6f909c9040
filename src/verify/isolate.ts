// One QuickJS (WebAssembly) runtime + context with the stand-in runtime evaluated once, reused for many
// scenes. Scene code only ever sees what the stand-in defines: no host function is exposed to it.
// The context is rebuilt after any failed scene (it may have been left mid-way) and every RECYCLE_AFTER
// scenes, so one scene's leftovers cannot shape another's result for long.

import {
  newQuickJSWASMModule,
  newVariant,
  RELEASE_SYNC,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from "quickjs-emscripten";
import { threadCpuClock } from "./thread-cpu.ts";
import { WALL_BACKSTOP, type VerifyError, type VerifyJob, type VerifyLimits, type VerifyResult } from "./types.ts";

const RECYCLE_AFTER = 64;
const PAGE = 64 * 1024;
/** The QuickJS build starts with 16 MiB of linear memory; a cap below that cannot even load it. */
export const MIN_MEMORY_BYTES = 16 * 1024 * 1024;
const STACK_BYTES = 512 * 1024;
const SCENE_FILE = "scene.js";

interface Live {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  run: QuickJSHandle;
  frame: QuickJSHandle;
  uses: number;
}

interface RunAnswer {
  ok: boolean;
  /** The scene changed a built-in: this context must not verify another scene. */
  tampered?: boolean;
  frames?: number[];
  frame?: number | null;
  message?: string;
  stack?: string;
  line?: number;
  column?: number;
}

export class Isolate {
  private live: Live | null = null;
  /** Deadline on the worker thread's CPU clock (when there is one) and the wall-clock backstop. */
  private cpuDeadline = Number.POSITIVE_INFINITY;
  private deadline = 0;
  /** Wall-clock time before which the CPU deadline cannot have passed (CPU time ≤ wall time): no clock read. */
  private nextCpuCheck = Number.POSITIVE_INFINITY;
  private spoiled = false;
  /** Characters the factory wrapper adds before the artifact's line 1 (subtracted from line-1 columns). */
  private wrapperColumns = 0;
  /** Contexts built so far (the stand-in evaluated): rebuilds cost ~15 ms each, outside `ms`. */
  contextsBuilt = 0;

  private constructor(
    private readonly wasm: QuickJSWASMModule,
    private readonly standIn: string,
    private readonly limits: VerifyLimits,
    /** This thread's CPU clock in ms, or null (then the deadline is wall-clock time). */
    private readonly cpuClock: (() => number) | null,
  ) {}

  /**
   * The memory cap is the WebAssembly memory's maximum: QuickJS's own malloc limit is not enforced in this
   * build (it cannot measure block sizes), but a failed `memory.grow` makes malloc fail, which QuickJS
   * reports as "out of memory". One module per isolate, one scene at a time, so the cap is per scene.
   */
  static async create(standIn: string, limits: VerifyLimits): Promise<Isolate> {
    const maximum = Math.ceil(Math.max(limits.memoryBytes, MIN_MEMORY_BYTES) / PAGE);
    const wasmMemory = new WebAssembly.Memory({ initial: MIN_MEMORY_BYTES / PAGE, maximum });
    const wasm = await newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory }));
    const isolate = new Isolate(wasm, standIn, limits, threadCpuClock());
    isolate.ensureLive();
    return isolate;
  }

  /**
   * The deadline is the worker thread's CPU time where the OS has a thread CPU clock (Linux): a machine
   * busy with other work then cannot turn a slow-but-finite scene into a timeout, and results do not
   * depend on load. A wall-clock backstop (WALL_BACKSTOP × the deadline) still ends a scene whose thread
   * is starved. Without a CPU clock the deadline is wall-clock time. Either way a timed-out scene gets
   * one more run in a fresh context before the timeout is reported.
   */
  verify(job: VerifyJob): VerifyResult {
    const first = this.verifyOnce(job);
    if (!first.timedOut) return first;
    const second = this.verifyOnce(job);
    return second.timedOut ? { ...second, ms: Math.round((first.ms + second.ms) * 1000) / 1000 } : second;
  }

  private verifyOnce(job: VerifyJob): VerifyResult {
    const live = this.ensureLive();
    const started = performance.now();
    const cpuStarted = this.cpuClock?.();
    this.cpuDeadline = cpuStarted === undefined ? Number.POSITIVE_INFINITY : cpuStarted + this.limits.deadlineMs;
    this.deadline = started + this.limits.deadlineMs * (cpuStarted === undefined ? 1 : WALL_BACKSTOP);
    this.nextCpuCheck = started + this.limits.deadlineMs;
    const result = this.runScene(live, job);
    this.unlimit();
    result.ms = Math.round((performance.now() - started) * 1000) / 1000;
    live.uses++;
    if (!result.ok || this.spoiled || live.uses >= RECYCLE_AFTER) this.dispose();
    this.spoiled = false;
    return result;
  }

  /** Builds the next context now if the last scene spoiled it: the worker calls this while idle, after replying. */
  warm(): void {
    this.ensureLive();
  }

  dispose(): void {
    if (!this.live) return;
    const { runtime, context, run, frame } = this.live;
    this.live = null;
    run.dispose();
    frame.dispose();
    context.dispose();
    runtime.dispose();
  }

  private ensureLive(): Live {
    if (this.live) return this.live;
    const runtime = this.wasm.newRuntime();
    runtime.setMemoryLimit(this.limits.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    this.unlimit();
    runtime.setInterruptHandler(() => this.timedOut());
    const context = runtime.newContext();
    const loaded = context.evalCode(this.standIn, "stand-in.js");
    if (loaded.error) {
      const detail = JSON.stringify(context.dump(loaded.error));
      loaded.error.dispose();
      throw new Error(`the verification stand-in failed to load: ${detail}`);
    }
    loaded.value.dispose();
    const clapper = context.getProp(context.global, "__clapper");
    const run = context.getProp(clapper, "run");
    const frame = context.getProp(clapper, "frame");
    clapper.dispose();
    this.live = { runtime, context, run, frame, uses: 0 };
    this.contextsBuilt++;
    return this.live;
  }

  private runScene(live: Live, job: VerifyJob): VerifyResult {
    const { context } = live;
    const params = job.version === 2 ? "Remotion, Extras" : "";
    // Same line as the artifact's line 1: a stack line N in scene.js is line N of the scene's TSX.
    const wrapper = `(function(${params}){`;
    const evaluated = context.evalCode(`${wrapper}${job.js}\n})`, SCENE_FILE);
    this.wrapperColumns = wrapper.length;
    if (evaluated.error) return this.failed(context, evaluated.error, null, this.timedOut());
    const factory = evaluated.value;
    const version = context.newNumber(job.version);
    const config = context.newString(JSON.stringify(job.config));
    const called = context.callFunction(live.run, context.undefined, factory, version, config);
    factory.dispose();
    version.dispose();
    config.dispose();
    if (called.error) {
      const timedOut = this.timedOut();
      const frame = this.renderingFrame(live);
      return { ...this.failed(context, called.error, frame, timedOut), frames: framesBefore(job, frame) };
    }
    const answer = JSON.parse(context.getString(called.value)) as RunAnswer;
    called.value.dispose();
    if (answer.tampered) this.spoiled = true;
    if (answer.ok) return { ok: true, frames: answer.frames ?? [], ms: 0 };
    const error: VerifyError = { message: answer.message ?? "verification failed", frame: answer.frame ?? null };
    const at = this.unwrap(answer.line ? { line: answer.line, column: answer.column } : sceneLocation(answer.stack ?? ""));
    Object.assign(error, withoutUndefined(at));
    if (this.timedOut()) return this.timeout(error.frame);
    return { ok: false, frames: answer.frames ?? [], ms: 0, error };
  }

  /** A failure raised outside the stand-in's own try/catch (syntax error, interrupt, out of memory). */
  private failed(context: QuickJSContext, handle: QuickJSHandle, frame: number | null, timedOut: boolean): VerifyResult {
    let dumped: { name?: string; message?: string; stack?: string } | string;
    try {
      dumped = context.dump(handle) as typeof dumped;
    } catch {
      dumped = "out of memory";
    }
    handle.dispose();
    if (timedOut) return this.timeout(frame);
    const message = typeof dumped === "string" ? dumped : `${dumped.name ?? "Error"}: ${dumped.message ?? ""}`;
    const at = this.unwrap(sceneLocation(typeof dumped === "string" ? "" : (dumped.stack ?? "")));
    const error: VerifyError = { message, frame, ...withoutUndefined(at) };
    return { ok: false, frames: [], ms: 0, error };
  }

  /** Which frame the stand-in was rendering when the scene was stopped (interrupts cannot be caught inside). */
  private renderingFrame(live: Live): number | null {
    this.unlimit();
    const answer = live.context.callFunction(live.frame, live.context.undefined);
    if (answer.error) {
      answer.error.dispose();
      return null;
    }
    const frame = live.context.dump(answer.value) as number | null;
    answer.value.dispose();
    return frame;
  }

  /** Line 1 of scene.js starts with the wrapper: its columns move back by the wrapper's length. */
  private unwrap(at: { line?: number; column?: number }): { line?: number; column?: number } {
    if (at.line !== 1 || at.column === undefined) return at;
    return { line: 1, column: Math.max(1, at.column - this.wrapperColumns) };
  }

  /**
   * Called by QuickJS's interrupt handler very often, so the thread CPU clock (a system call) is read only
   * once the wall clock says the CPU deadline could have passed, and then again no sooner than the CPU
   * time still left: a handful of reads per timed-out scene, none for a scene that finishes in time.
   */
  private timedOut(): boolean {
    const now = performance.now();
    if (now > this.deadline) return true;
    if (this.cpuClock === null || now < this.nextCpuCheck) return false;
    const left = this.cpuDeadline - this.cpuClock();
    if (left <= 0) return true;
    this.nextCpuCheck = now + left;
    return false;
  }

  /** No deadline: between scenes, and while the host itself calls into the context. */
  private unlimit(): void {
    this.deadline = Number.POSITIVE_INFINITY;
    this.cpuDeadline = Number.POSITIVE_INFINITY;
    this.nextCpuCheck = Number.POSITIVE_INFINITY;
  }

  private timeout(frame: number | null): VerifyResult {
    return { ok: false, frames: [], ms: 0, timedOut: true, error: { message: timeoutMessage(this.limits), frame } };
  }
}

/** The frames the stand-in renders before `frame` (0, middle, last — the same rule as stand-in/entry.js). */
function framesBefore(job: VerifyJob, frame: number | null): number[] {
  if (frame === null) return [];
  const last = Math.max(0, job.config.durationInFrames - 1);
  return [...new Set([0, Math.floor(last / 2), last])].filter((f) => f < frame);
}

function timeoutMessage(limits: VerifyLimits): string {
  return `The scene did not finish rendering within ${limits.deadlineMs} ms (infinite loop?)`;
}

/** The first stack frame in the scene's own code: QuickJS writes "at name (scene.js:LINE:COL)". */
export function sceneLocation(stack: string): { line?: number; column?: number } {
  const match = /scene\.js:(\d+)(?::(\d+))?/.exec(stack);
  if (!match) return {};
  return { line: Number(match[1]), column: match[2] ? Number(match[2]) : undefined };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
