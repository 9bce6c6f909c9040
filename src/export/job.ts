// From stored scene rows to what the render page runs: the exact artifacts snapshotted when the export was queued.

import type { RenderJob } from "../client/render.tsx";
import { projectTimeline } from "../runtime/timeline.ts";
import { mergeAssets } from "../client/scene-api.ts";
import { resolveSceneAssets } from "../server/extras/resolve.ts";
import type { ExportRow, ExportSceneRow, SceneHash } from "../db/queries.ts";

/** A failure the same chunk would hit again: it fails the export instead of being retried. */
export class PermanentExportError extends Error {
  constructor(message: string, readonly sceneId: string | null = null) {
    super(message);
    this.name = "PermanentExportError";
  }
}

export function sceneHashes(rows: ExportSceneRow[]): SceneHash[] {
  return rows.map((r) => ({ sceneId: r.id, hash: r.hash, compilationVersion: r.compilationVersion }));
}

/** Frames of the whole export on the shared timeline (a scene export is its own duration). */
export function exportFrames(kind: ExportRow["kind"], rows: ExportSceneRow[], fps?: number): number {
  if (kind === "scene") return rows[0].durationInFrames;
  return projectTimeline(rows, { fps }).durationInFrames;
}

/**
 * The render job for an export, from the scenes as they are now; a scene deleted or recompiled since the export
 * was queued fails it (the video must be of the artifacts that were asked for, not a mix).
 */
export function buildRenderJob(exp: ExportRow, current: ExportSceneRow[], settleTimeoutMs: number): RenderJob {
  const byId = new Map(current.map((row) => [row.id, row]));
  const scenes = exp.sceneHashes.map((snap) => {
    const row = byId.get(snap.sceneId);
    if (!row) throw new PermanentExportError(`Scene ${snap.sceneId} was deleted after the export was queued`, snap.sceneId);
    if (row.hash !== snap.hash || row.compilationVersion !== snap.compilationVersion) {
      throw new PermanentExportError(`Scene "${row.name}" was recompiled after the export was queued; export it again`, row.id);
    }
    return {
      id: row.id,
      name: row.name,
      js: row.js,
      // Legacy rows without stored JS are compiled in the render page, exactly as the preview does.
      tsx: row.js === null ? row.tsx : null,
      compilationVersion: row.compilationVersion,
      durationInFrames: row.durationInFrames,
      fps: row.fps,
      width: row.width,
      height: row.height,
    };
  });
  return { mode: exp.kind, scenes, fps: exp.kind === "project" ? exp.options.fps : undefined, settleTimeoutMs };
}

/** The icon bodies and font files every scene of the job lists, resolved here: the render page has no network. */
export async function resolveJobAssets(rows: ExportSceneRow[]) {
  return resolveSceneAssets(mergeAssets(rows.map((row) => row.assets ?? undefined)));
}
