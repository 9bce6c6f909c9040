// Text Postgres can store: no U+0000 (text rejects it) and no lone UTF-16 surrogate (jsonb rejects it,
// text silently turns it into U+FFFD). Compile errors quote the scene's own code and runtime messages,
// so they are escaped to stay storable; input is checked with firstUnstorable and refused instead.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** Offset of the first character Postgres cannot store, or -1. */
export function firstUnstorable(text: string): number {
  const match = UNSTORABLE.exec(text);
  return match ? match.index : -1;
}

/** `text` with each unstorable character written as a visible `\uXXXX` escape (lossless to read). */
export function escapeUnstorable(text: string): string {
  return firstUnstorable(text) === -1
    ? text
    : text.replace(UNSTORABLE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}
