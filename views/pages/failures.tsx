// Failures page (/failures): failing scenes grouped by normalised error message, biggest group first.
import type { FailureGroupRow } from "../../src/db/queries.ts";
import { fmtInt } from "../components/format.ts";
import { RelTime } from "../components/time.tsx";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";

export function FailuresPage({ nonce, groups, verifyGroups = [] }: { nonce: string; groups: FailureGroupRow[]; verifyGroups?: FailureGroupRow[] }) {
  const total = groups.reduce((sum, g) => sum + g.scenes, 0);
  const unverified = verifyGroups.reduce((sum, g) => sum + g.scenes, 0);
  return (
    <Layout title="Failures" nonce={nonce} active="failures">
      <PageHeader title="Failures"
                  subtitle="Scenes whose latest TSX does not compile, grouped by error (numbers, names and positions normalised)." />
      {groups.length === 0 ? (
        <EmptyState title="Nothing is failing.">Every scene's latest TSX compiles.</EmptyState>
      ) : (
        <FailureGroupTable groups={groups} status={null} />
      )}
      {groups.length ? <p class="muted">{fmtInt(total)} failing scenes in {fmtInt(groups.length)} groups.</p> : null}
      <section id="verify-failures">
        <h2>Verification failures</h2>
        <p class="muted">
          Scenes that compile but whose JS fails write-time verification (status <span class="badge badge-unverified">unverified</span>):
          they would throw or render nothing in the player. Open a scene to see the frame and the TSX line.
        </p>
        {verifyGroups.length === 0 ? (
          <EmptyState title="Every compiled scene verifies." />
        ) : (
          <>
            <FailureGroupTable groups={verifyGroups} status="unverified" />
            <p class="muted">{fmtInt(unverified)} unverified scenes in {fmtInt(verifyGroups.length)} groups.</p>
          </>
        )}
      </section>
    </Layout>
  );
}

/**
 * One table of error groups. Compile errors link to a search for the error's text (it quotes the TSX);
 * verification errors come from running the JS, so they link to the status tab instead.
 */
function FailureGroupTable({ groups, status }: { groups: FailureGroupRow[]; status: "unverified" | null }) {
  const link = (g: FailureGroupRow) =>
    status ? `/scenes?status=${status}` : `/scenes?q=${encodeURIComponent(searchTermOf(g.pattern))}`;
  return (
    <div class="table-wrap">
      <table class={`table failures${status ? ` failures-${status}` : ""}`}>
        <thead>
          <tr><th>Error</th><th class="num">Scenes</th><th>First seen</th><th>Last seen</th><th>Examples</th></tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <td class="error-text mono">{g.pattern}</td>
              <td class="num"><a href={link(g)}>{fmtInt(g.scenes)}</a></td>
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
  );
}

/** The longest literal run of a pattern (between placeholders): a search term that finds the group's scenes. */
function searchTermOf(pattern: string): string {
  const parts = pattern.split(/N|"…"|\(L:C\)/).map((p) => p.trim());
  return parts.reduce((best, p) => (p.length > best.length ? p : best), "");
}
