// Golden tests: every fixture TSX → exact v1 and v2 output (or error). UPDATE_GOLDEN=1 rewrites them.

import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileScene, type CompileResult } from "../src/compiler";

const dir = join(import.meta.dir, "fixtures/compiler");
const update = process.env.UPDATE_GOLDEN === "1";

function render(result: CompileResult): string {
  const { meta } = result;
  const notes = [`// warnings: ${JSON.stringify(meta.warnings)}`, `// autofixes: ${JSON.stringify(meta.autofixes)}`];
  if (!result.ok) {
    const { code, line, column, message, frame } = result.error;
    return [`// error ${code} at ${line}:${column}: ${message}`, ...notes, frame ?? "", ""].join("\n");
  }
  return [`// component: ${meta.componentName}`, ...notes, result.js, ""].join("\n");
}

describe("golden output", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tsx")).sort()) {
    for (const version of [1, 2] as const) {
      test(`${file} v${version}`, () => {
        const actual = render(compileScene(readFileSync(join(dir, file), "utf8"), { version }));
        const goldenPath = join(dir, file.replace(/\.tsx$/, `.v${version}.golden`));
        if (update) writeFileSync(goldenPath, actual);
        if (!existsSync(goldenPath)) throw new Error(`missing ${goldenPath}: run UPDATE_GOLDEN=1 bun test test/compiler.golden.test.ts`);
        expect(actual).toBe(readFileSync(goldenPath, "utf8"));
      });
    }
  }
});
