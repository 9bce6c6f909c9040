// Unified diff of two revisions' TSX (hunks from the `diff` package), old/new line numbers side by side.
import type { BoundedDiff } from "../../src/services/revision-diff.ts";

export function RevisionDiff({ from, to, diff }: { from: number; to: number; diff: BoundedDiff }) {
  if (diff.kind === "too_large") {
    return (
      <p class="notice diff-too-large">
        r{from} ({diff.oldLines} lines) and r{to} ({diff.newLines} lines) differ too much to diff here
        {diff.reason === "size" ? " (too large)" : " (too many changed lines)"}; compare the two revisions' TSX instead.
      </p>
    );
  }
  const hunks = diff.hunks;
  if (hunks.length === 0) return <p class="muted">r{from} and r{to} have identical TSX.</p>;
  return (
    <div class="diff" data-from={String(from)} data-to={String(to)}>
      <table class="code diff-table">
        <tbody>
          {hunks.map((hunk) => {
            let oldNo = hunk.oldStart;
            let newNo = hunk.newStart;
            return (
              <>
                <tr class="hunk"><td colspan={3} class="mono">{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`}</td></tr>
                {hunk.lines.map((line) => {
                  const sign = line[0];
                  const text = line.slice(1);
                  if (sign === "\\") return null; // "\ No newline at end of file"
                  const kind = sign === "+" ? "add" : sign === "-" ? "del" : "ctx";
                  const row = (
                    <tr class={`diff-${kind}`}>
                      <td class="ln">{kind === "add" ? "" : oldNo}</td>
                      <td class="ln">{kind === "del" ? "" : newNo}</td>
                      <td class="src"><code>{`${kind === "add" ? "+" : kind === "del" ? "−" : " "} ${text}`}</code></td>
                    </tr>
                  );
                  if (kind !== "add") oldNo++;
                  if (kind !== "del") newNo++;
                  return row;
                })}
              </>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
