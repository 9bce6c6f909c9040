// The scene compiler: TSX → one executable artifact (version 1 or 2) plus compileMeta. Pure and
// isomorphic (no Bun, Node or DB imports) so the browser fallback bundles this same file.

import type TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { collectAssets } from "./assets";
import { cacheGet, cacheKey, cacheSet } from "./cache";
import { constructArtifact } from "./construct-check";
import { codeFrame, locate } from "./location";
import { sha256Hex } from "./sha256";
import { transformScene } from "./transform";
import { escapeUnstorable } from "./storable-text";
import type { CompilationVersion, CompileErrorInfo, CompileMeta, CompileOptions, CompileResult } from "./types";

export type * from "./types";
export { autofixText } from "./types";

/** Bump when the emitted JS changes for the same input: it is part of every artifact's identity. */
export const COMPILER_VERSION = "clapper-compiler/1.0.0";
export const SUCRASE_VERSION = "3.35.1";

const encoder = new TextEncoder();

/**
 * Compiles one scene. Never throws for bad TSX: failures come back as `{ok:false, error}`.
 * Results are memoised by (version, TSX) unless `options.cache === false`.
 */
export function compileScene(tsx: string, options: CompileOptions = {}): CompileResult {
  const started = performance.now();
  const version: CompilationVersion = options.version ?? 1;
  const useCache = options.cache !== false && !options.skipConstructCheck;
  const key = useCache ? cacheKey(tsx, version) : "";
  const hit = useCache ? cacheGet(key) : undefined;
  if (hit) return fromCache(hit, options, started);
  const result = compileUncached(tsx, version, options, started);
  if (useCache) cacheSet(key, { ...result, meta: { ...result.meta } } as CompileResult);
  return result;
}

/** A cached result with this call's trigger and timing; the artifact itself is identical. */
function fromCache(hit: CompileResult, options: CompileOptions, started: number): CompileResult {
  const meta = { ...hit.meta, trigger: options.trigger ?? null, cached: true, timings: { ms: elapsed(started) } };
  return { ...hit, meta } as CompileResult;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

function compileUncached(tsx: string, version: CompilationVersion, options: CompileOptions, started: number): CompileResult {
  const meta: CompileMeta = {
    tool: "sucrase",
    toolVersion: SUCRASE_VERSION,
    compiler: COMPILER_VERSION,
    targetVersion: version,
    timings: { ms: 0 },
    inputBytes: encoder.encode(tsx).length,
    outputBytes: 0,
    componentName: null,
    hash: null,
    autofixes: [],
    warnings: [],
    trigger: options.trigger ?? null,
  };
  const finish = (): void => {
    meta.timings.ms = elapsed(started);
  };
  const failure = (error: CompileErrorInfo): CompileResult => {
    finish();
    return { ok: false, js: null, meta, error };
  };

  if (tsx.trim() === "") return failure(errorAt(tsx, "empty", "The scene's TSX is empty.", null));

  let output;
  try {
    output = transformScene(tsx, version);
  } catch (e) {
    return failure(parseFailure(tsx, e));
  }
  const { plan, tokens } = output;
  meta.warnings = plan.warnings;
  meta.autofixes = plan.autofixes;
  if (plan.error) return failure(errorAt(tsx, plan.error.code, plan.error.message, plan.error.pos));
  meta.componentName = plan.componentName;
  meta.assets = collectAssets(tokens);

  const js = `${plan.prefix}${output.code}\nreturn ${plan.componentName};`;
  if (!options.skipConstructCheck) {
    const broken = constructArtifact(js, version);
    if (broken) {
      const pos = broken.name ? secondDeclaration(tokens, plan.declarations, broken.name) : null;
      return failure(errorAt(tsx, "construct", `The compiled scene does not construct: ${broken.message}`, pos));
    }
  }
  meta.outputBytes = encoder.encode(js).length;
  meta.hash = sha256Hex(js);
  finish();
  return { ok: true, js, meta, error: null };
}

/** Message and frame quote the scene (and what its code threw); escaped so the error can be stored. */
function errorAt(tsx: string, code: string, message: string, pos: number | null): CompileErrorInfo {
  const text = escapeUnstorable(message);
  if (pos === null) return { code, message: text, line: null, column: null, frame: null };
  const { line, column } = locate(tsx, pos);
  return { code, message: text, line, column, frame: escapeUnstorable(codeFrame(tsx, line, column)) };
}

/** sucrase raises a SyntaxError with `pos`; its message ends in "(line:col)", which we report separately. */
function parseFailure(tsx: string, e: unknown): CompileErrorInfo {
  if (e instanceof RangeError) return errorAt(tsx, "too_complex", "The scene is nested too deeply to compile.", null);
  const err = e as { message?: string; pos?: number };
  const message = String(err.message ?? e).replace(/ \(\d+:\d+\)$/, "");
  if (typeof err.pos !== "number") return errorAt(tsx, "internal", `Compiler failure: ${message}`, null);
  return errorAt(tsx, "syntax", message, err.pos);
}

/** Where a duplicate top-level name is declared again (or first, if it collides with a parameter). */
function secondDeclaration(tokens: TokenProcessor, declarations: Map<string, number[]>, name: string): number | null {
  const indexes = declarations.get(name);
  if (!indexes?.length) return null;
  return tokens.tokens[indexes[Math.min(1, indexes.length - 1)]].start;
}
