// Runs a stored artifact exactly as the artifact contract (README) says (real remotion and react).
import * as React from "react";
import * as Remotion from "remotion";

export function runArtifact(js: string, version: number): unknown {
  if (version === 2) return new Function("Remotion", "Extras", js)(Remotion, { React });
  // As in a browser: window is the global object, so window.Remotion / window.React exist.
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, { window: globalThis, Remotion, React });
  try {
    return new Function(js)();
  } finally {
    for (const name of ["window", "Remotion", "React"]) delete g[name];
  }
}
