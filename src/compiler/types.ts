// Shared shapes of the compiler's input and output (README.md "Artifact contract").
import type { StoredVerify } from "../verify/types.ts";

/** 1 = `new Function(js)()` with window globals; 2 = `new Function('Remotion','Extras', js)`. */
export type CompilationVersion = 1 | 2;

export type CompileTrigger = "create" | "edit" | "recompile" | "backfill" | "preview";

export interface CompileOptions {
  /** Artifact version to emit; default 1. */
  version?: CompilationVersion;
  /** Why this compile happens; copied into compileMeta.trigger. */
  trigger?: CompileTrigger;
  /** Skip the `new Function` construct check (e.g. under a CSP without unsafe-eval). */
  skipConstructCheck?: boolean;
  /** Reuse the result of an identical earlier compile (default true). */
  cache?: boolean;
}

export interface CompileErrorInfo {
  /** Stable machine code: syntax | unknown_module | unsupported_syntax | no_component | construct | empty | internal */
  code: string;
  message: string;
  /** 1-based line in the original TSX, when known. */
  line: number | null;
  /** 1-based column in the original TSX, when known. */
  column: number | null;
  /** A few lines of the TSX around the error with a caret. */
  frame: string | null;
}

/**
 * What the compiler changed beyond the contract's rules. Notes are free text; a remotion export the
 * scene used without binding it is `{kind: "bind-remotion", name}` so callers can count and list them.
 */
export type Autofix = string | { kind: "bind-remotion"; name: string };

/** One autofix as a line of text (dashboard, CLI). */
export function autofixText(fix: Autofix): string {
  return typeof fix === "string" ? fix : `${fix.name} bound from remotion (used but never declared)`;
}

export interface CompileMeta {
  tool: "sucrase";
  toolVersion: string;
  compiler: string;
  targetVersion: CompilationVersion;
  timings: { ms: number };
  inputBytes: number;
  outputBytes: number;
  componentName: string | null;
  /** sha-256 hex of the emitted JS; the artifact's identity (ETag). */
  hash: string | null;
  autofixes: Autofix[];
  warnings: string[];
  trigger: CompileTrigger | null;
  /** What the scene needs from the runtime extras (icons, fonts); preview and export deliver exactly these. */
  assets?: SceneAssets;
  /** True when this result came from the in-process compile cache (same TSX and version). */
  cached?: boolean;
  /** Write-time verification of this artifact (set by the scene service after a successful compile). */
  verify?: StoredVerify;
}

export interface SceneFontAsset {
  family: string;
  /** Sorted weights the scene asks for; null = none named, so every installed weight. */
  weights: number[] | null;
}

/** `compileMeta.assets`: icon names (`prefix:name`, sorted, unique) and fonts from `loadFont` calls. */
export interface SceneAssets {
  icons: string[];
  fonts: SceneFontAsset[];
  /** Only when a deployment's extra claims literals: extra name → sorted unique asset names. */
  extras?: Record<string, string[]>;
}

export type CompileResult =
  | { ok: true; js: string; meta: CompileMeta; error: null }
  | { ok: false; js: null; meta: CompileMeta; error: CompileErrorInfo };
