// Turns a stored scene artifact (compiled JS + compilation version) into a React component; shared by preview and export.

import type { CompilationVersion } from "../compiler/types.ts";

/** What a scene may use: the `remotion` namespace, React and the runtime extras (src/runtime/extras). */
export interface SceneModules {
  Remotion: unknown;
  React: unknown;
  /** Extras by name: `window.X` for version 1, `Extras.X` for version 2. */
  extras?: Record<string, unknown>;
}

/** Where in the scene something went wrong, so a person can find the line. */
export type ArtifactErrorPhase = "version" | "syntax" | "evaluate" | "not-a-component";

/** A scene artifact that could not become a component; `line` is 1-based in the scene source when known. */
export class ArtifactError extends Error {
  readonly phase: ArtifactErrorPhase;
  readonly line: number | null;
  readonly column: number | null;
  constructor(phase: ArtifactErrorPhase, message: string, position: SourcePosition | null = null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ArtifactError";
    this.phase = phase;
    this.line = position?.line ?? null;
    this.column = position?.column ?? null;
  }
}

export interface SourcePosition {
  line: number;
  column: number;
}

export interface LoadOptions {
  /** Names the evaluated code in stack traces (`//# sourceURL`), so errors can be traced back to one scene. */
  sourceName?: string;
}

export const SUPPORTED_VERSIONS: readonly CompilationVersion[] = [1, 2];

// `new Function(body)` wraps the body in "function anonymous(<params>\n) {\n": the body starts on line 3.
const FUNCTION_HEADER_LINES = 2;

/**
 * Executes the artifact by its compilation version (the README's "Artifact contract") and returns the component.
 * Version 1 reads `window.Remotion` / `window.React`; version 2 receives them as parameters only.
 */
export function loadSceneComponent(
  js: string,
  compilationVersion: number,
  modules: SceneModules,
  options: LoadOptions = {},
): (props: Record<string, unknown>) => unknown {
  if (!SUPPORTED_VERSIONS.includes(compilationVersion as CompilationVersion)) {
    throw new ArtifactError(
      "version",
      `Unsupported compilation version ${JSON.stringify(compilationVersion)} (supported: ${SUPPORTED_VERSIONS.join(", ")})`,
    );
  }
  const body = options.sourceName ? `${js}\n//# sourceURL=${options.sourceName}` : js;
  const run = constructArtifact(body, compilationVersion as CompilationVersion);
  let component: unknown;
  try {
    if (compilationVersion === 1) {
      exposeVersion1Globals(modules);
      component = run();
    } else {
      component = run(modules.Remotion, { ...modules.extras, React: modules.React });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ArtifactError("evaluate", `Scene threw while loading: ${message}`, errorPosition(error, options.sourceName), error);
  }
  if (!isComponent(component)) {
    throw new ArtifactError(
      "not-a-component",
      `Scene code returned ${describe(component)} instead of a component function`,
    );
  }
  return component as (props: Record<string, unknown>) => unknown;
}

function constructArtifact(body: string, version: CompilationVersion): (...args: unknown[]) => unknown {
  try {
    // The one sanctioned eval: scene code only ever reaches this inside the sandboxed preview frame or the export browser.
    return (version === 1 ? new Function(body) : new Function("Remotion", "Extras", body)) as (...args: unknown[]) => unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ArtifactError("syntax", `Scene code does not parse: ${message}`, null, error);
  }
}

function exposeVersion1Globals(modules: SceneModules): void {
  const host = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(modules.extras ?? {})) host[name] = value;
  host.Remotion = modules.Remotion;
  host.React = modules.React;
}

function isComponent(value: unknown): boolean {
  // Function components, classes, and React's memo/forwardRef/lazy wrappers (objects with $$typeof).
  if (typeof value === "function") return true;
  return typeof value === "object" && value !== null && typeof (value as { $$typeof?: unknown }).$$typeof === "symbol";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * Finds where in the scene's own code an error was thrown: an ArtifactError already knows; otherwise the stack
 * frame naming `sourceName`. Lines are reported in the scene source (the compiler keeps TSX and JS lines aligned).
 */
export function errorPosition(error: unknown, sourceName: string | undefined): SourcePosition | null {
  if (error instanceof ArtifactError) return error.line === null ? null : { line: error.line, column: error.column ?? 1 };
  if (!sourceName || !(error instanceof Error) || typeof error.stack !== "string") return null;
  const escaped = sourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack);
  if (!match) return null;
  const line = Number(match[1]) - FUNCTION_HEADER_LINES;
  return line >= 1 ? { line, column: Number(match[2]) } : null;
}
