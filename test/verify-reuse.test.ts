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
