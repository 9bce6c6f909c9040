// The changing part of a scene's page (status, error, TSX/JS, edit form, meta, history); an edit swaps it whole.
import { autofixText } from "../../src/compiler/index.ts";
import type { CompileEventRow, RevisionRow } from "../../src/db/queries.ts";
import type { DashboardStatus } from "../../src/db/status.ts";
import type { SceneJson } from "../../src/services/scenes.ts";
import { CodeView } from "../components/code.tsx";
import { fmtBytes, fmtMs } from "../components/format.ts";
import { StatusBadge } from "../components/status.tsx";
import { RelTime } from "../components/time.tsx";
import { VerifyErrorCard, verifyErrorOf } from "../components/verify-error.tsx";
import { EmptyState } from "../layout.tsx";
import { SceneEditor } from "./scene-editor.tsx";

export interface RuntimeEventView {
  id: number;
  context: string;
  kind: string;
  message: string | null;
  retryCount: number;
  compilationVersion: number | null;
  createdAt: Date;
}

export interface SceneBodyProps {
  scene: SceneJson;
  /** From dashboardStatusOf (src/db/status.ts), computed by the dashboard service. */
  status: DashboardStatus;
  revisions: Omit<RevisionRow, "tsx">[];
  compileEvents: CompileEventRow[];
  runtimeEvents: RuntimeEventView[];
  /** Set right after an edit or recompile: what just happened, shown on top. */
  flash?: { kind: "ok" | "error"; text: string };
  /** TSX the operator submitted that was not saved (rejected edit): shown in the editor so nothing is lost. */
  draft?: string;
}

function CompileError({ scene }: { scene: SceneJson }) {
  const error = scene.compilationError;
  if (!error) return null;
  const where = error.line ? ` at line ${error.line}${error.column ? `, column ${error.column}` : ""}` : "";
  return (
    <section class="card compile-error" id="compile-error" role="alert">
      <h2>Compile error{where}</h2>
      <p class="error-text">{error.message}</p>
      {error.frame ? <pre class="frame">{error.frame}</pre> : null}
      {scene.js ? (
        <p class="muted">
          The JS of revision {scene.jsRevision} is still served; the TSX of revision {scene.revision} is saved.
        </p>
      ) : null}
      {error.line ? (
        <a href={`#tsx-L${error.line}`} class="error-line-link" data-goto-line={String(error.line)}>
          Go to line {error.line} in the editor
        </a>
      ) : null}
    </section>
  );
}

const verifySummary = (v: NonNullable<SceneJson["compileMeta"]>["verify"]) =>
  !v ? "—" : v.ok === true && "frames" in v ? `ok · frames ${v.frames.join(", ")} · ${fmtMs(v.ms)}` : "skipped" in v ? `not verified (${v.skipped})` : `failed · ${fmtMs(v.ms)}`;

function MetaTable({ scene }: { scene: SceneJson }) {
  const meta = scene.compileMeta;
  const rows: [string, unknown][] = [
    ["Revision", `${scene.revision} (JS from ${scene.jsRevision ?? "—"})`],
    ["Compilation version", scene.compilationVersion],
    ["Component", meta?.componentName ?? "—"],
    ["Compiler", meta ? `${meta.compiler} · ${meta.tool} ${meta.toolVersion}` : "—"],
    ["Compile time", fmtMs(meta?.timings.ms)],
    ["TSX → JS", meta ? `${fmtBytes(meta.inputBytes)} → ${fmtBytes(meta.outputBytes)}` : "—"],
    ["Hash", meta?.hash ? meta.hash.slice(0, 16) : "—"],
    ["Trigger", meta?.trigger ?? "—"],
    ["Autofixes", meta?.autofixes.length ? meta.autofixes.map(autofixText).join(", ") : "none"],
    ["Warnings", meta?.warnings.length ? meta.warnings.join("; ") : "none"],
    ["Verification", verifySummary(meta?.verify)],
    ["Frames · fps · size", `${scene.durationInFrames} · ${scene.fps} · ${scene.width}×${scene.height}`],
  ];
  return (
    <dl class="meta" id="compile-meta">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{String(v)}</dd>
        </>
      ))}
      <dt>Compiled</dt>
      <dd><RelTime date={scene.jsCompiledAt} /></dd>
    </dl>
  );
}

function CompileHistory({ events }: { events: CompileEventRow[] }) {
  if (events.length === 0) return <EmptyState title="No compile attempts recorded." />;
  return (
    <table class="table compact" id="compile-history">
      <thead>
        <tr><th>When</th><th>Trigger</th><th>Result</th><th class="num">Duration</th><th class="num">In → out</th><th class="num">Target</th></tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr>
            <td><RelTime date={e.createdAt} /></td>
            <td>{e.trigger}</td>
            <td>
              {e.ok ? <span class="badge badge-compiled">ok</span> : <span class="badge badge-failed">failed</span>}
              {e.error?.message ? (
                <span class="sub error-text" title={e.error.message}>
                  {e.error.line ? `L${e.error.line}: ` : ""}{e.error.message}
                </span>
              ) : null}
            </td>
            <td class="num">{fmtMs(e.durationMs)}</td>
            <td class="num">{fmtBytes(e.inputBytes)} → {fmtBytes(e.outputBytes)}</td>
            <td class="num">v{e.targetVersion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RuntimeHistory({ events }: { events: RuntimeEventView[] }) {
  if (events.length === 0) return <EmptyState title="No preview or export runs reported yet." />;
  return (
    <table class="table compact" id="runtime-history">
      <thead><tr><th>When</th><th>Context</th><th>Kind</th><th>Message</th><th class="num">Retries</th><th class="num">Version</th></tr></thead>
      <tbody>
        {events.map((e) => (
          <tr>
            <td><RelTime date={e.createdAt} /></td>
            <td>{e.context}</td>
            <td><span class={`badge badge-${e.kind === "error" ? "failed" : e.kind === "retry" ? "stale" : "compiled"}`}>{e.kind}</span></td>
            <td class="error-text">{e.message ?? ""}</td>
            <td class="num">{e.retryCount}</td>
            <td class="num">{e.compilationVersion == null ? "—" : `v${e.compilationVersion}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RevisionPicker({ sceneId, revisions }: { sceneId: string; revisions: Omit<RevisionRow, "tsx">[] }) {
  if (revisions.length < 2) return <p class="muted">Only one revision so far; edits appear here with a diff.</p>;
  const latest = revisions[0]!.revision;
  const previous = revisions[1]!.revision;
  const options = (selected: number) =>
    revisions.map((r) => <option value={String(r.revision)} selected={r.revision === selected}>{`r${r.revision}`}</option>);
  return (
    <form class="diff-picker" hx-get={`/scenes/${sceneId}/diff`} hx-target="#diff" hx-swap="innerHTML"
          hx-trigger="submit, change, load">
      <label>From <select name="from">{options(previous)}</select></label>
      <label>To <select name="to">{options(latest)}</select></label>
      <noscript><button type="submit" class="btn">Diff</button></noscript>
    </form>
  );
}

/** Changes whenever what the embedded preview shows could change (new revision, new artifact, other version). */
function previewKey(scene: SceneJson): string {
  return `${scene.revision}:${scene.jsRevision ?? "-"}:${scene.compilationVersion}:${scene.compileMeta?.hash ?? "-"}`;
}

export function SceneBody(props: SceneBodyProps) {
  const { scene, status } = props;
  return (
    <div id="scene-body" data-preview-key={previewKey(scene)}>
      {props.flash ? (
        <div class={`notice ${props.flash.kind === "ok" ? "notice-ok" : "notice-error"}`} role="status" id="flash">
          {props.flash.text}
        </div>
      ) : null}
      <div class="scene-status">
        <StatusBadge status={status} />
        <span class="muted">revision {scene.revision} · v{scene.compilationVersion} · updated <RelTime date={scene.updatedAt} /></span>
      </div>
      <CompileError scene={scene} />
      <VerifyErrorCard scene={scene} />
      <div class="code-grid">
        <section class="card code-card editor-card">
          <h2>TSX <span class="muted">revision {scene.revision}{props.draft === undefined ? "" : " · your unsaved text"}</span></h2>
          <SceneEditor scene={scene} draft={props.draft} />
        </section>
        <section class="card code-card">
          <h2>JS <span class="muted">{scene.js ? `from revision ${scene.jsRevision} · version ${scene.compilationVersion}` : "none stored"}</span></h2>
          {scene.js ? <CodeView id="js" code={scene.js} language="javascript" /> : <EmptyState title="No JS stored." />}
        </section>
      </div>
      <div class="two-col">
        <section class="card"><h2>Compile meta</h2><MetaTable scene={scene} /></section>
        <section class="card">
          <h2>Revisions</h2>
          <RevisionPicker sceneId={scene.id} revisions={props.revisions} />
          <div id="diff"></div>
        </section>
      </div>
      <section class="card"><h2>Compile history</h2><CompileHistory events={props.compileEvents} /></section>
      <section class="card"><h2>Runtime events</h2><RuntimeHistory events={props.runtimeEvents} /></section>
    </div>
  );
}
