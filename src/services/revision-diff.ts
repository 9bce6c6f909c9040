// Bounded revision diffs: Myers diff costs O(lines × edits), so a large rewrite could hold the event
// loop for minutes. The diff gets a size cap and a time budget; past either it reports "too large"
// (with line counts) instead of hunks, and the page says so.
import { structuredPatch, type StructuredPatchHunk } from "diff";

/** Longest the diff may run on the event loop; other requests wait this long at worst. */
export const DIFF_TIME_BUDGET_MS = 25;
/** Inputs above this many characters (both sides together) are not diffed at all. */
export const DIFF_MAX_CHARS = 2_000_000;
/** Most changed lines a diff may hold; a bigger rewrite is better read as two files. */
export const DIFF_MAX_EDIT_LENGTH = 5_000;

export type BoundedDiff =
  | { kind: "hunks"; hunks: StructuredPatchHunk[] }
  | { kind: "too_large"; oldLines: number; newLines: number; reason: "size" | "time" };

const countLines = (s: string) => (s.length === 0 ? 0 : s.split("\n").length);

/** A unified diff (3 lines of context) of two texts, or "too large" when it would cost too much. */
export function boundedDiff(oldText: string, newText: string): BoundedDiff {
  const tooLarge = (reason: "size" | "time"): BoundedDiff => ({
    kind: "too_large",
    oldLines: countLines(oldText),
    newLines: countLines(newText),
    reason,
  });
  if (oldText.length + newText.length > DIFF_MAX_CHARS) return tooLarge("size");
  const patch = structuredPatch("old", "new", oldText, newText, "", "", {
    context: 3,
    timeout: DIFF_TIME_BUDGET_MS,
    maxEditLength: DIFF_MAX_EDIT_LENGTH,
  });
  return patch ? { kind: "hunks", hunks: patch.hunks } : tooLarge("time");
}
