// The TSX editor of a scene's page: the only place its TSX is shown, with a line-number gutter
// (error line marked, each line an anchor) and the artifact version the save compiles to.
import type { SceneJson } from "../../src/services/scenes.ts";
import { verifyErrorOf } from "../components/verify-error.tsx";

/** Most gutter rows rendered by the server; the client renumbers on input anyway. */
const MAX_GUTTER_LINES = 20_000;

function lineCount(code: string): number {
  let n = 1;
  for (let i = code.indexOf("\n"); i !== -1 && n < MAX_GUTTER_LINES; i = code.indexOf("\n", i + 1)) n++;
  return n;
}

function Gutter({ lines, errorLine }: { lines: number; errorLine: number | null }) {
  const rows = [];
  for (let n = 1; n <= lines; n++) {
    rows.push(<span id={`tsx-L${n}`} class={n === errorLine ? "error-line" : undefined}>{n}</span>);
  }
  return <div class="editor-gutter" data-editor-gutter aria-hidden="true">{rows}</div>;
}

export function SceneEditor({ scene, draft }: { scene: SceneJson; draft?: string }) {
  const text = draft ?? scene.tsx;
  const errorLine = draft === undefined ? scene.compilationError?.line ?? verifyErrorOf(scene)?.line ?? null : null;
  const version = scene.compilationVersion;
  return (
    <form id="edit-form" hx-post={`/scenes/${scene.id}/edit`} hx-target="#scene-body" hx-swap="outerHTML"
          hx-disabled-elt="find button">
      <input type="hidden" name="revision" value={String(scene.revision)} />
      <div class="editor" data-editor data-error-line={errorLine ? String(errorLine) : undefined}>
        <Gutter lines={lineCount(text)} errorLine={errorLine} />
        <textarea name="tsx" id="tsx-editor" rows={22} spellcheck={false} wrap="off" aria-label="Scene TSX"
                  aria-describedby="editor-keys">{text}</textarea>
      </div>
      <p class="muted editor-keys" id="editor-keys">
        Tab indents, Shift+Tab outdents; press Esc, then Tab, to leave the editor.
      </p>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">Save and compile</button>
        <label class="compile-version">
          Compile as
          <select name="version" id="edit-version">
            <option value="1" selected={version === 1}>{version === 1 ? "version 1 (current)" : "version 1"}</option>
            <option value="2" selected={version === 2}>{version === 2 ? "version 2 (current)" : "version 2"}</option>
          </select>
        </label>
        <span class="muted">Saved as revision {scene.revision + 1}; a failing compile keeps the current JS.</span>
      </div>
    </form>
  );
}
