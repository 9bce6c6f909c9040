// A small LRU of compile results keyed by (version, TSX): identical writes — retries, duplicated
// scenes, re-saves — skip sucrase entirely. Bounded by the characters it holds.

import type { CompileResult } from "./types";

const MAX_CHARS = 16 * 1024 * 1024;

const entries = new Map<string, CompileResult>();
let heldChars = 0;

const size = (key: string, r: CompileResult) => key.length + (r.js?.length ?? 0);

export function cacheKey(tsx: string, version: number): string {
  return `${version}\u0000${tsx}`;
}

export function cacheGet(key: string): CompileResult | undefined {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key); // re-insert: Map order is the recency order
    entries.set(key, hit);
  }
  return hit;
}

export function cacheSet(key: string, result: CompileResult): void {
  if (size(key, result) > MAX_CHARS / 8) return;
  entries.set(key, result);
  heldChars += size(key, result);
  for (const [oldKey, old] of entries) {
    if (heldChars <= MAX_CHARS) break;
    entries.delete(oldKey);
    heldChars -= size(oldKey, old);
  }
}
