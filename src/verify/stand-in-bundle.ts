// Bundles src/verify/stand-in/ (with the real remotion helpers it imports) into one script that each
// isolate context evaluates once. Built on first use and memoised for the process.
//
// Remotion's helpers are tuned for a JIT; in an interpreter three spots dominate, so the bundle patches
// them without changing any result (every step is a pure function of the same inputs):
// - spring's per-step `advanceCache` keys each step by joining eight floats (float→string is slow here);
// - springCalculation(frame) replays every step from frame 0, so measureSpring is quadratic: the patch
//   keeps the integer-frame states per (fps, config) and continues from the last one computed;
// - `getMatchers()` builds its "cached" colour regexes afresh on every call: memoised once.
// A patch that no longer matches (remotion bumped) fails the build instead of going stale.

import { join } from "node:path";
import type { BunPlugin } from "bun";

let bundle: Promise<string> | null = null;

export function standInSource(): Promise<string> {
  bundle ??= buildStandIn();
  return bundle;
}

interface Patch {
  file: RegExp;
  find: RegExp;
  replace: string;
}

const PATCHES: Patch[] = [
  {
    file: /remotion\/dist\/cjs\/spring\/spring-utils\.js$/,
    find: /const cacheKey = \[\s*toValue,[^\]]*\]\.join\('-'\);\s*if \(advanceCache\[cacheKey\]\) \{\s*return advanceCache\[cacheKey\];\s*\}/,
    replace: "",
  },
  {
    file: /remotion\/dist\/cjs\/spring\/spring-utils\.js$/,
    find: /advanceCache\[cacheKey\] = animationNode;/,
    replace: "",
  },
  {
    file: /remotion\/dist\/cjs\/spring\/spring-utils\.js$/,
    find: /for \(let f = 0; f <= Math\.floor\(frameClamped\); f\+\+\) \{\s*const time = \(f \/ fps\) \* 1000;\s*animation = advance\(\{\s*animation,\s*now: time,\s*config: resolvedConfig,\s*\}\);\s*\}/,
    replace: "animation = advanceToFrame(animation, Math.floor(frameClamped), fps, resolvedConfig);",
  },
  {
    file: /remotion\/dist\/cjs\/spring\/spring-utils\.js$/,
    find: /$/,
    replace: `
const integerStates = new Map();
/** The state after \`for (f = 0; f <= last; f++) advance(now: f / fps * 1000)\`, continuing from earlier calls. */
function advanceToFrame(start, last, fps, config) {
    const key = fps + "|" + config.damping + "|" + config.mass + "|" + config.stiffness;
    let states = integerStates.get(key);
    if (!states) integerStates.set(key, (states = []));
    let animation = states.length > 0 ? states[states.length - 1] : start;
    for (let f = states.length; f <= last; f++) {
        animation = advance({ animation, now: (f / fps) * 1000, config });
        states.push(animation);
    }
    return states[last];
}
`,
  },
  {
    file: /remotion\/dist\/cjs\/interpolate-colors\.js$/,
    find: /function getMatchers\(\) \{/,
    replace: "let memoMatchers;\nfunction getMatchers() { return memoMatchers ??= getMatchersUncached(); }\nfunction getMatchersUncached() {",
  },
];

const patchRemotion: BunPlugin = {
  name: "patch-remotion-caches",
  setup(build) {
    build.onLoad({ filter: /remotion\/dist\/cjs\/(spring\/spring-utils|interpolate-colors)\.js$/ }, async ({ path }) => {
      let contents = await Bun.file(path).text();
      for (const patch of PATCHES.filter((p) => p.file.test(path))) {
        if (!patch.find.test(contents)) throw new Error(`stand-in patch no longer applies to ${path}: ${patch.find}`);
        contents = contents.replace(patch.find, patch.replace);
      }
      return { contents, loader: "js" };
    });
  },
};

async function buildStandIn(): Promise<string> {
  const result = await Bun.build({
    entrypoints: [join(import.meta.dir, "stand-in/entry.js")],
    format: "iife",
    target: "browser",
    minify: { syntax: true, whitespace: false, identifiers: false },
    plugins: [patchRemotion],
  });
  if (!result.success) throw new AggregateError(result.logs, "building the verification stand-in failed");
  return result.outputs[0].text();
}
