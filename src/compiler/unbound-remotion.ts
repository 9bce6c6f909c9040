// Plan step: remotion names the scene uses but never binds (e.g. `spring(...)` without destructuring it).
// In the browser these are a ReferenceError at the first frame; the compiler binds them instead.
// Only exact names the pinned `remotion` exports, and only when the scene declares that name nowhere
// (no import, destructure, parameter, local, function or class of that name in any scope): nothing is guessed.

import type TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { IdentifierRole } from "sucrase/dist/esm/parser/tokenizer";
import { TokenType as tt } from "sucrase/dist/esm/parser/tokenizer/types";
import { REMOTION_EXPORTS } from "./remotion-exports";

/** Roles that read a variable: plain access (incl. JSX tags) and `{ name }` in an object literal. */
const USE_ROLES = new Set<number>([IdentifierRole.Access, IdentifierRole.ObjectShorthand]);

/** Roles that bind a name in some scope. */
const DECLARATION_ROLES = new Set<number>([
  IdentifierRole.TopLevelDeclaration,
  IdentifierRole.FunctionScopedDeclaration,
  IdentifierRole.BlockScopedDeclaration,
  IdentifierRole.ObjectShorthandTopLevelDeclaration,
  IdentifierRole.ObjectShorthandFunctionScopedDeclaration,
  IdentifierRole.ObjectShorthandBlockScopedDeclaration,
  IdentifierRole.ImportDeclaration,
]);

/** `new Audio(…)` means the browser's HTMLAudioElement, not remotion's <Audio> component: not a remotion use. */
function constructsBrowserGlobal(toks: TokenProcessor["tokens"], i: number): boolean {
  return i > 0 && toks[i - 1].type === tt._new;
}

/** Remotion export names used as values and declared nowhere, in order of first use. */
export function unboundRemotionNames(tp: TokenProcessor): string[] {
  const used: string[] = [];
  const declared = new Set<string>();
  const toks = tp.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.isType || t.identifierRole === null || (t.type !== tt.name && t.type !== tt.jsxName)) continue;
    const name = tp.identifierNameAtIndex(i);
    if (!REMOTION_EXPORTS.has(name)) continue;
    if (DECLARATION_ROLES.has(t.identifierRole)) declared.add(name);
    else if (USE_ROLES.has(t.identifierRole) && !constructsBrowserGlobal(toks, i) && !used.includes(name)) used.push(name);
  }
  return used.filter((name) => !declared.has(name));
}
