// loadSceneComponent: both artifact versions, clear errors, and separate scopes for scenes sharing top-level names.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import * as React from "react";
import * as Remotion from "remotion";
import { compileScene } from "../src/compiler/index.ts";
import { ArtifactError, errorPosition, loadSceneComponent } from "../src/runtime/artifact.ts";

const SCENES = `${import.meta.dir}/../scripts/sample-scenes`; // in-repo copy of the shared samples
const modules = { Remotion, React };
const host = globalThis as Record<string, unknown>;

async function compiled(file: string, version: 1 | 2): Promise<string> {
  const result = compileScene(await Bun.file(`${SCENES}/${file}`).text(), { version });
  if (!result.ok) throw new Error(`${file} did not compile: ${result.error.message}`);
  return result.js;
}

function thrown(fn: () => unknown): ArtifactError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactError);
    return error as ArtifactError;
  }
  throw new Error("expected a throw");
}

const hadWindow = "window" in host;

beforeAll(() => {
  // Version 1 scenes read `window.Remotion`; in a browser window === globalThis.
  host.window ??= globalThis;
});

afterAll(() => {
  // Other test files share this process; a global `window` makes libraries (PGlite) think they run in a browser.
  if (!hadWindow) delete host.window;
});

afterEach(() => {
  delete host.Remotion;
  delete host.React;
});

describe("loadSceneComponent", () => {
  test("version 1 returns the component and exposes the window globals it reads", async () => {
    const component = loadSceneComponent(await compiled("title-card.tsx", 1), 1, modules);
    expect(typeof component).toBe("function");
    expect((component as { name: string }).name).toBe("TitleCard");
    expect(host.Remotion).toBe(Remotion);
    expect(host.React).toBe(React);
  });

  test("version 2 runs from its parameters only, without touching globals", async () => {
    const component = loadSceneComponent(await compiled("imported-bindings.tsx", 2), 2, modules);
    expect((component as { name: string }).name).toBe("KineticWords");
    expect(host.Remotion).toBeUndefined();
    expect(host.React).toBeUndefined();
  });

  test("three scenes declaring the same top-level names load side by side", async () => {
    const names = [];
    for (const file of ["title-card.tsx", "stat-counter.tsx", "typed-timeline.tsx"]) {
      names.push((loadSceneComponent(await compiled(file, 1), 1, modules) as { name: string }).name);
    }
    expect(names).toEqual(["TitleCard", "StatCounter", "TypedTimeline"]);
  });

  test("an unknown compilation version is refused by name", () => {
    const error = thrown(() => loadSceneComponent("return () => null;", 3, modules));
    expect(error.phase).toBe("version");
    expect(error.message).toContain("Unsupported compilation version 3");
  });

  test("code that does not parse is a syntax error, not a crash", () => {
    const error = thrown(() => loadSceneComponent("const a = ;", 2, modules));
    expect(error.phase).toBe("syntax");
    expect(error.message).toContain("does not parse");
  });

  test("a body that returns something else names what it returned", () => {
    expect(thrown(() => loadSceneComponent("return 42;", 2, modules)).message).toContain("returned a number");
    expect(thrown(() => loadSceneComponent("const X = 1;", 1, modules)).message).toContain("returned undefined");
    expect(thrown(() => loadSceneComponent("return {};", 2, modules)).phase).toBe("not-a-component");
  });

  test("memo/forwardRef wrappers count as components", () => {
    const component = loadSceneComponent("return Extras.React.memo(() => null);", 2, modules);
    expect(typeof component).toBe("object");
  });

  test("a throw while loading reports the scene line from the stack", () => {
    const js = "const a = 1;\nconst b = 2;\nthrow new Error('top-level boom');\nreturn () => null;";
    const error = thrown(() => loadSceneComponent(js, 2, modules, { sourceName: "clapper-scene-x.js" }));
    expect(error.phase).toBe("evaluate");
    expect(error.message).toBe("Scene threw while loading: top-level boom");
    expect(error.line).toBe(3);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe("errorPosition", () => {
  test("reads line and column of the named source only", () => {
    const error = new Error("x");
    error.stack = "Error: x\n    at f (remotion.js:10:5)\n    at Scene (clapper-scene-a.js:9:13)";
    expect(errorPosition(error, "clapper-scene-a.js")).toEqual({ line: 7, column: 13 });
    expect(errorPosition(error, "clapper-scene-b.js")).toBeNull();
    expect(errorPosition("not an error", "clapper-scene-a.js")).toBeNull();
  });

  test("an ArtifactError answers with the position it was made with, whatever its stack says", () => {
    expect(errorPosition(new ArtifactError("syntax", "x", { line: 4, column: 2 }), undefined)).toEqual({ line: 4, column: 2 });
    expect(errorPosition(new ArtifactError("version", "x"), "clapper-scene-a.js")).toBeNull();
  });
});
