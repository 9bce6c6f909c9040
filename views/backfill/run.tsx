// A backfill run's live card (polls itself while running) and the run history table.
import type { BackfillRunRow } from "../../src/db/queries.ts";
import { backfillFigures, formatDuration, formatRate } from "../../src/services/backfill-figures.ts";
import type { RunOwner } from "../../src/services/backfill.ts";
import { fmtInt } from "../components/format.ts";
import { RelTime } from "../components/time.tsx";

const STATUS_BADGE: Record<string, string> = {
  running: "badge-pending",
  queued: "badge-pending",
  succeeded: "badge-compiled",
  failed: "badge-failed",
  cancelled: "badge-stale",
};

function RunStatus({ run, owner }: { run: BackfillRunRow; owner?: RunOwner }) {
  const label = owner === "nobody" ? "interrupted" : run.status;
  // A run that finished but could not compile some scenes is not a plain success: amber, with the count.
  if (run.status === "succeeded" && run.failed > 0) {
    return (
      <span class="badge badge-stale" data-run-status={label} data-run-failures={String(run.failed)}>
        {`succeeded with ${fmtInt(run.failed)} ${run.failed === 1 ? "failure" : "failures"}`}
      </span>
    );
  }
  return <span class={`badge ${owner === "nobody" ? "badge-stale" : STATUS_BADGE[run.status] ?? ""}`} data-run-status={label}>{label}</span>;
}

function describeOptions(run: BackfillRunRow): string {
  const o = run.options;
  const mode = o.onlyMissing ? "missing JS" : "outdated JS";
  return `${mode}${o.targetVersion ? ` → v${o.targetVersion}` : ""} · batches of ${o.batchSize}${o.dryRun ? " · dry run" : ""}`;
}

function Stat({ label, value, tone, name }: { label: string; value: string; tone?: "good" | "bad"; name: string }) {
  return (
    <div class={`stat${tone ? ` stat-${tone}` : ""}`}>
      <div class="stat-label">{label}</div>
      <div class="stat-value" data-figure={name}>{value}</div>
    </div>
  );
}

function RunActions({ run, owner }: { run: BackfillRunRow; owner: RunOwner }) {
  if (run.status === "succeeded") return null;
  const resumable = owner === "nobody" || run.status === "failed" || run.status === "cancelled";
  return (
    <div class="form-actions">
      {owner ? (
        <form method="post" action={`/backfill/${run.id}/cancel`} hx-post={`/backfill/${run.id}/cancel`}
              hx-target="#backfill-progress" hx-swap="outerHTML">
          <button type="submit" class="btn" data-action="cancel">Cancel run</button>
        </form>
      ) : null}
      {resumable ? (
        <form method="post" action={`/backfill/${run.id}/resume`} hx-post={`/backfill/${run.id}/resume`}
              hx-target="#backfill-progress" hx-swap="outerHTML">
          <button type="submit" class="btn btn-primary" data-action="resume">Resume from scene {fmtInt(run.processed + 1)}</button>
        </form>
      ) : null}
      {owner === "elsewhere" ? <span class="muted">Running in another process (e.g. the CLI).</span> : null}
      {owner === "nobody" ? <span class="muted">No process is working on this run; it stopped after {fmtInt(run.processed)} scenes.</span> : null}
    </div>
  );
}

/**
 * The live card. While the run is being worked on it carries hx-get/hx-trigger and replaces itself
 * every second; the first answer after the run ends comes without them, so polling stops by itself.
 */
export function RunProgress({ run, owner, message }: { run: BackfillRunRow; owner: RunOwner; message?: string }) {
  const f = backfillFigures(run);
  const polling = owner === "here" || owner === "elsewhere";
  const poll = polling
    ? { "hx-get": `/backfill/${run.id}/progress`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" }
    : {};
  return (
    <section class="card backfill-run" id="backfill-progress" data-run-id={run.id} data-polling={String(polling)} {...poll}>
      <h2>
        <a href={`/backfill/${run.id}`}>Run {run.id.slice(0, 8)}</a> <RunStatus run={run} owner={owner} />
      </h2>
      <p class="muted">{describeOptions(run)} · started <RelTime date={run.startedAt} /></p>
      {message ? <p class="notice" role="status">{message}</p> : null}
      <progress max={100} value={f.percent.toFixed(1)} aria-label="Backfill progress" class="backfill-bar" />
      <div class="stats">
        <Stat name="processed" label="Processed" value={`${fmtInt(run.processed)} / ${fmtInt(run.total)} (${f.percent.toFixed(1)}%)`} />
        <Stat name="succeeded" label="Compiled" value={fmtInt(run.succeeded)} tone="good" />
        <Stat name="failed" label="Failed" value={fmtInt(run.failed)} tone={run.failed > 0 ? "bad" : undefined} />
        <Stat name="skipped" label="Skipped (edited)" value={fmtInt(run.skipped)} />
        <Stat name="rate" label="Rate" value={formatRate(f.rate)} />
        <Stat name="eta" label={polling ? "ETA" : "Working time"} value={formatDuration(polling ? f.etaSeconds : f.elapsedSeconds)} />
      </div>
      {run.error ? <p class="error-text" role="alert">Run error: {run.error.message}</p> : null}
      <RunActions run={run} owner={owner} />
    </section>
  );
}

/** Event the progress fragment raises (HX-Trigger) when it answers for an ended run: the history reloads. */
export const RUN_ENDED_EVENT = "backfill-ended";

/** The history table, reloading itself from /backfill/history when a run on this page ends. */
export function RunHistory({ runs }: { runs: BackfillRunRow[] }) {
  return (
    <div id="backfill-history" hx-get="/backfill/history" hx-trigger={`${RUN_ENDED_EVENT} from:body`} hx-swap="outerHTML">
      <RunHistoryTable runs={runs} />
    </div>
  );
}

function RunHistoryTable({ runs }: { runs: BackfillRunRow[] }) {
  if (runs.length === 0) return <p class="muted">No backfill has run on this database yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table backfill-history">
        <thead>
          <tr>
            <th>Run</th><th>Status</th><th>Options</th><th>Started</th><th class="num">Processed</th>
            <th class="num">Compiled</th><th class="num">Failed</th><th class="num">Skipped</th>
            <th class="num">Rate</th><th class="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const f = backfillFigures(run);
            return (
              <tr data-run-id={run.id}>
                <td><a href={`/backfill/${run.id}`} class="mono">{run.id.slice(0, 8)}</a></td>
                <td><RunStatus run={run} /></td>
                <td>{describeOptions(run)}</td>
                <td><RelTime date={run.startedAt} /></td>
                <td class="num">{fmtInt(run.processed)} / {fmtInt(run.total)}</td>
                <td class="num">{fmtInt(run.succeeded)}</td>
                <td class="num">{fmtInt(run.failed)}</td>
                <td class="num">{fmtInt(run.skipped)}</td>
                <td class="num">{formatRate(f.rate)}</td>
                <td class="num">{formatDuration(f.elapsedSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
