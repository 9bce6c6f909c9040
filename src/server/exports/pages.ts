// Dashboard handlers for exports: the /exports list, the Export form's action, the self-polling row, cancel, delete.
import type { Context } from "hono";
import { ExportsPage } from "../../../views/exports/page.tsx";
import { escapeHtml } from "../../../views/escape.ts";
import { ExportRowView, ExportSingle } from "../../../views/exports/progress.tsx";
import type { ExportRow } from "../../db/queries.ts";
import { AppError } from "../../services/errors.ts";
import type { AppEnv } from "../context.ts";
import { exportOf } from "../entities.ts";
import { formFields, isHtmx, nonceOf, sendHtml } from "../html.ts";

/** Scene ids an export's error mentions (its own and each failing scene's). */
function failingSceneIds(rows: ExportRow[]): string[] {
  return rows.flatMap((row) => [
    ...(row.error?.sceneId ? [row.error.sceneId] : []),
    ...(((row.error?.scenes as { sceneId: string }[] | undefined) ?? []).map((s) => s.sceneId)),
  ]);
}

const namesFor = (c: Context<AppEnv>, rows: ExportRow[]) => c.var.services.exports.sceneNames(failingSceneIds(rows));

export async function exportsPage(c: Context<AppEnv>) {
  const exportsService = c.var.services.exports;
  const page = await exportsService.list({ cursor: c.req.query("cursor") || undefined, limit: 50 });
  return sendHtml(c, ExportsPage({
    nonce: nonceOf(c), exports: page.exports, nextCursor: page.nextCursor,
    names: await namesFor(c, page.exports), unavailable: await exportsService.unavailableMessage(),
  }));
}

export async function exportProgressFragment(c: Context<AppEnv>) {
  const row = exportOf(c);
  return sendHtml(c, ExportRowView({ row, names: await namesFor(c, [row]) }));
}

/** Form fields → the API's request body (empty inputs are left out). */
function formToRequest(fields: Record<string, string>) {
  const number = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : Number(value));
  return {
    format: fields.format,
    frame: fields.format === "png" ? number(fields.frame) : undefined,
    fps: number(fields.fps),
  };
}

/** The Export form: htmx gets the new export's live row (or the reason it was refused); a plain post goes to /exports. */
export async function createExportForm(c: Context<AppEnv>) {
  const fields = await formFields(c);
  const body = formToRequest(fields);
  const exportsService = c.var.services.exports;
  try {
    const row = fields.projectId
      ? await exportsService.createProjectExport(fields.projectId, body)
      : await exportsService.createSceneExport(fields.sceneId ?? "", body);
    if (!isHtmx(c)) return c.redirect("/exports", 303);
    return sendHtml(c, ExportSingle({ row }), 202);
  } catch (error) {
    if (!(error instanceof AppError) || !isHtmx(c) || error.status >= 500 && error.status !== 503) throw error;
    // 422 so the dashboard's htmx config swaps the explanation in place of the result.
    return sendHtml(c, `<p class="error-text" role="alert" data-export-refused="${error.code}">${escapeHtml(error.message)}</p>`, 422);
  }
}

export async function cancelExportForm(c: Context<AppEnv>) {
  const id = exportOf(c).id;
  let row: ExportRow;
  try {
    row = await c.var.services.exports.cancel(id);
  } catch (error) {
    // Finished in the meantime: show it as it is now.
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    row = await c.var.services.exports.get(id);
  }
  if (!isHtmx(c)) return c.redirect("/exports", 303);
  return sendHtml(c, ExportRowView({ row, names: await namesFor(c, [row]) }));
}

export async function deleteExportForm(c: Context<AppEnv>) {
  await c.var.services.exports.delete(exportOf(c).id);
  if (!isHtmx(c)) return c.redirect("/exports", 303);
  // The row swaps itself for nothing.
  return sendHtml(c, "");
}
