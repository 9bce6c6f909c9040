// Failures page (/failures): compile failures (failed apart from stale) and recent runtime failures (preview,
// export), each grouped by normalised message with a 7-day trend and the actions that fix a group.
import type { FailureSample } from "../../src/db/queries.ts";
import type { FailureGroups } from "../../src/services/dashboard.ts";
import { fmtInt } from "../components/format.ts";
import { Sparkline, trendLabel } from "../components/sparkline.tsx";
import { RelTime } from "../components/time.tsx";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A search that finds a group's scenes: the pattern without its placeholders. Every word must prefix a word
 * of the scene's name or error (src/db/queries/scene-lists.ts), so the kept names narrow it to the group.
 */
export function searchTermOf(pattern: string): string {
  return pattern.replace(/<id>|\(L:C\)|\bN\b/g, " ").replace(/\s+/g, " ").trim().slice(0, 160);
}

function Samples({ samples }: { samples: FailureSample[] }) {
  return <td class="samples">{samples.map((s) => <a href={`/scenes/${s.id}`} class="chip">{s.name}</a>)}</td>;
}

function CompileGroups({ groups }: { groups: FailureGroups["compile"] }) {
  if (!groups.length) return <EmptyState title="Nothing fails to compile.">Every scene's latest TSX compiles.</EmptyState>;
  return (
    <div class="table-wrap">
      <table class="table failures">
        <thead>
          <tr>
            <th>Error</th><th class="num" title="Nothing is served">Failed</th>
            <th class="num" title="Older JS is still served">Stale</th>
            <th class="num">Attempts 24 h</th><th class="num">7 d</th><th>Trend</th>
            <th>Last seen</th><th>Examples</th><th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const q = searchTermOf(g.pattern);
            return (
              <tr>
                <td class="error-text mono">{g.pattern}</td>
                <td class="num">{g.failed ? <a href={`/scenes?status=failed&q=${encodeURIComponent(q)}`}>{fmtInt(g.failed)}</a> : "0"}</td>
                <td class="num">{g.stale ? <a href={`/scenes?status=stale&q=${encodeURIComponent(q)}`}>{fmtInt(g.stale)}</a> : "0"}</td>
                <td class="num">{fmtInt(g.trend.at(-1))}</td>
                <td class="num">{fmtInt(sum(g.trend))}</td>
                <td><Sparkline values={g.trend} label={trendLabel(g.trend, "Failed compile attempts")} /></td>
                <td><RelTime date={new Date(g.lastSeen)} /></td>
                <Samples samples={g.samples} />
                <td class="actions">
                  <a href={`/scenes?q=${encodeURIComponent(q)}`} class="btn btn-small">Open scenes</a>
                  <button type="button" class="btn btn-small" hx-get={`/scenes/bulk-recompile?q=${encodeURIComponent(q)}`}
                          hx-target="#bulk-panel" hx-swap="innerHTML show:#bulk-panel:top">
                    Recompile all…
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RuntimeGroups({ groups }: { groups: FailureGroups["runtime"] }) {
  if (!groups.length) return <EmptyState title="No runtime errors in 7 days.">Previews and exports ran without throwing.</EmptyState>;
  return (
    <div class="table-wrap">
      <table class="table failures runtime-failures">
        <thead>
          <tr>
            <th>Error</th><th>Where</th><th class="num">Events 24 h</th><th class="num">7 d</th><th>Trend</th>
            <th class="num">Scenes</th><th>Last seen</th><th>Examples</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <td class="error-text mono">{g.pattern}</td>
              <td><span class={`badge badge-${g.context}`}>{g.context}</span></td>
              <td class="num">{fmtInt(g.trend.at(-1))}</td>
              <td class="num">{fmtInt(g.events)}</td>
              <td><Sparkline values={g.trend} label={trendLabel(g.trend, "Runtime errors")} /></td>
              <td class="num">{fmtInt(g.scenes)}</td>
              <td><RelTime date={new Date(g.lastSeen)} /></td>
              <Samples samples={g.samples} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerifyGroups({ groups }: { groups: FailureGroups["verify"] }) {
  if (!groups.length) return <EmptyState title="Every compiled scene verifies." />;
  return (
    <div class="table-wrap">
      <table class="table failures failures-unverified">
        <thead>
          <tr><th>Error</th><th class="num">Scenes</th><th>Last seen</th><th>Examples</th><th>Actions</th></tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <td class="error-text mono">{g.pattern}</td>
              <td class="num">{fmtInt(g.scenes)}</td>
              <td><RelTime date={new Date(g.lastSeen)} /></td>
              <Samples samples={g.samples} />
              <td class="actions"><a href="/scenes?status=unverified" class="btn btn-small">Open scenes</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FailuresPage({ nonce, failures }: { nonce: string; failures: FailureGroups }) {
  const failed = sum(failures.compile.map((g) => g.failed));
  const stale = sum(failures.compile.map((g) => g.stale));
  return (
    <Layout title="Failures" nonce={nonce} active="failures">
      <PageHeader title="Failures"
                  subtitle="What fails now, grouped by error: numbers and positions folded, module and identifier names kept." />
      <div id="bulk-panel"></div>
      <section class="section">
        <h2>Compile failures</h2>
        <p class="muted">
          Scenes whose latest TSX does not compile: {fmtInt(failed)} failed (nothing served) and {fmtInt(stale)} stale
          (older JS still served), in {fmtInt(failures.compile.length)} groups. Trend: failed compile attempts per day.
        </p>
        <CompileGroups groups={failures.compile} />
      </section>
      <section class="section" id="verify-failures">
        <h2>Verification failures</h2>
        <p class="muted">
          Scenes that compile but whose JS fails write-time verification (status <span class="badge badge-unverified">unverified</span>):
          they would throw or render nothing in the player. Open a scene to see the frame and the TSX line; fix the TSX.
        </p>
        <VerifyGroups groups={failures.verify} />
      </section>
      <section class="section">
        <h2>Runtime failures · last 7 days</h2>
        <p class="muted">Errors thrown by compiled scenes while playing in a preview or rendering in an export.</p>
        <RuntimeGroups groups={failures.runtime} />
      </section>
    </Layout>
  );
}
