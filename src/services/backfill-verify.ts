// Verification report: scenes whose JS is missing, stale, from another compiler build or below the target
// version (a backfill fixes those), or compiled JS that failed write-time verification (only an edit fixes that).
import { COMPILER_VERSION } from "../compiler/index.ts";
import type { Queryable } from "../db/open.ts";
import * as q from "../db/queries.ts";

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
  /** True when every check is zero. */
  clean: boolean;
}

export async function verifyScenes(db: Queryable, targetVersion: number, limit = 50): Promise<VerifyReport> {
  const target = { compiler: COMPILER_VERSION, version: targetVersion };
  const counts = await q.verifyCounts(db, target);
  const rows = {} as VerifyReport["rows"];
  for (const { key } of VERIFY_CHECKS) rows[key] = counts[key] > 0 ? await q.listVerifyRows(db, key, target, limit) : [];
  return { target, counts, rows, clean: VERIFY_CHECKS.every(({ key }) => counts[key] === 0) };
}
