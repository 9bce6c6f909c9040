// Characters Postgres cannot store: U+0000 (text) and lone UTF-16 surrogates (jsonb rejects them, text
// silently turns them into U+FFFD). Input holding one is refused with 400 naming the field and the
// position, before it can become a 500 or a silently altered value.
import type { MiddlewareHandler } from "hono";
import { locate, type Location } from "../compiler/location.ts";
import { firstUnstorable } from "../compiler/storable-text.ts";
import { AppError } from "../services/errors.ts";


/** "U+0000" / "U+D800" for the character at `offset`. */
const codePointAt = (text: string, offset: number) =>
  `U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, "0")}`;

export interface UnstorableHit {
  field: string;
  offset: number;
  codePoint: string;
  location: Location;
}

function hitIn(text: string, field: string): UnstorableHit | null {
  const offset = firstUnstorable(text);
  if (offset === -1) return null;
  return { field, offset, codePoint: codePointAt(text, offset), location: locate(text, offset) };
}

/** The first string (or object key) in a parsed JSON value holding an unstorable character. */
export function findUnstorable(value: unknown, path = ""): UnstorableHit | null {
  if (typeof value === "string") return hitIn(value, path || "(body)");
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnstorable(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const hit = hitIn(key, `${field} (key)`) ?? findUnstorable(child, field);
      if (hit) return hit;
    }
  }
  return null;
}

/** The 400 for a hit: which field, which character, where (offset and line/column). */
export function unstorableError(hit: UnstorableHit): AppError {
  const what = hit.codePoint === "U+0000" ? "a NUL character" : "a lone UTF-16 surrogate";
  return new AppError(
    400,
    "unstorable_character",
    `${hit.field} contains ${what} (${hit.codePoint}) at offset ${hit.offset} (line ${hit.location.line}, column ${hit.location.column}); it cannot be stored.`,
    { field: hit.field, offset: hit.offset, codePoint: hit.codePoint, ...hit.location },
  );
}

/** Throws the 400 when any string in `value` cannot be stored. */
export function assertStorable(value: unknown, path = ""): void {
  const hit = findUnstorable(value, path);
  if (hit) throw unstorableError(hit);
}

/**
 * Query strings and paths: NUL (or any control character in the path) is refused for every route,
 * so no handler passes it to the database, a header or a log line.
 */
export const rejectUnstorableUrl: MiddlewareHandler = async function rejectUnstorableUrl(c, next) {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new AppError(400, "invalid_path", "The request path is not valid percent-encoded UTF-8.");
  }
  const control = /[\u0000-\u001f\u007f]/.exec(path);
  if (control) {
    throw new AppError(400, "invalid_path", `The request path contains a control character at offset ${control.index}.`, {
      field: "path",
      offset: control.index,
      codePoint: codePointAt(path, control.index),
    });
  }
  for (const [key, value] of url.searchParams) assertStorable(value, `query.${key.replace(/[^\w.-]/g, "?")}`);
  return next();
};
