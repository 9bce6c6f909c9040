// Finds what a scene needs from the runtime extras, from tokens (so comments and JSX text never count):
// string literals naming an icon of a known set, and `loadFont("Family", { weights: [...] })` calls.

import type TokenProcessor from "sucrase/dist/esm/TokenProcessor";
import { TokenType as tt } from "sucrase/dist/esm/parser/tokenizer/types";
import { findFontFamily, normaliseWeights, parseIconName } from "../runtime/extras/catalog";
import { EXTRAS, type ExtraDefinition } from "../runtime/extras/index";
import type { SceneAssets, SceneFontAsset } from "./types";

/** Longest string literal worth testing as an icon name (Iconify names are short). */
const MAX_ICON_LITERAL = 120;

export function collectAssets(tp: TokenProcessor, extras: readonly ExtraDefinition[] = EXTRAS): SceneAssets {
  const icons = new Set<string>();
  const fonts = new Map<string, SceneFontAsset>();
  const claimed = new Map<string, Set<string>>();
  const providers = extras.filter((extra) => extra.isAsset);
  const toks = tp.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.type === tt.string) {
      const value = tp.stringValueAtIndex(i);
      if (value.length <= MAX_ICON_LITERAL && parseIconName(value)) icons.add(value);
      for (const extra of providers) {
        if (!extra.isAsset!(value)) continue;
        if (!claimed.has(extra.name)) claimed.set(extra.name, new Set());
        claimed.get(extra.name)!.add(value);
      }
    } else if (t.type === tt.name && toks[i + 1]?.type === tt.parenL && tp.identifierNameAtIndex(i) === "loadFont") {
      const call = readLoadFontCall(tp, i + 2);
      if (call) mergeFont(fonts, call);
    }
  }
  const assets: SceneAssets = {
    icons: [...icons].sort(),
    fonts: [...fonts.values()].sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0)),
  };
  if (claimed.size > 0) assets.extras = Object.fromEntries([...claimed].map(([name, set]) => [name, [...set].sort()]));
  return assets;
}

function mergeFont(fonts: Map<string, SceneFontAsset>, call: SceneFontAsset): void {
  const seen = fonts.get(call.family);
  if (!seen) fonts.set(call.family, call);
  // No `weights` anywhere means every weight; otherwise the union of what the calls ask for.
  else if (seen.weights === null || call.weights === null) seen.weights = null;
  else seen.weights = normaliseWeights([...seen.weights, ...call.weights]);
}

/** `i` is the first token inside `loadFont(`: a family string literal, then optionally `, { weights: [...] }`. */
function readLoadFontCall(tp: TokenProcessor, i: number): SceneFontAsset | null {
  const toks = tp.tokens;
  if (toks[i]?.type !== tt.string) return null;
  const written = tp.stringValueAtIndex(i);
  const family = findFontFamily(written)?.family ?? written;
  if (toks[i + 1]?.type !== tt.comma || toks[i + 2]?.type !== tt.braceL) return { family, weights: null };
  return { family, weights: readWeights(tp, i + 3) };
}

/** Reads `weights: [ ... ]` at the top level of the object literal starting at `i`; null when absent or not a literal. */
function readWeights(tp: TokenProcessor, i: number): number[] | null {
  const toks = tp.tokens;
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const type = toks[j].type;
    if (type === tt.braceL || type === tt.bracketL || type === tt.parenL) depth++;
    else if (type === tt.braceR || type === tt.bracketR || type === tt.parenR) {
      if (depth === 0) return null;
      depth--;
    } else if (depth === 0 && type === tt.name && tp.identifierNameAtIndex(j) === "weights" && toks[j + 1]?.type === tt.colon) {
      return toks[j + 2]?.type === tt.bracketL ? readLiteralArray(tp, j + 3) : null;
    }
  }
  return null;
}

function readLiteralArray(tp: TokenProcessor, i: number): number[] | null {
  const toks = tp.tokens;
  const values: unknown[] = [];
  for (let j = i; j < toks.length; j++) {
    const type = toks[j].type;
    if (type === tt.bracketR) return normaliseWeights(values);
    if (type === tt.string) values.push(tp.stringValueAtIndex(j));
    else if (type === tt.num) values.push(Number(tp.code.slice(toks[j].start, toks[j].end)));
    else if (type !== tt.comma) return null; // not a plain literal: every weight is safer than a guess
  }
  return null;
}
