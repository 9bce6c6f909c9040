// Context reuse in the verification isolate: clean scenes share one context (a rebuild evaluates the
// stand-in again, ~15 ms outside `ms`), while a scene that changes a built-in or fails gets a fresh one.
import { afterAll, expect, test } from "bun:test";
import { compileScene } from "../src/compiler";
import { Isolate } from "../src/verify/isolate.ts";
import { standInSource } from "../src/verify/stand-in-bundle.ts";

const CONFIG = { durationInFrames: 30, fps: 30, width: 640, height: 360 };
const isolate = await Isolate.create(await standInSource(), { deadlineMs: 1000, memoryBytes: 64 * 1024 * 1024 });
afterAll(() => isolate.dispose());

const js = (body: string) => {
  const compiled = compileScene(`const { AbsoluteFill } = window.Remotion;\nexport default function S() {\n${body}\n  return <AbsoluteFill>x</AbsoluteFill>;\n}`, { cache: false });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.js;
};

test("clean scenes reuse one context (Number.NaN must not look like a changed built-in)", () => {
  const before = isolate.contextsBuilt;
  for (let i = 0; i < 5; i++) expect(isolate.verify({ js: js("  const n = Number.NaN;"), version: 1, config: CONFIG }).ok).toBe(true);
  expect(isolate.contextsBuilt - before).toBe(0);
});

test("a scene that changes a built-in, or fails, spoils its context: the next scene gets a fresh one", () => {
  const before = isolate.contextsBuilt;
  expect(isolate.verify({ js: js("  Array.prototype.sneaky = 1;"), version: 1, config: CONFIG }).ok).toBe(true);
  expect(isolate.verify({ js: js(""), version: 1, config: CONFIG }).ok).toBe(true);
  expect(isolate.contextsBuilt - before).toBe(1);
  expect(isolate.verify({ js: js("  throw new Error('no');"), version: 1, config: CONFIG }).ok).toBe(false);
  expect(isolate.verify({ js: js(""), version: 1, config: CONFIG }).ok).toBe(true);
  expect(isolate.contextsBuilt - before).toBe(2);
});

test("the deadline is the worker thread's CPU time: a scene slowed only by a busy machine does not time out", async () => {
  const { threadCpuClock } = await import("../src/verify/thread-cpu.ts");
  const cpu = threadCpuClock();
  expect(cpu).not.toBeNull(); // Linux: the clock the deadline relies on exists
  const tight = await Isolate.create(await standInSource(), { deadlineMs: 100, memoryBytes: 64 * 1024 * 1024 });
  // Calibrate a loop to ~60 ms of CPU on this machine, uncontended: well inside the 100 ms deadline.
  const loop = (n: number) => js(`  let x = 0;\n  for (let i = 0; i < ${n}; i++) x += i % 7;`);
  // A first run pays one-off costs (the first scene in a fresh context) that would skew the calibration.
  tight.verify({ js: loop(1_000), version: 1, config: { ...CONFIG, durationInFrames: 1 } });
  let n = 20_000;
  for (;;) {
    const before = cpu!();
    tight.verify({ js: loop(n), version: 1, config: { ...CONFIG, durationInFrames: 1 } });
    const spent = cpu!() - before;
    if ((spent >= 30 && n > 20_000) || n > 5e7) {
      n = Math.round((n * 60) / Math.max(spent, 1));
      break;
    }
    n *= 2;
  }
  // Twelve busy threads on this machine's cores: wall time stretches far past the 100 ms deadline
  // (a 60 ms loop gets a fraction of a core), while its CPU time stays at ~60 ms.
  const hog = `let x = 0; for (;;) x++;`;
  const hogs = Array.from({ length: 12 }, () => new Worker(URL.createObjectURL(new Blob([hog], { type: "text/javascript" }))));
  try {
    await Bun.sleep(50);
    const result = tight.verify({ js: loop(n), version: 1, config: { ...CONFIG, durationInFrames: 1 } });
    expect(result.ms).toBeGreaterThan(100); // the contention happened
    expect(result.timedOut).toBeUndefined();
    expect(result.ok).toBe(true);
  } finally {
    for (const h of hogs) h.terminate();
    tight.dispose();
  }
});
