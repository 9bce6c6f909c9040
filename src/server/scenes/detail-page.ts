// /scenes/:id and its actions: edit TSX, recompile, delete, revision diff. Each action answers with the scene body.
import type { Context } from "hono";
import { RevisionDiff } from "../../../views/fragments/diff.tsx";
import { SceneBody, type SceneBodyProps } from "../../../views/fragments/scene-body.tsx";
import { ScenePage } from "../../../views/pages/scene.tsx";
import { AppError } from "../../services/errors.ts";
import type { AppEnv } from "../context.ts";
import { previewAssets } from "../../client/assets.ts";
import { sceneOf } from "../entities.ts";
import { formFields, isHtmx, nonceOf, sendHtml } from "../html.ts";

/** An artifact version from a form field; anything else means "the default". */
const versionField = (value: string | undefined) => (value === "1" ? 1 : value === "2" ? 2 : undefined);

/** A revision number from a form or query (revisions are int4; anything else is not one). */
const revisionNumber = (value: string | undefined) => (/^\d{1,9}$/.test(value ?? "") ? Number(value) : undefined);

export async function scenePage(c: Context<AppEnv>) {
  const scene = sceneOf(c);
  const [detail, place] = await Promise.all([c.var.services.dashboard.sceneDetail(scene), c.var.services.projects.place(scene)]);
  const exportUnavailable = await c.var.services.exports.unavailableMessage();
  return sendHtml(c, ScenePage({ ...detail, place, nonce: nonceOf(c), assets: previewAssets(), exportUnavailable }));
}

/** Re-renders the body after an action; `extra` carries the flash message or the unsaved draft. */
async function answerWithBody(c: Context<AppEnv>, id: string, extra: Partial<SceneBodyProps>, status: 200 | 409 | 422 = 200) {
  // Reloaded: the action changed the scene (a scene deleted meanwhile is a 404 page via onError).
  const detail = await c.var.services.dashboard.sceneDetail(await c.var.services.scenes.get(id));
  if (!isHtmx(c)) return c.redirect(`/scenes/${id}`, 303);
  return sendHtml(c, SceneBody({ ...detail, ...extra }), status);
}

function compileFlash(scene: { compilationError: { message: string; line: number | null } | null; revision: number; compilationVersion: number }) {
  const error = scene.compilationError;
  return error
    ? { kind: "error" as const, text: `Revision ${scene.revision} saved, but it does not compile${error.line ? ` (line ${error.line})` : ""}: ${error.message}` }
    : { kind: "ok" as const, text: `Revision ${scene.revision} saved and compiled to version ${scene.compilationVersion}.` };
}

export async function editScene(c: Context<AppEnv>) {
  const id = sceneOf(c).id;
  const fields = await formFields(c);
  const tsx = (fields.tsx ?? "").replace(/\r\n/g, "\n");
  const expected = revisionNumber(fields.revision);
  try {
    const scene = await c.var.services.dashboard.editTsx(id, tsx, expected, versionField(fields.version));
    return answerWithBody(c, id, { flash: compileFlash(scene) });
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 404) throw error;
    // Rejected edits (stale revision, empty or oversized TSX) keep the operator's text in the editor.
    const status = error.status === 409 ? 409 : 422;
    const text = error.status === 409
      ? `${error.message} Someone saved meanwhile; your text is below — review it against the new TSX and save again.`
      : error.message;
    return answerWithBody(c, id, { flash: { kind: "error", text }, draft: tsx }, status);
  }
}

export async function recompileScene(c: Context<AppEnv>) {
  const id = sceneOf(c).id;
  const fields = await formFields(c);
  const scene = await c.var.services.dashboard.recompile(id, versionField(fields.version));
  const flash = scene.compilationError
    ? { kind: "error" as const, text: `Recompile failed: ${scene.compilationError.message}` }
    : { kind: "ok" as const, text: `Recompiled to version ${scene.compilationVersion}.` };
  return answerWithBody(c, id, { flash });
}

/** Confirmed in the page (hx-confirm); deleted once the list's undo window ends (dashboard.scheduleDelete). */
export async function deleteScene(c: Context<AppEnv>) {
  const scene = sceneOf(c);
  c.var.services.dashboard.scheduleDelete(scene.id, scene.name);
  const next = `/scenes?deleted=${scene.id}`;
  if (isHtmx(c)) {
    c.header("HX-Redirect", next);
    return c.body(null, 204);
  }
  return c.redirect(next, 303);
}

export async function sceneDiff(c: Context<AppEnv>) {
  const id = sceneOf(c).id;
  const from = revisionNumber(c.req.query("from"));
  const to = revisionNumber(c.req.query("to"));
  if (from === undefined || to === undefined) {
    return sendHtml(c, `<p class="notice notice-error">Pick two revisions to compare.</p>`, 400);
  }
  const diff = await c.var.services.dashboard.revisionDiff(id, from, to);
  return sendHtml(c, RevisionDiff({ from, to, diff: diff.diff }));
}
