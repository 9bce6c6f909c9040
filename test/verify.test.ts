// Verification in the QuickJS/WebAssembly isolate: one scene per failure class gets its error with frame
// and scene line; runaway CPU and memory are stopped; escape attempts fail and change nothing here.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { compileScene } from "../src/compiler";
import { createVerifier, QueueFullError, watchdogMs, type SceneConfig, type VerifyResult } from "../src/verify";
import { WALL_BACKSTOP } from "../src/verify/types.ts";

const CONFIG: SceneConfig = { durationInFrames: 90, fps: 30, width: 1280, height: 720 };
const verifier = createVerifier({ workers: 1, deadlineMs: 100 });
afterAll(() => verifier.close());

async function verifyTsx(tsx: string, version: 1 | 2, config = CONFIG): Promise<VerifyResult> {
  const compiled = compileScene(tsx, { version, cache: false });
  if (!compiled.ok) throw new Error(`fixture does not compile: ${compiled.error.message}`);
  return verifier.verify(compiled.js, version, config);
}

interface FailureCase {
  name: string;
  tsx: string;
  message: RegExp;
  frame: number | null;
  line: number;
  /** Frames that rendered before the failing one (default none). */
  rendered?: number[];
}

const FAILURES: FailureCase[] = [
  {
    name: "a function used but never bound that remotion does not export (no autofix)",
    tsx: `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Pop() {
  const frame = useCurrentFrame();
  const s = springy({ frame, fps: 30 });
  return <AbsoluteFill>{s}</AbsoluteFill>;
}`,
    message: /ReferenceError: 'springy' is not defined/,
    frame: 0,
    line: 4,
  },
  {
    name: "a name that only existed in another scene",
    tsx: `const { AbsoluteFill } = window.Remotion;
export default function Card() {
  return (
    <AbsoluteFill>
      <BrandHeader title="Q3" />
    </AbsoluteFill>
  );
}`,
    message: /ReferenceError: 'BrandHeader' is not defined/,
    frame: 0,
    line: 5,
  },
  {
    name: "interpolate with input and output ranges of different lengths (only from frame 45 on)",
    tsx: `const { AbsoluteFill, interpolate, useCurrentFrame } = window.Remotion;
export default function Fade() {
  const frame = useCurrentFrame();
  const opacity = frame < 40 ? 1 : interpolate(frame, [40, 60, 80], [0, 1]);
  return <AbsoluteFill style={{ opacity }} />;
}`,
    message: /inputRange \(3\) and outputRange \(2\) must have the same length/,
    frame: 44,
    line: 4,
  },
  {
    name: "interpolate with a non-monotonic input range",
    tsx: `const { interpolate, useCurrentFrame } = window.Remotion;
export default function Slide() {
  const frame = useCurrentFrame();
  const x = interpolate(frame, [0, 50, 20], [0, 100, 0]);
  return <div style={{ left: x }} />;
}`,
    message: /inputRange must be strictly monotonically increasing/,
    frame: 0,
    line: 4,
  },
  {
    name: "a component that returns nothing",
    tsx: `const { AbsoluteFill } = window.Remotion;

export default function Forgetful() {
  const content = <AbsoluteFill>Hello</AbsoluteFill>;
}`,
    message: /Forgetful returned undefined/,
    frame: 0,
    line: 3,
  },
  {
    name: "an error inside a Sequence seen only at the last frame",
    tsx: `const { Sequence, useCurrentFrame } = window.Remotion;
function Outro() {
  const local = useCurrentFrame();
  if (local > 30) throw new Error("outro overran at local frame " + local);
  return null;
}
export default function Show() {
  return <Sequence from={50}><Outro /></Sequence>;
}`,
    message: /outro overran at local frame 39/,
    frame: 89,
    line: 4,
    rendered: [0, 44],
  },
];

describe("failure classes: message, frame and scene line", () => {
  for (const c of FAILURES) {
    for (const version of [1, 2] as const) {
      test(`v${version}: ${c.name}`, async () => {
        const r = await verifyTsx(c.tsx, version);
        expect(r.ok).toBe(false);
        expect(r.timedOut).toBeUndefined();
        expect(r.error!.message).toMatch(c.message);
        expect(r.error!.frame).toBe(c.frame);
        expect(r.error!.line).toBe(c.line);
        expect(r.frames).toEqual(c.rendered ?? (c.frame === 44 ? [0] : []));
      });
    }
  }

  test("a factory that returns nothing (the artifact returns undefined)", async () => {
    const js = "const { AbsoluteFill } = window.Remotion;\nlet Scene;\nreturn Scene;";
    const r = await verifier.verify(js, 1, CONFIG);
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ message: "Scene code returned undefined instead of a component function", frame: null });
  });

  test("a syntax error in a hand-made artifact is reported with its line", async () => {
    const r = await verifier.verify("const a = 1;\nconst = ;\nreturn a;", 2, CONFIG);
    expect(r.ok).toBe(false);
    expect(r.error!.message).toMatch(/SyntaxError/);
    expect(r.error!.line).toBe(2);
  });

  test("the autofixed spring scene verifies OK and renders 0, middle and last", async () => {
    const tsx = `const { AbsoluteFill, useCurrentFrame, useVideoConfig } = window.Remotion;
export default function Bounce() {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  return <AbsoluteFill style={{ transform: \`scale(\${spring({ frame, fps })})\` }} />;
}`;
    for (const version of [1, 2] as const) {
      expect(compileScene(tsx, { version }).meta.autofixes).toEqual([{ kind: "bind-remotion", name: "spring" }]);
      const r = await verifyTsx(tsx, version);
      expect(r).toMatchObject({ ok: true, frames: [0, 44, 89] });
    }
  });
});

describe("limits", () => {
  test("the watchdog outlasts both attempts at the isolate's own wall-clock backstop", () => {
    // A scene slowed by a busy machine may run WALL_BACKSTOP deadlines of wall clock per attempt, twice.
    for (const deadline of [50, 100, 500]) expect(watchdogMs(deadline)).toBeGreaterThan(2 * WALL_BACKSTOP * deadline);
  });

  test("an infinite loop ends as timedOut within the deadline (one retry included)", async () => {
    const started = performance.now();
    const r = await verifyTsx(`export default function Spin() {\n  let i = 0;\n  while (true) i++;\n}`, 2);
    expect(r.ok).toBe(false);
    expect(r.timedOut).toBe(true);
    expect(r.error!.frame).toBe(0);
    // The interrupt fires at the deadline; the rest is the shared machine's scheduling noise.
    expect(r.ms).toBeGreaterThanOrEqual(200); // two runs of 100 ms each
    expect(performance.now() - started).toBeLessThan(1500);
  });

  test("a loop that only starts late is reported at its frame, after the frames that rendered", async () => {
    const r = await verifyTsx(`const { useCurrentFrame } = window.Remotion;\nexport default function Late() {\n  if (useCurrentFrame() > 80) for (;;) {}\n  return <div />;\n}`, 1);
    expect(r).toMatchObject({ ok: false, timedOut: true, frames: [0, 44], error: { frame: 89 } });
  });

  test("unbounded allocation is stopped by the memory cap, and the next scene verifies normally", async () => {
    const roomy = createVerifier({ workers: 1, deadlineMs: 5000, memoryBytes: 48 * 1024 * 1024 });
    try {
      const hog = compileScene(`export default function Hog() {\n  const keep = [];\n  for (;;) keep.push(new Float64Array(1 << 18));\n}`, { version: 1 }).js!;
      const r = await roomy.verify(hog, 1, CONFIG);
      expect(r.ok).toBe(false);
      expect(r.timedOut).toBeUndefined();
      expect(r.error!.message).toMatch(/out of memory/);
      expect(r.error!.line).toBe(3);
      const fine = compileScene(`export default function Fine() { return <div>ok</div>; }`, { version: 1 }).js!;
      expect((await roomy.verify(fine, 1, CONFIG)).ok).toBe(true);
    } finally {
      await roomy.close();
    }
  });

  test("a hostile scene does not poison the next one (globals and prototypes)", async () => {
    const vandal = `export default function Vandal() {
  (window as any).Remotion2 = 1;
  (Array.prototype as any).map = () => { throw new Error("poisoned"); };
  throw new Error("fail so the context is rebuilt");
}`;
    expect((await verifyTsx(vandal, 1)).ok).toBe(false);
    const quietVandal = `export default function Quiet() {
  (Array.prototype as any).map = () => { throw new Error("poisoned"); };
  (Math as any).min = () => NaN;
  return <div />;
}`;
    expect((await verifyTsx(quietVandal, 2)).ok).toBe(true); // it renders; its changes must not outlive it
    const honest = `export default function Honest() {
  if (Math.min(1, 2) !== 1) throw new Error("Math poisoned");
  return <div>{[1, 2].map((n) => <b key={n}>{n}</b>)}</div>;
}`;
    expect(await verifyTsx(honest, 1)).toMatchObject({ ok: true });
  });
});

test("the queue is bounded: beyond maxQueue waiting jobs are refused, the rest still verify", async () => {
  const small = createVerifier({ workers: 1, maxQueue: 1 });
  try {
    const js = compileScene(`export default function Q() { return <div />; }`, { version: 2 }).js!;
    const first = small.verify(js, 2, CONFIG); // taken by the worker
    const second = small.verify(js, 2, CONFIG); // waits
    await expect(small.verify(js, 2, CONFIG)).rejects.toBeInstanceOf(QueueFullError);
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
  } finally {
    await small.close();
  }
});

describe("escape attempts fail verification and change nothing on the server", () => {
  const marker = `/tmp/clapper-verify-escape-${process.pid}`;
  const attempts: Record<string, string> = {
    process: `process.env.CLAPPER_ESCAPED = "yes"; process.exit(3);`,
    Bun: `Bun.write(${JSON.stringify(marker)}, "escaped");`,
    require: `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "escaped");`,
    "globalThis.fetch": `globalThis.fetch("http://127.0.0.1:9/escape");`,
    eval: `eval("require('node:fs')").writeFileSync(${JSON.stringify(marker)}, "x");`,
    Function: `Function("return process")().env.CLAPPER_ESCAPED = "yes";`,
    "constructor chain": `({}).constructor.constructor("return this")().process.mainModule.require("fs");`,
  };
  for (const [name, attempt] of Object.entries(attempts)) {
    for (const version of [1, 2] as const) {
      test(`v${version}: ${name}`, async () => {
        rmSync(marker, { force: true });
        const tsx = `export default function Escape() {\n  ${attempt}\n  return <div>escaped</div>;\n}`;
        const r = await verifyTsx(tsx, version);
        expect(r.ok).toBe(false);
        expect(r.error!.line).toBe(2);
        expect(existsSync(marker)).toBe(false);
        expect(process.env.CLAPPER_ESCAPED).toBeUndefined();
        expect((globalThis as Record<string, unknown>).__clapper).toBeUndefined();
      });
    }
  }
});
