// /backfill (start form, live run, history), /backfill/:id (one run and its failed scenes) and /verify.
import type { BackfillFailureRow, BackfillRunRow } from "../../src/db/queries.ts";
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, type RunOwner } from "../../src/services/backfill.ts";
import { VERIFY_CHECKS, type VerifyReport } from "../../src/services/backfill-verify.ts";
import type { VerifyCheck } from "../../src/db/queries.ts";
import { fmtInt } from "../components/format.ts";
import { RelTime } from "../components/time.tsx";
import { EmptyState, Layout, PageHeader } from "../layout.tsx";
import { RunHistory, RunProgress } from "./run.tsx";

export interface StartFormState {
  batchSize: string;
  mode: "missing" | "upgrade";
  targetVersion: string;
  dryRun: boolean;
}

export const DEFAULT_FORM: StartFormState = { batchSize: String(DEFAULT_BATCH_SIZE), mode: "missing", targetVersion: "", dryRun: false };

/** The start form; `error` (409/400 explanation) is shown above it, the user's choices kept. */
export function StartForm({ state, error }: { state: StartFormState; error?: string }) {
  return (
    <section class="card" id="backfill-progress">
      <h2>Start a backfill</h2>
      {error ? <p class="error-text" role="alert">{error}</p> : null}
      <form method="post" action="/backfill" hx-post="/backfill" hx-target="#backfill-progress" hx-swap="outerHTML" class="backfill-form">
        <fieldset>
          <legend>Scenes</legend>
          <label><input type="radio" name="mode" value="missing" checked={state.mode === "missing"} /> Only scenes without JS</label>
          <label><input type="radio" name="mode" value="upgrade" checked={state.mode === "upgrade"} /> Every outdated scene (missing, stale, older compiler, other version)</label>
        </fieldset>
        <label>Target version{" "}
          <select name="targetVersion">
            <option value="" selected={state.targetVersion === ""}>keep each scene's version</option>
            <option value="1" selected={state.targetVersion === "1"}>1 (window globals)</option>
            <option value="2" selected={state.targetVersion === "2"}>2 (parameterized)</option>
          </select>
        </label>{" "}
        <label>Batch size <input type="number" name="batchSize" min="1" max={String(MAX_BATCH_SIZE)} value={state.batchSize} required /></label>{" "}
        <label><input type="checkbox" name="dryRun" value="1" checked={state.dryRun} /> Dry run (compile and count, write nothing)</label>
        <div class="form-actions"><button type="submit" class="btn btn-primary">Start backfill</button></div>
      </form>
    </section>
  );
}

/** The chosen options as hidden fields, so the confirm step posts exactly what was confirmed. */
function StateFields({ state }: { state: StartFormState }) {
  return (
    <>
      <input type="hidden" name="mode" value={state.mode} />
      <input type="hidden" name="targetVersion" value={state.targetVersion} />
      <input type="hidden" name="batchSize" value={state.batchSize} />
      {state.dryRun ? <input type="hidden" name="dryRun" value="1" /> : null}
    </>
  );
}

/**
 * The confirm step of a run that rewrites stored artifacts (every outdated scene, or a version change):
 * how many scenes it touches, then "Start" or back to the form with the same choices.
 */
export function ConfirmStart({ state, total }: { state: StartFormState; total: number }) {
  return (
    <section class="card confirm" id="backfill-progress" data-confirm-total={String(total)}>
      <h2>Rewrite stored JS of {fmtInt(total)} {total === 1 ? "scene" : "scenes"}?</h2>
      <p>
        This run recompiles {fmtInt(total)} {total === 1 ? "scene" : "scenes"}
        {state.targetVersion ? ` to version ${state.targetVersion}` : ""} and replaces the JS they serve now. A scene whose
        TSX no longer compiles keeps its current JS and is listed as failed.
      </p>
      <div class="form-actions">
        <form method="post" action="/backfill" hx-post="/backfill" hx-target="#backfill-progress" hx-swap="outerHTML">
          <StateFields state={state} />
          <input type="hidden" name="confirmed" value="1" />
          <button type="submit" class="btn btn-primary" data-action="confirm">Start: rewrite {fmtInt(total)} scenes</button>
        </form>
        <form method="post" action="/backfill" hx-post="/backfill" hx-target="#backfill-progress" hx-swap="outerHTML">
          <StateFields state={state} />
          <input type="hidden" name="edit" value="1" />
          <button type="submit" class="btn" data-action="back">Change options</button>
        </form>
      </div>
    </section>
  );
}

export function BackfillPage(props: {
  nonce: string;
  active: BackfillRunRow | null;
  owner: RunOwner;
  runs: BackfillRunRow[];
}) {
  return (
    <Layout title="Backfill" nonce={props.nonce} active="backfill">
      <PageHeader title="Backfill"
                  subtitle="Compile stored scenes whose JS is missing or outdated, in batches. A run keeps going on the server when this tab closes; a stopped run resumes from its last batch." />
      {props.active ? <RunProgress run={props.active} owner={props.owner} /> : <StartForm state={DEFAULT_FORM} />}
      <section class="card">
        <h2>History</h2>
        <RunHistory runs={props.runs} />
      </section>
    </Layout>
  );
}

function FailedScenes({ failures, run }: { failures: BackfillFailureRow[]; run: BackfillRunRow }) {
  if (run.options.dryRun) return <p class="muted">A dry run stores nothing, so its {fmtInt(run.failed)} failures are counted only.</p>;
  if (failures.length === 0) return <p class="muted">No scene failed in this run.</p>;
  return (
    <div class="table-wrap">
      <table class="table backfill-failures">
        <thead><tr><th>Scene</th><th>Error</th><th>When</th></tr></thead>
        <tbody>
          {failures.map((f) => (
            <tr>
              <td><a href={`/scenes/${f.sceneId}`}>{f.name ?? f.sceneId}</a></td>
              <td class="error-text mono">{f.message}{f.line ? ` (line ${f.line})` : ""}</td>
              <td><RelTime date={f.createdAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.failed > failures.length ? <p class="muted">Showing {fmtInt(failures.length)} of {fmtInt(run.failed)}.</p> : null}
    </div>
  );
}

export function BackfillRunPage(props: { nonce: string; run: BackfillRunRow; owner: RunOwner; failures: BackfillFailureRow[] }) {
  return (
    <Layout title={`Backfill ${props.run.id.slice(0, 8)}`} nonce={props.nonce} active="backfill">
      <PageHeader title={`Backfill run ${props.run.id.slice(0, 8)}`} subtitle={<a href="/backfill">« All runs</a>} />
      <RunProgress run={props.run} owner={props.owner} />
      <section class="card">
        <h2>Failed scenes</h2>
        <FailedScenes failures={props.failures} run={props.run} />
      </section>
    </Layout>
  );
}

/** Where a failed verification threw (the Fix column links to that line). */
function VerifyWhere({ row }: { row: VerifyReport["rows"]["unverified"][number] }) {
  const frame = row.verifyFrame == null ? "before the first frame" : `frame ${row.verifyFrame}`;
  return <span class="sub verify-fix">{frame}{row.verifyLine ? `, line ${row.verifyLine}` : ""}</span>;
}

/**
 * The fix that works for one row: a scene whose TSX does not compile needs its TSX edited (a backfill
 * would fail again); missing or outdated JS of a compiling scene is what a backfill rebuilds.
 */
function VerifyFix({ row, check }: { row: VerifyReport["rows"][VerifyCheck][number]; check: VerifyCheck }) {
  // Failing verification is fixed in the TSX too; its line (when known) is the editor's gutter anchor.
  if (row.error || check === "unverified") {
    const anchor = row.verifyLine ? `#tsx-L${row.verifyLine}` : "#tsx-editor";
    return <a href={`/scenes/${row.id}${anchor}`} class="btn btn-ghost" data-fix="edit">Edit the TSX{row.verifyLine ? ` at line ${row.verifyLine}` : ""}</a>;
  }
  const what = check === "missing" ? "Backfill missing JS" : check === "version" ? "Backfill to the target version" : "Backfill outdated JS";
  return <a href="/backfill" class="btn btn-ghost" data-fix="backfill">{what}</a>;
}

export function VerifyPage({ nonce, report }: { nonce: string; report: VerifyReport }) {
  return (
    <Layout title="Verify" nonce={nonce} active="verify">
      <PageHeader title="Verify"
                  subtitle={`${fmtInt(report.counts.total)} scenes checked against compiler ${report.target.compiler} and target version ${report.target.version}.`} />
      <div class="stats">
        {VERIFY_CHECKS.map((check) => (
          <div class={`stat card ${report.counts[check.key] > 0 ? "stat-bad" : "stat-good"}`}>
            <div class="stat-label">{check.title}</div>
            <div class="stat-value" data-check={check.key}>{fmtInt(report.counts[check.key])}</div>
          </div>
        ))}
      </div>
      {report.clean ? <EmptyState title="Everything is up to date.">Every scene has current JS from this compiler.</EmptyState> : null}
      {VERIFY_CHECKS.filter((check) => report.counts[check.key] > 0).map((check) => (
        <section class="card" id={`verify-${check.key}`}>
          <h2>{check.title} ({fmtInt(report.counts[check.key])})</h2>
          <p class="muted">{check.explain}</p>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>Scene</th><th>Fix</th><th class="num">Revision</th><th class="num">JS revision</th><th class="num">Version</th><th>Compiler</th><th>Last error</th><th>Edited</th></tr></thead>
              <tbody>
                {report.rows[check.key].map((row) => (
                  <tr>
                    <td><a href={`/scenes/${row.id}`}>{row.name}</a></td>
                    <td><VerifyFix row={row} check={check.key} /></td>
                    <td class="num">{row.revision}</td>
                    <td class="num">{row.jsRevision ?? "—"}</td>
                    <td class="num">{row.compilationVersion}</td>
                    <td class="mono">{row.compiler ?? "—"}</td>
                    <td class="error-text">
                      {row.error ?? ""}
                      {check.key === "unverified" ? <VerifyWhere row={row} /> : null}
                    </td>
                    <td><RelTime date={row.updatedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="pager">
            {report.paged === check.key ? <a href={`/verify#verify-${check.key}`} class="btn btn-ghost">« First page</a> : <span />}
            {report.next[check.key]
              ? <a href={`/verify?check=${check.key}&cursor=${encodeURIComponent(report.next[check.key]!)}#verify-${check.key}`} class="btn"
                   data-next={check.key}>Next {fmtInt(report.rows[check.key].length)} »</a>
              : null}
          </div>
        </section>
      ))}
      {VERIFY_CHECKS.some((check) => check.fix === "backfill" && report.counts[check.key] > 0)
        ? <p><a class="btn btn-primary" href="/backfill">Open backfill</a></p> : null}
    </Layout>
  );
}
