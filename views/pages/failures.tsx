// Failures page (/failures): failing scenes grouped by normalised error message, biggest group first.
import type { FailureGroupRow } from "../../src/db/queries.ts";
import { fmtInt } from "../components/format.ts";
import { RelTime } from "../components/time.tsx";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";

export function FailuresPage({ nonce, groups }: { nonce: string; groups: FailureGroupRow[] }) {
  const total = groups.reduce((sum, g) => sum + g.scenes, 0);
  return (
    <Layout title="Failures" nonce={nonce} active="failures">
      <PageHeader title="Failures"
                  subtitle="Scenes whose latest TSX does not compile, grouped by error (numbers, names and positions normalised)." />
      {groups.length === 0 ? (
        <EmptyState title="Nothing is failing.">Every scene's latest TSX compiles.</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table failures">
            <thead>
              <tr><th>Error</th><th class="num">Scenes</th><th>First seen</th><th>Last seen</th><th>Examples</th></tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td class="error-text mono">{g.pattern}</td>
                  <td class="num">
                    <a href={`/scenes?q=${encodeURIComponent(searchTermOf(g.pattern))}`}>{fmtInt(g.scenes)}</a>
                  </td>
                  <td><RelTime date={new Date(g.firstSeen)} /></td>
                  <td><RelTime date={new Date(g.lastSeen)} /></td>
                  <td class="samples">
                    {g.samples.map((s) => <a href={`/scenes/${s.id}`} class="chip">{s.name}</a>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {groups.length ? <p class="muted">{fmtInt(total)} failing scenes in {fmtInt(groups.length)} groups.</p> : null}
    </Layout>
  );
}

/** The longest literal run of a pattern (between placeholders): a search term that finds the group's scenes. */
function searchTermOf(pattern: string): string {
  const parts = pattern.split(/N|"…"|\(L:C\)/).map((p) => p.trim());
  return parts.reduce((best, p) => (p.length > best.length ? p : best), "");
}
