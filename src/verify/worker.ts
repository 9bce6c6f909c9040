// A verification worker: one QuickJS isolate, one scene at a time, off the server's event loop.

import { Isolate } from "./isolate.ts";
import { threadCpuClock } from "./thread-cpu.ts";
import type { VerifyJob, VerifyLimits, VerifyResult } from "./types.ts";

declare const self: Worker;

export type WorkerRequest =
  | { type: "init"; standIn: string; limits: VerifyLimits; measureCpu?: boolean }
  | { type: "job"; id: number; job: VerifyJob };

export type WorkerReply =
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "result"; id: number; result: VerifyResult };

let isolate: Isolate | null = null;
let init: Extract<WorkerRequest, { type: "init" }> | null = null;
let cpuClock: (() => number) | null = null;

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === "init") {
    init = request;
    if (request.measureCpu) cpuClock = threadCpuClock();
    try {
      isolate = await Isolate.create(request.standIn, request.limits);
      reply({ type: "ready" });
    } catch (error) {
      reply({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  let result: VerifyResult;
  const cpuStart = cpuClock?.();
  try {
    result = isolate!.verify(request.job);
    if (cpuStart !== undefined) result.cpuMs = Math.round((cpuClock!() - cpuStart) * 1000) / 1000;
  } catch (error) {
    result = { ok: false, frames: [], ms: 0, error: { message: `Verification failed: ${error instanceof Error ? error.message : String(error)}`, frame: null } };
    // The WebAssembly module itself may be broken (e.g. aborted on memory exhaustion): start a fresh one.
    isolate = await Isolate.create(init!.standIn, init!.limits);
  }
  reply({ type: "result", id: request.id, result });
  // A failed or spoiling scene disposed the context: rebuild it now, between jobs, rather than on the
  // next scene's clock. A job that arrives meanwhile waits for this (it would have had to anyway).
  setTimeout(() => isolate?.warm(), 0);
};
