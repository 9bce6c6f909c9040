// The opaque keyset cursor of every scene list (API and dashboard): base64url JSON of the sort it was
// issued for, the last row's sort key and id. Decoding accepts only shapes encodeCursor writes, because
// anything else would fail the query's ::uuid / ::timestamptz / ::int casts (a 500) — it is a 400.
import { isInt4, isIsoTimestamp, isUuid } from "../db/ids.ts";
import { SCENE_SORTS, type SceneKeyset, type SceneSort } from "../db/queries.ts";
import { AppError } from "./errors.ts";

/** The cursor after `last` in a list sorted by `sort`. */
export function encodeCursor(sort: SceneSort, last: { sortKey: string; id: string }): string {
  return Buffer.from(JSON.stringify({ sort, key: last.sortKey, id: last.id })).toString("base64url");
}

const KEY_CHECKS: Record<(typeof SCENE_SORTS)[SceneSort]["type"], (key: string) => boolean> = {
  timestamptz: isIsoTimestamp,
  text: (key) => !key.includes("\0"),
  int: (key) => /^-?\d+$/.test(key) && isInt4(Number(key)),
};

/** The keyset a cursor names, for a list sorted by `sort`; 400 invalid_cursor for anything else. */
export function decodeCursor(text: string, sort: SceneSort): SceneKeyset {
  let c: { sort?: unknown; key?: unknown; id?: unknown } | null = null;
  try {
    c = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {}
  const ok = c !== null && typeof c === "object" && c.sort === sort && typeof c.key === "string" &&
    KEY_CHECKS[SCENE_SORTS[sort].type](c.key) && typeof c.id === "string" && isUuid(c.id);
  if (!ok) throw new AppError(400, "invalid_cursor", "cursor is not one this list issued.");
  return { key: c!.key as string, id: c!.id as string };
}
