// What an export row says to a reader: progress, render speed, ETA, elapsed time. Shared by the API and the pages.
import type { ExportRow } from "../db/queries.ts";

export const FINISHED_STATUSES = ["done", "failed", "cancelled"] as const;

export const isFinished = (row: Pick<ExportRow, "status">) => (FINISHED_STATUSES as readonly string[]).includes(row.status);

export interface ExportProgress {
  framesDone: number;
  framesTotal: number;
  /** Frames rendered per second of wall time since the first chunk started; null before it started. */
  fps: number | null;
  /** Seconds left at the current speed; null when unknown or finished. */
  etaSeconds: number | null;
  /** Seconds from start to finish (or to now while running). */
  elapsedSeconds: number | null;
}

export function exportProgress(row: ExportRow, now = new Date()): ExportProgress {
  const framesDone = row.status === "done" ? row.framesTotal : row.framesDone;
  const end = row.finishedAt ?? now;
  const elapsedSeconds = row.startedAt ? Math.max(0, (end.getTime() - row.startedAt.getTime()) / 1000) : null;
  const fps = elapsedSeconds && framesDone > 0 ? framesDone / elapsedSeconds : null;
  const etaSeconds = !isFinished(row) && fps ? (row.framesTotal - framesDone) / fps : null;
  return { framesDone, framesTotal: row.framesTotal, fps, etaSeconds, elapsedSeconds };
}

/** The API's view of an export: no server paths; progress and the download URL once done. */
export function exportJson(row: ExportRow, now = new Date()) {
  const { filePath: _path, sceneHashes, ...rest } = row;
  return {
    ...rest,
    scenes: sceneHashes,
    progress: exportProgress(row, now),
    downloadUrl: row.status === "done" ? `/api/exports/${row.id}/file` : null,
  };
}
