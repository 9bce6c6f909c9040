// The modules a scene may import, and the expression each one is bound to in each artifact version.

import { EXTRA_NAMES } from "../runtime/extras/index";
import type { CompilationVersion } from "./types";

const ALLOWED_MODULES = ["remotion", "react"] as const;
type AllowedModule = (typeof ALLOWED_MODULES)[number];

/** Expressions the runtime provides, per the artifact contract (README.md "Artifact contract"). */
const PROVIDED: Record<CompilationVersion, Record<AllowedModule, string>> = {
  1: { remotion: "window.Remotion", react: "window.React" },
  2: { remotion: "Remotion", react: "Extras.React" },
};

/** Globals reachable as `window.X` under version 1 (version 2 rewrites them to its parameters): the modules and the runtime extras. */
export const PROVIDED_WINDOW_GLOBALS: Record<string, string> = {
  ...Object.fromEntries(EXTRA_NAMES.map((name) => [name, name])),
  Remotion: "remotion",
  React: "react",
};

/** For the warning about a `window.X` the runtime does not provide. */
export const PROVIDED_WINDOW_NAMES_TEXT = ["Remotion", "React", ...EXTRA_NAMES].join(", ");

export function isAllowedModule(name: string): name is AllowedModule {
  return (ALLOWED_MODULES as readonly string[]).includes(name);
}

/** The expression for a module or (any other name) a runtime extra: `window.X` in version 1, `Extras.X` in version 2. */
export function moduleExpression(module: string, version: CompilationVersion): string {
  if (isAllowedModule(module)) return PROVIDED[version][module];
  return version === 1 ? `window.${module}` : `Extras.${module}`;
}

export function unknownModuleMessage(name: string): string {
  const allowed = ALLOWED_MODULES.map((m) => `"${m}"`).join(", ");
  return `Module "${name}" is not available in scenes. Allowed modules: ${allowed}.`;
}
