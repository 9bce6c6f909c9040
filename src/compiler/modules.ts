// The modules a scene may import, and the expression each one is bound to in each artifact version.

import type { CompilationVersion } from "./types";

const ALLOWED_MODULES = ["remotion", "react"] as const;
type AllowedModule = (typeof ALLOWED_MODULES)[number];

/** Expressions the runtime provides, per DESIGN.md's execution contract. */
const PROVIDED: Record<CompilationVersion, Record<AllowedModule, string>> = {
  1: { remotion: "window.Remotion", react: "window.React" },
  2: { remotion: "Remotion", react: "Extras.React" },
};

/** Globals reachable as `window.X` under version 1 (version 2 rewrites them to its parameters). */
export const PROVIDED_WINDOW_GLOBALS: Record<string, AllowedModule> = { Remotion: "remotion", React: "react" };

export function isAllowedModule(name: string): name is AllowedModule {
  return (ALLOWED_MODULES as readonly string[]).includes(name);
}

export function moduleExpression(module: AllowedModule, version: CompilationVersion): string {
  return PROVIDED[version][module];
}

export function unknownModuleMessage(name: string): string {
  const allowed = ALLOWED_MODULES.map((m) => `"${m}"`).join(", ");
  return `Module "${name}" is not available in scenes. Allowed modules: ${allowed}.`;
}
