// Verification report: scenes whose JS is missing, stale, from another compiler build or below the target
// version (a backfill fixes those), or compiled JS that failed write-time verification (only an edit fixes that).
import { COMPILER_VERSION } from "../compiler/index.ts";
import type { Queryable } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { isIsoTimestamp, isUuid } from "../db/ids.ts";
import { AppError } from "./errors.ts";

export const VERIFY_CHECKS: { key: q.VerifyCheck; title: string; explain: string; fix: "backfill" | "edit" }[] = [
  { key: "missing", title: "Missing JS", explain: "No compiled JS at all (never compiled, or never compiled successfully).", fix: "backfill" },
  { key: "stale", title: "Stale JS", explain: "JS compiled from an older revision: the latest TSX failed to compile (js_revision < revision).", fix: "backfill" },
  { key: "outdated", title: "Older compiler", explain: `JS produced by another compiler build than ${COMPILER_VERSION}.`, fix: "backfill" },
  { key: "version", title: "Below target version", explain: "Artifact version older than the configured compile target version.", fix: "backfill" },
  {
    key: "unverified",
    title: "Failed verification",
    explain:
      "Compiled JS that throws or renders nothing when run (status unverified). Recompiling gives the same JS: " +
      "fix the TSX at the line shown, then save.",
    fix: "edit",
  },
];

export interface VerifyReport {
  target: q.VerifyTarget;
  counts: q.VerifyCounts;
  rows: Record<q.VerifyCheck, q.VerifyRow[]>;
  /** Per check, the cursor of its next page (null on the last page). */
  next: Record<q.VerifyCheck, string | null>;
  /** The check whose page was asked for with a cursor (its rows do not start at the first). */
  paged: q.VerifyCheck | null;
  /** True when every check is zero. */
  clean: boolean;
}

/** A verify page cursor: the last row's edit time and id. */
const encodeVerifyCursor = (row: q.VerifyRow) => `${new Date(row.updatedAt).toISOString()}_${row.id}`;

function decodeVerifyCursor(text: string): { updatedAt: string; id: string } {
  const [updatedAt = "", id = ""] = text.split("_");
  if (!isIsoTimestamp(updatedAt) || !isUuid(id)) throw new AppError(400, "invalid_cursor", "cursor is not one this list issued.");
  return { updatedAt, id };
}

/** One page of a check's rows, from its start or after a cursor. */
export interface VerifyPageRequest {
  check: q.VerifyCheck;
  cursor: string;
}

export async function verifyScenes(db: Queryable, targetVersion: number, limit = 50, page?: VerifyPageRequest): Promise<VerifyReport> {
  const target = { compiler: COMPILER_VERSION, version: targetVersion };
  const counts = await q.verifyCounts(db, target);
  const rows = {} as VerifyReport["rows"];
  const next = {} as VerifyReport["next"];
  for (const { key } of VERIFY_CHECKS) {
    const after = page?.check === key ? decodeVerifyCursor(page.cursor) : null;
    const found = counts[key] > 0 ? await q.listVerifyRows(db, key, target, limit + 1, after) : [];
    rows[key] = found.slice(0, limit);
    next[key] = found.length > limit ? encodeVerifyCursor(rows[key].at(-1)!) : null;
  }
  return { target, counts, rows, next, paged: page?.check ?? null, clean: VERIFY_CHECKS.every(({ key }) => counts[key] === 0) };
}
