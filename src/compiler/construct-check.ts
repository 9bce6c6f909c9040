// Rule 6 of the artifact contract: the emitted JS must construct with `new Function` (parsed, never
// run). Engine messages are mapped back to a TSX position where the offending name is known.

import type { CompilationVersion } from "./types";

export interface ConstructFailure {
  message: string;
  /** The identifier the engine complained about, when its message names one. */
  name: string | null;
}

// V8: "Identifier 'x' has already been declared"; JSC: "Cannot declare a const variable twice: 'x'."
// and "Can't create duplicate variable: 'x'".
const DUPLICATE_NAME = /Identifier '([^']+)' has already been declared|variable twice: '([^']+)'|duplicate variable: '([^']+)'/;

export function constructArtifact(js: string, version: CompilationVersion): ConstructFailure | null {
  try {
    if (version === 1) new Function(js);
    else new Function("Remotion", "Extras", js);
    return null;
  } catch (e) {
    if (e instanceof EvalError) return null; // a CSP without unsafe-eval: nothing can be checked here
    const message = e instanceof Error ? e.message : String(e);
    const match = DUPLICATE_NAME.exec(message);
    return { message, name: match ? (match[1] ?? match[2] ?? match[3]) : null };
  }
}
