// One export's live figures (frames done / total, render fps, ETA) and its actions. While the export is running
// the element carries hx-get/hx-trigger and replaces itself every second; once it is done, failed or cancelled the
// answer comes without them, so polling stops by itself.
import type { ExportRow } from "../../src/db/queries.ts";
import { exportProgress, isFinished } from "../../src/export/progress.ts";
import { fmtBytes, fmtInt } from "../components/format.ts";
import { RelTime } from "../components/time.tsx";

const STATUS_BADGE: Record<string, string> = {
  queued: "badge-pending",
  rendering: "badge-pending",
  encoding: "badge-pending",
  done: "badge-compiled",
  failed: "badge-failed",
  cancelled: "badge-stale",
};

/** Failing scenes by id → name, so an error names the scene the operator knows. */
export type SceneNames = Record<string, string>;

export const fmtSeconds = (s: number | null) => (s == null ? "—" : s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

interface SceneFailure {
  sceneId: string;
  message: string;
  line: number | null;
}

function ExportError({ row, names }: { row: ExportRow; names: SceneNames }) {
  const scenes = (row.error?.scenes as SceneFailure[] | undefined) ?? [];
  if (!row.error) return null;
  const named = (id: string | null | undefined) => (id ? names[id] ?? id.slice(0, 8) : null);
  return (
    <div class="error-text export-error" data-export-error>
      {row.status === "failed" ? <div>{row.error.sceneId ? `${named(row.error.sceneId)}: ` : ""}{row.error.message}</div> : null}
      {scenes.map((f) => (
        <div data-failed-scene={f.sceneId}>
          <a href={`/scenes/${f.sceneId}`}>{named(f.sceneId)}</a>{f.line ? ` line ${f.line}` : ""}: {f.message} (fallback card rendered)
        </div>
      ))}
    </div>
  );
}

function Subject({ row }: { row: ExportRow }) {
  if (row.kind === "scene" && row.sceneId) return <a href={`/scenes/${row.sceneId}`}>scene {row.sceneId.slice(0, 8)}</a>;
  if (row.projectId) return <a href={`/projects/${row.projectId}/preview`}>project {row.projectId.slice(0, 8)}</a>;
  return <span>{row.kind}</span>;
}

/** One table row of the /exports list (also the polling fragment). */
export function ExportRowView({ row, names = {}, now = new Date() }: { row: ExportRow; names?: SceneNames; now?: Date }) {
  const p = exportProgress(row, now);
  const polling = !isFinished(row);
  const poll = polling ? { "hx-get": `/exports/${row.id}/progress`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" } : {};
  return (
    <tr id={`export-${row.id}`} data-export-id={row.id} data-export-status={row.status} data-polling={String(polling)} {...poll}>
      <td><span class={`badge ${STATUS_BADGE[row.status] ?? ""}`}>{row.status}</span><ExportError row={row} names={names} /></td>
      <td>{row.kind} · <Subject row={row} /></td>
      <td>{row.format}{row.format === "png" ? ` @${row.options.frame ?? 0}` : ""}</td>
      <td data-figure="progress">
        <progress max={Math.max(1, p.framesTotal)} value={p.framesDone} aria-label="Export progress" />{" "}
        {fmtInt(p.framesDone)} / {fmtInt(p.framesTotal)} frames
        {polling && p.etaSeconds != null ? <span class="muted"> · ETA {fmtSeconds(p.etaSeconds)}</span> : null}
      </td>
      <td data-figure="elapsed">{fmtSeconds(p.elapsedSeconds)}</td>
      <td data-figure="size">{fmtBytes(row.bytes)}</td>
      <td data-figure="fps">{p.fps == null ? "—" : `${p.fps.toFixed(1)} fps`}</td>
      <td><RelTime date={row.createdAt} /></td>
      <td class="export-actions">
        {row.status === "done" ? <a class="btn" href={`/api/exports/${row.id}/file`} download data-action="download">Download</a> : null}
        {polling ? (
          <form method="post" action={`/exports/${row.id}/cancel`} hx-post={`/exports/${row.id}/cancel`} hx-target={`#export-${row.id}`} hx-swap="outerHTML">
            <button type="submit" class="btn" data-action="cancel">Cancel</button>
          </form>
        ) : null}
        <form method="post" action={`/exports/${row.id}/delete`} hx-post={`/exports/${row.id}/delete`} hx-target={`#export-${row.id}`} hx-swap="outerHTML">
          <button type="submit" class="btn btn-danger" data-action="delete">Delete</button>
        </form>
      </td>
    </tr>
  );
}

export function ExportTableHead() {
  return (
    <thead>
      <tr><th>Status</th><th>What</th><th>Format</th><th>Progress</th><th>Render time</th><th>Size</th><th>Speed</th><th>Created</th><th></th></tr>
    </thead>
  );
}

/** A single export as a small table (the answer to the Export form on a scene or project page). */
export function ExportSingle({ row, names }: { row: ExportRow; names?: SceneNames }) {
  return (
    <div class="table-wrap"><table class="table exports"><ExportTableHead /><tbody><ExportRowView row={row} names={names} /></tbody></table></div>
  );
}
