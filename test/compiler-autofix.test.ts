// Autofix: a remotion export used but declared nowhere is bound on line 1 (both versions); nothing else is guessed.

import { describe, expect, test } from "bun:test";
import * as Remotion from "remotion";
import { compileScene } from "../src/compiler";
import { REMOTION_EXPORTS, REMOTION_VERSION } from "../src/compiler/remotion-exports";
import { installedRemotionExports, renderExportsModule } from "../scripts/gen-remotion-exports";

const SPRING_SCENE = `const { AbsoluteFill, useCurrentFrame, useVideoConfig } = window.Remotion;
export default function Bounce() {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const s = spring({ frame, fps });
  return <AbsoluteFill style={{ transform: \`scale(\${s})\` }} />;
}
`;

function fixedNames(tsx: string, version: 1 | 2): string[] {
  const r = compileScene(tsx, { version, cache: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.meta.autofixes.flatMap((f) => (typeof f === "string" ? [] : [f.name]));
}

describe("generated remotion export list", () => {
  test("matches the installed remotion package", async () => {
    expect(REMOTION_VERSION).toBe(Remotion.VERSION);
    expect([...REMOTION_EXPORTS]).toEqual(await installedRemotionExports());
    const source = await Bun.file(new URL("../src/compiler/remotion-exports.ts", import.meta.url)).text();
    expect(source).toBe(renderExportsModule(await installedRemotionExports(), Remotion.VERSION));
  });
});

describe("bind-remotion autofix", () => {
  for (const version of [1, 2] as const) {
    test(`v${version}: spring used without destructuring is bound on line 1, lines stay aligned`, () => {
      const r = compileScene(SPRING_SCENE, { version, cache: false });
      expect(r.ok).toBe(true);
      expect(r.meta.autofixes).toEqual([{ kind: "bind-remotion", name: "spring" }]);
      const jsLines = r.js!.split("\n");
      const tsxLines = SPRING_SCENE.split("\n");
      expect(jsLines[0]).toContain(`const { spring } = ${version === 1 ? "window.Remotion" : "Remotion"};`);
      expect(jsLines[4]).toContain("spring({ frame, fps })");
      expect(jsLines.length).toBe(tsxLines.length + 1); // only the final `return X;`
    });

    test(`v${version}: the bound name is the real remotion function`, () => {
      const r = compileScene(SPRING_SCENE.replace("export default function Bounce", "export default function Bounce2").concat("\nexport const probe = () => spring;"), { version, cache: false });
      const js = r.js!.replace(/return Bounce2;$/, "return probe();");
      const got = version === 1
        ? new Function("window", js)({ Remotion, React: {} })
        : new Function("Remotion", "Extras", js)(Remotion, { React: {} });
      expect(got).toBe(Remotion.spring);
    });
  }

  test("JSX tags and object shorthand count as uses; first-use order", () => {
    const tsx = `export default function S() { const o = { interpolate }; return <Sequence from={1}>{o}</Sequence>; }`;
    expect(fixedNames(tsx, 1)).toEqual(["interpolate", "Sequence"]);
  });

  test("a name declared anywhere (parameter, local, inner destructure, import, function) is not bound", () => {
    const cases = [
      `function f(spring) { return spring; } export default function S() { return spring({}); }`,
      `export default function S() { if (1) { const spring = 2; } return spring; }`,
      `function g() { const { spring } = window.Remotion; } export default function S() { return spring; }`,
      `import { spring } from "remotion"; export default function S() { return spring; }`,
      `function spring() {} export default function S() { return spring(); }`,
      `export default function S() { try {} catch (spring) {} return spring; }`,
    ];
    for (const tsx of cases) expect(fixedNames(tsx, 1)).toEqual([]);
  });

  test("property keys, member accesses, types and non-remotion names are not bound", () => {
    const tsx = `type T = typeof spring;
export default function S(p: { random: number }) {
  const o = { interpolate: 1 };
  return <div>{o.interpolate}{p.random}{springy}{window.Remotion.Easing}</div>;
}`;
    expect(fixedNames(tsx, 1)).toEqual([]);
    expect(fixedNames(tsx, 2)).toEqual([]);
  });

  test("`new Audio()` is the browser's constructor, not remotion's component; <Audio> is bound", () => {
    expect(fixedNames(`export default function S() { const a = new Audio("x.mp3"); return <div>{String(a)}</div>; }`, 1)).toEqual([]);
    expect(fixedNames(`export default function S() { return <Audio src="x.mp3" />; }`, 2)).toEqual(["Audio"]);
  });

  test("deterministic: byte-identical output for the same input", () => {
    const a = compileScene(SPRING_SCENE, { version: 2, cache: false });
    const b = compileScene(SPRING_SCENE, { version: 2, cache: false });
    expect(a.js).toBe(b.js!);
    expect(a.meta.hash).toBe(b.meta.hash!);
  });
});
