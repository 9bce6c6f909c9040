// Finds the scene's component when there is no default export: the last top-level capitalised
// function, class or const whose initialiser is a function (or memo/forwardRef of one).

import type TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { IdentifierRole, type Token } from "sucrase/dist/esm/parser/tokenizer";
import { ContextualKeyword } from "sucrase/dist/esm/parser/tokenizer/keywords";
import { TokenType as tt } from "sucrase/dist/esm/parser/tokenizer/types";

const WRAPPERS = new Set(["memo", "forwardRef"]);

export interface FoundComponent {
  name: string;
  capitalised: boolean;
}

/** A capitalised name that is not a SCREAMING_CASE constant. */
function isComponentName(name: string): boolean {
  return /^[A-Z]/.test(name) && !(name.length > 1 && /^[A-Z0-9_]+$/.test(name));
}

export function findComponent(tp: TokenProcessor, declarations: Map<string, number[]>): FoundComponent | null {
  let best: { index: number; name: string } | null = null;
  let bestLower: { index: number; name: string } | null = null;
  for (const [name, indexes] of declarations) {
    for (const index of indexes) {
      if (tp.tokens[index].identifierRole !== IdentifierRole.TopLevelDeclaration) continue;
      if (!declaresFunction(tp, index)) continue;
      if (isComponentName(name)) {
        if (!best || index > best.index) best = { index, name };
      } else if (!bestLower || index > bestLower.index) {
        bestLower = { index, name };
      }
    }
  }
  if (best) return { name: best.name, capitalised: true };
  if (bestLower) return { name: bestLower.name, capitalised: false };
  return null;
}

/** Is the declaration at `index` a function, a class, or a const bound to a function-like value? */
function declaresFunction(tp: TokenProcessor, index: number): boolean {
  const toks = tp.tokens;
  const before = toks[index - 1]?.type;
  if (before === tt._function || before === tt.star || before === tt._class) return true;
  if (before !== tt._const && before !== tt._let && before !== tt._var) return false;
  let eq = index + 1;
  while (eq < toks.length && toks[eq].isType) eq++;
  if (toks[eq]?.type !== tt.eq) return false;
  let r = eq + 1;
  while (r < toks.length && toks[r].isType) r++;
  return isFunctionLike(toks, r, tp);
}

function isFunctionLike(toks: Token[], r: number, tp: TokenProcessor): boolean {
  const t = toks[r];
  if (!t) return false;
  if (t.type === tt._function || t.type === tt._class) return true;
  if (t.type === tt.name && t.contextualKeyword === ContextualKeyword._async) return true;
  if (t.type === tt.parenL) return arrowAfterParens(toks, r);
  if (t.type !== tt.name) return false;
  if (toks[r + 1]?.type === tt.arrow) return true;
  // memo(...), React.memo(...), forwardRef(...)
  let last = r;
  while (toks[last + 1]?.type === tt.dot && toks[last + 2]?.type === tt.name) last += 2;
  return toks[last + 1]?.type === tt.parenL && WRAPPERS.has(tp.identifierNameAtIndex(last));
}

function arrowAfterParens(toks: Token[], open: number): boolean {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    const type = toks[i].type;
    if (type === tt.parenL) depth++;
    else if (type === tt.parenR && --depth === 0) {
      let next = i + 1;
      while (next < toks.length && toks[next].isType) next++;
      return toks[next]?.type === tt.arrow;
    }
  }
  return false;
}
