// Behaviour of the compiler: the shared samples' outcomes, the artifact contract (both versions run
// against the real remotion and react), determinism, errors, and the known failure modes of text-based
// implementations.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getVersion as getSucraseVersion } from "sucrase";
import { compileScene, type CompilationVersion } from "../src/compiler";
import { runArtifact } from "./helpers/artifact";

// The shared samples, copied into the repo so the suite runs from any clone.
const SAMPLES = join(import.meta.dir, "../scripts/sample-scenes");
const REALISTIC = join(import.meta.dir, "fixtures/realistic");
const expected: Record<string, { compiles: boolean; component?: string; error_line_between?: [number, number]; error_mentions?: string }> =
  JSON.parse(readFileSync(join(SAMPLES, "expected.json"), "utf8"));

function compileOk(tsx: string, version: CompilationVersion = 1) {
  const r = compileScene(tsx, { version });
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r;
}

describe("shared sample scenes", () => {
  for (const [file, want] of Object.entries(expected)) {
    const tsx = readFileSync(join(SAMPLES, file), "utf8");
    for (const version of [1, 2] as const) {
      test(`${file} v${version}`, () => {
        const r = compileScene(tsx, { version });
        expect(r.ok).toBe(want.compiles);
        if (r.ok) {
          expect(r.meta.componentName).toBe(want.component!);
          const component = runArtifact(r.js, version);
          expect(typeof component).toBe("function");
          expect((component as { name: string }).name).toBe(want.component!);
        } else {
          if (want.error_line_between) {
            expect(r.error.line).toBeGreaterThanOrEqual(want.error_line_between[0]);
            expect(r.error.line).toBeLessThanOrEqual(want.error_line_between[1]);
            expect(r.error.frame).toContain(`> ${r.error.line} |`);
          }
          if (want.error_mentions) expect(r.error.message).toContain(want.error_mentions);
        }
      });
    }
  }
});

describe("realistic corpus", () => {
  const files = existsSync(REALISTIC) ? readdirSync(REALISTIC).filter((f) => f.endsWith(".tsx")) : [];
  test("has scenes to test", () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    test(`${file} compiles and runs in both versions`, () => {
      const tsx = readFileSync(join(REALISTIC, file), "utf8");
      for (const version of [1, 2] as const) {
        const r = compileOk(tsx, version);
        expect(typeof runArtifact(r.js, version)).toMatch(/function|object/); // memo() components are objects
        expect(r.js.split("\n").length).toBe(tsx.split("\n").length + 1); // lines aligned, + the return
      }
    });
  }
});

describe("every scene that compiles as version 1 also compiles and runs as version 2", () => {
  const dirs = [SAMPLES, REALISTIC, join(import.meta.dir, "fixtures/compiler")];
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".tsx"))) {
      test(`${dir.split("/").slice(-2).join("/")}/${file}`, () => {
        const tsx = readFileSync(join(dir, file), "utf8");
        const v1 = compileScene(tsx, { version: 1 });
        const v2 = compileScene(tsx, { version: 2 });
        expect(v2.ok).toBe(v1.ok);
        if (!v1.ok || !v2.ok) return;
        expect(v2.meta.componentName).toBe(v1.meta.componentName);
        expect(typeof runArtifact(v1.js, 1)).toMatch(/function|object/);
        if (v2.meta.warnings.length > 0) return; // reads a global the runtime does not provide
        expect(typeof runArtifact(v2.js, 2)).toMatch(/function|object/);
      });
    }
  }
});

describe("compileMeta", () => {
  const tsx = readFileSync(join(SAMPLES, "title-card.tsx"), "utf8");

  test("is deterministic and the hash is the sha-256 of the JS", () => {
    const a = compileScene(tsx, { cache: false });
    const b = compileScene(tsx, { cache: false });
    expect(b.js).toBe(a.js);
    expect(b.meta.hash).toBe(a.meta.hash);
    expect(a.meta.hash).toBe(new Bun.CryptoHasher("sha256").update(a.js!).digest("hex"));
    expect(compileOk(tsx, 2).meta.hash).not.toBe(a.meta.hash);
  });

  test("an identical recompile comes from the cache with the same artifact and its own trigger", () => {
    const source = tsx.replace("Launch Day", "Cache Day");
    const first = compileScene(source, { trigger: "create" });
    const again = compileScene(source, { trigger: "recompile" });
    expect(first.meta.cached).toBeUndefined();
    expect(again.meta).toMatchObject({ cached: true, trigger: "recompile", hash: first.meta.hash });
    expect(again.js).toBe(first.js!);
    expect(first.meta.trigger).toBe("create");
  });

  test("records tool, versions, sizes, sub-millisecond timing and trigger", () => {
    const r = compileScene(tsx, { version: 2, trigger: "edit", cache: false });
    expect(r.meta).toMatchObject({ tool: "sucrase", toolVersion: getSucraseVersion(), targetVersion: 2, trigger: "edit" });
    expect(r.meta.compiler).toMatch(/^clapper-compiler\//);
    expect(r.meta.inputBytes).toBe(new TextEncoder().encode(tsx).length);
    expect(r.meta.outputBytes).toBe(new TextEncoder().encode(r.js!).length);
    expect(r.meta.timings.ms).toBeGreaterThan(0);
    expect(r.meta.timings.ms).toBe(Math.round(r.meta.timings.ms * 1000) / 1000); // µs precision, not whole ms
  });

  test("counts UTF-8 bytes, not UTF-16 units", () => {
    const r = compileOk(`export default function Émoji() { return <p>🎬 café</p>; }`);
    expect(r.meta.inputBytes).toBeGreaterThan(`export default function Émoji() { return <p>🎬 café</p>; }`.length);
  });
});

describe("errors point into the original TSX", () => {
  test("empty TSX", () => {
    const r = compileScene("  \n ");
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe("empty");
  });

  test("syntax error carries line, column and a code frame", () => {
    const r = compileScene("const a = 1;\n\nexport default function X() {\n  return <div>{a</div>;\n}\n");
    expect(r.error).toMatchObject({ code: "syntax", line: 4 });
    expect(r.error!.column).toBeGreaterThan(1);
    expect(r.error!.frame).toContain("> 4 |");
    expect(r.error!.frame).toContain("^");
  });

  test("unknown module names the module and the allowed ones", () => {
    const r = compileScene(`import { a } from "lodash";\nexport default function X() { return a; }`);
    expect(r.error).toMatchObject({ code: "unknown_module", line: 1, column: 19 });
    expect(r.error!.message).toContain('"lodash"');
    expect(r.error!.message).toContain('"remotion"');
    expect(r.error!.message).toContain('"react"');
  });

  test("a duplicate top-level declaration is a compile error at the second declaration", () => {
    const r = compileScene(`const { AbsoluteFill } = window.Remotion;\nconst x = 1;\nfunction Y() {}\nconst x = 2;\nexport default function Z() { return null; }`);
    expect(r.error).toMatchObject({ code: "construct", line: 4 });
    expect(r.error!.message).toContain("x");
  });

  test("a default export of an undeclared name is caught at compile time, not at render", () => {
    const r = compileScene(`const { AbsoluteFill } = window.Remotion;\nexport { Missing as default };`);
    expect(r.error).toMatchObject({ code: "no_component", line: 2 });
    expect(r.error!.message).toContain('"Missing"');
  });

  test("absurdly deep nesting is a clear error, not a crash", () => {
    const n = 20000;
    const r = compileScene(`export default function X() { return ${"<b>".repeat(n)}${"</b>".repeat(n)}; }`);
    expect(r.error?.code).toBe("too_complex");
  });

  test("a scene with no component says how to fix it", () => {
    const r = compileScene(`const x = 1;`);
    expect(r.error?.code).toBe("no_component");
    expect(r.error?.message).toContain("export default");
  });
});

describe("failure modes of text-based implementations", () => {
  test("remotion imports are bound, not deleted", () => {
    const tsx = `import { AbsoluteFill, interpolate as lerp } from "remotion";\nimport * as R from "remotion";\nexport default function X() { return <AbsoluteFill>{lerp(1, [0, 1], [0, 2])}{R.VERSION}</AbsoluteFill>; }`;
    for (const version of [1, 2] as const) {
      const r = compileOk(tsx, version);
      expect(r.js).toContain("interpolate: lerp");
      expect(r.js).not.toContain("import ");
      expect(typeof runArtifact(r.js, version)).toBe("function");
    }
  });

  test("on-screen text that looks like code is left byte-for-byte alone", () => {
    const text = `"const { interpolate } = window.Remotion; return Component; export default function Fake() {}"`;
    const tsx = `const { interpolate: interp } = window.Remotion;\nconst label = ${text};\nexport default function Real() { return <p>{label}{interp(0, [0, 1], [0, 1])}</p>; }`;
    for (const version of [1, 2] as const) {
      const r = compileOk(tsx, version);
      expect(r.js).toContain(text);
      expect(r.meta.componentName).toBe("Real");
      expect(r.js.trimEnd().endsWith("return Real;")).toBe(true);
    }
  });

  test("the auto-return is appended even when `return Component` appears in strings or nested code", () => {
    const tsx = `function Component() { return null; }\nconst make = () => { return function () { return Component; }; };\n// return Component\nexport default function Scene() { return <Component />; }`;
    const r = compileOk(tsx);
    expect(r.js.trimEnd().endsWith("return Scene;")).toBe(true);
    expect((runArtifact(r.js, 1) as { name: string }).name).toBe("Scene");
  });

  test("anonymous default exports and lowercase components get a return", () => {
    for (const [tsx, name] of [
      ["export default () => <div />;", "DefaultScene"],
      ["export default function () { return <div />; }", "DefaultScene"],
      ["export default function scene() { return <div />; }", "scene"],
      ["const scene = () => <div />;\nexport default scene;", "scene"],
    ] as const) {
      const r = compileOk(tsx);
      expect(r.meta.componentName).toBe(name);
      expect(typeof runArtifact(r.js, 1)).toBe("function");
    }
  });

  test("renamed destructures survive in both versions", () => {
    const tsx = `const { interpolate: interp, useCurrentFrame: useFrame } = window.Remotion;\nexport default function X() { return <p>{interp(0.5, [0, 1], [0, 10])}</p>; }`;
    expect(compileOk(tsx, 1).js).toContain("const { interpolate: interp, useCurrentFrame: useFrame } = window.Remotion;");
    expect(compileOk(tsx, 2).js).toContain("const { interpolate: interp, useCurrentFrame: useFrame } = Remotion;");
  });

  test("version 2 with a scene that imports React (or reads window.React) does not redeclare React", () => {
    for (const tsx of [
      `import React, { useState } from "react";\nexport default function X() { const [a] = useState(1); return <p>{a}</p>; }`,
      `const React = window.React;\nexport default function X() { return <p />; }`,
      `import * as React from "react";\nexport default function X() { return <p />; }`,
    ]) {
      const r = compileOk(tsx, 2);
      expect(r.js.match(/const React\b/g)?.length).toBe(1);
      expect(typeof runArtifact(r.js, 2)).toBe("function");
    }
  });

  test("version 2 needs no window: it runs with window undefined", () => {
    const tsx = readFileSync(join(SAMPLES, "stat-counter.tsx"), "utf8");
    const r = compileOk(tsx, 2);
    expect(r.js).not.toContain("window");
    expect((globalThis as { window?: unknown }).window).toBeUndefined();
    expect(typeof runArtifact(r.js, 2)).toBe("function");
  });

  test("two scenes declaring the same top-level names run side by side", () => {
    const a = compileOk(readFileSync(join(SAMPLES, "title-card.tsx"), "utf8"), 2);
    const b = compileOk(readFileSync(join(SAMPLES, "typed-timeline.tsx"), "utf8"), 2);
    const both = [a, b].map((r) => runArtifact(r.js, 2) as { name: string });
    expect(both.map((c) => c.name)).toEqual(["TitleCard", "TypedTimeline"]);
  });
});

describe("warnings", () => {
  test("window globals the runtime does not provide are reported with their line", () => {
    const r = compileOk(`const { AbsoluteFill } = window.Remotion;\nconst gsap = window.GSAP;\nexport default function X() { return <AbsoluteFill />; }`);
    expect(r.meta.warnings).toEqual([expect.stringContaining("line 2: window.GSAP")]);
  });
});
