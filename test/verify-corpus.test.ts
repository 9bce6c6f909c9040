// No false alarms: every sample and fixture scene that compiles verifies OK under versions 1 and 2.
// Parity: the stand-in's remotion helpers (bundled from remotion, with interpreter-speed patches) give
// the same numbers and the same argument errors as the real package.

import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { newQuickJSWASMModule, RELEASE_SYNC } from "quickjs-emscripten";
import * as Remotion from "remotion";
import { compileScene } from "../src/compiler";
import { createVerifier } from "../src/verify";
import { standInSource } from "../src/verify/stand-in-bundle.ts";

const DIRS = ["scripts/sample-scenes", "test/fixtures/compiler", "test/fixtures/realistic"].map((d) => join(import.meta.dir, "..", d));
const scenes = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".tsx")).map((f) => join(dir, f)));

// Correctness, not speed: a generous deadline so a loaded machine cannot turn a slow scene into a failure.
const verifier = createVerifier({ workers: 1, deadlineMs: 2000 });
afterAll(() => verifier.close());

describe("every compiling sample and fixture verifies OK", () => {
  test("the corpus is what we think it is", () => {
    expect(scenes.length).toBeGreaterThanOrEqual(30);
  });
  for (const file of scenes) {
    for (const version of [1, 2] as const) {
      const tsx = readFileSync(file, "utf8");
      const compiled = compileScene(tsx, { version });
      if (!compiled.ok) continue;
      test(`v${version} ${file.split("/").slice(-2).join("/")}`, async () => {
        for (const config of [
          { durationInFrames: 150, fps: 30, width: 1920, height: 1080 },
          { durationInFrames: 1, fps: 60, width: 1080, height: 1920 },
        ]) {
          const r = await verifier.verify(compiled.js, version, config);
          expect(r.error).toBeUndefined();
          expect(r.ok).toBe(true);
        }
      });
    }
  }
});

/** Expressions evaluated both with the real remotion (here) and the stand-in (in QuickJS); errors by message. */
const CASES = [
  ...[0, 1, 7, 29.5, 60, 149].flatMap((frame) => [
    `spring({ frame: ${frame}, fps: 30 })`,
    `spring({ frame: ${frame}, fps: 60, config: { damping: 200 } })`,
    `spring({ frame: ${frame}, fps: 30, config: { mass: 0.5, stiffness: 180 }, from: 2, to: -1 })`,
    `spring({ frame: ${frame}, fps: 30, durationInFrames: 40, delay: 5 })`,
    `spring({ frame: ${frame}, fps: 30, reverse: true, config: { overshootClamping: true } })`,
    `interpolate(${frame}, [0, 30, 90], [0, 1, 0.2], { easing: Easing.bezier(0.33, 1, 0.68, 1), extrapolateRight: "clamp" })`,
    `interpolate(${frame}, [10, 40], [1, 0], { easing: Easing.inOut(Easing.cubic), extrapolateLeft: "extend" })`,
    `interpolateColors(${frame}, [0, 60, 120], ["#ff0000", "rgba(0, 128, 255, 0.5)", "hsl(120, 50%, 50%)"])`,
  ]),
  `measureSpring({ fps: 30 })`,
  `measureSpring({ fps: 60, config: { damping: 15, mass: 2 }, threshold: 0.001 })`,
  `random("seed-1")`,
  `random(42)`,
  `interpolate(5, [0, 10, 20], [0, 1])`,
  `interpolate(5, [0, 20, 10], [0, 1, 2])`,
  `interpolate(5, [0, 10], [0, "1"])`,
  `interpolate(5, [0], [0])`,
  `spring({ frame: 5, fps: 30, config: { damping: 0 } })`,
  `spring({ frame: 5 })`,
  `interpolateColors(5, [0, 10], ["#ff0000", "not-a-colour"])`,
];

describe("stand-in helpers match the real remotion", () => {
  test("same values and same argument errors", async () => {
    const { spring, interpolate, interpolateColors, Easing, measureSpring, random } = Remotion;
    const real = CASES.map((expr) => {
      try {
        return { value: new Function("spring", "interpolate", "interpolateColors", "Easing", "measureSpring", "random", `return ${expr};`)(spring, interpolate, interpolateColors, Easing, measureSpring, random) };
      } catch (e) {
        return { error: (e as Error).message };
      }
    });
    const wasm = await newQuickJSWASMModule(RELEASE_SYNC);
    const context = wasm.newContext();
    try {
      const loaded = context.evalCode(await standInSource(), "stand-in.js");
      if (loaded.error) throw new Error(JSON.stringify(context.dump(loaded.error)));
      loaded.value.dispose();
      const program = `const { spring, interpolate, interpolateColors, Easing, measureSpring, random } = Remotion;
JSON.stringify(${JSON.stringify(CASES)}.map((expr) => { try { return { value: (0, eval)("(function(spring, interpolate, interpolateColors, Easing, measureSpring, random) { return " + expr + "; })")(spring, interpolate, interpolateColors, Easing, measureSpring, random) }; } catch (e) { return { error: e.message }; } }))`;
      const result = context.evalCode(program, "parity.js");
      if (result.error) throw new Error(JSON.stringify(context.dump(result.error)));
      const inIsolate = JSON.parse(context.getString(result.value));
      result.value.dispose();
      expect(inIsolate).toEqual(JSON.parse(JSON.stringify(real)));
      expect(real.filter((r) => "error" in r).length).toBeGreaterThanOrEqual(5);
    } finally {
      context.dispose();
    }
  });
});
