// The Export control: format, frame (PNG only) and, for projects, fps. Reusable on any page that shows a scene or a
// project; it posts to /exports and htmx puts the live progress row into the form's own result slot.

export interface ExportTarget {
  kind: "scene" | "project";
  id: string;
}

export interface ExportFormProps {
  target: ExportTarget;
  /** The same text as the API's 503 when Chromium or ffmpeg is missing; the form is then disabled. */
  unavailable?: string | null;
  /** Shown above the form after a rejected submit (e.g. frame out of range). */
  error?: string;
}

export function ExportForm({ target, unavailable, error }: ExportFormProps) {
  const slot = `export-result-${target.kind}-${target.id}`;
  return (
    <section class="export-control" data-export-form={target.kind}>
      {unavailable ? <p class="notice notice-warn" role="status" data-export-unavailable>{unavailable}</p> : null}
      {error ? <p class="error-text" role="alert">{error}</p> : null}
      <form method="post" action="/exports" hx-post="/exports" hx-target={`#${slot}`} hx-swap="innerHTML" class="export-form">
        <input type="hidden" name={target.kind === "scene" ? "sceneId" : "projectId"} value={target.id} />
        <label>Format{" "}
          <select name="format">
            <option value="mp4">MP4 (H.264)</option>
            <option value="webm">WebM (VP9)</option>
            <option value="png">PNG still</option>
          </select>
        </label>{" "}
        <label>Frame (PNG) <input type="number" name="frame" min="0" step="1" placeholder="0" /></label>{" "}
        {target.kind === "project" ? <><label>fps <input type="number" name="fps" min="1" max="120" step="1" placeholder="first scene's" /></label>{" "}</> : null}
        <button type="submit" class="btn btn-primary" disabled={Boolean(unavailable)} data-action="export">Export</button>
      </form>
      <div id={slot} class="export-result" aria-live="polite"></div>
    </section>
  );
}
