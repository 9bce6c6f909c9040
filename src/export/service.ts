// createExportService(db, config): queue scene and project exports, list/get/cancel/delete them, find their files.

import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Database } from "../db/open.ts";
import { isInt4, isIsoTimestamp, isUuid } from "../db/ids.ts";
import { AppError, notFound } from "../services/errors.ts";
import { exportAvailability, unavailableMessage, type ExportAvailability } from "./availability.ts";
import type { ExportConfig } from "./config.ts";
import { exportFrames, sceneHashes } from "./job.ts";
import * as q from "../db/queries.ts";
import { chunkRanges, chunkSizeFor } from "./render.ts";

export interface ExportRequest {
  format?: unknown;
  frame?: unknown;
  scale?: unknown;
  quality?: unknown;
  fps?: unknown;
}

const FORMATS = ["mp4", "webm", "png"] as const;
const STATUSES = ["queued", "rendering", "encoding", "done", "failed", "cancelled"] as const;
export const CONTENT_TYPES = { mp4: "video/mp4", webm: "video/webm", png: "image/png" } as const;

const invalid = (message: string, details?: unknown) => new AppError(400, "invalid_export", message, details);

/** Validates the request body into stored options (frame checked against the duration later). */
export function parseExportRequest(body: ExportRequest, kind: q.ExportKind): { format: q.ExportFormatName; options: q.ExportOptions } {
  if (!FORMATS.includes(body.format as q.ExportFormatName)) throw invalid(`format must be one of ${FORMATS.join(", ")}`);
  const format = body.format as q.ExportFormatName;
  const options: q.ExportOptions = { scale: 1, quality: 80 };
  if (body.scale !== undefined) {
    if (typeof body.scale !== "number" || !(body.scale >= 0.1 && body.scale <= 4)) throw invalid("scale must be a number from 0.1 to 4");
    options.scale = body.scale;
  }
  if (body.quality !== undefined) {
    if (!Number.isInteger(body.quality) || (body.quality as number) < 1 || (body.quality as number) > 100) throw invalid("quality must be an integer from 1 to 100");
    options.quality = body.quality as number;
  }
  if (body.frame !== undefined) {
    if (format !== "png") throw invalid("frame only applies to png exports");
    if (!isInt4(body.frame) || (body.frame as number) < 0) throw invalid("frame must be a non-negative integer");
    options.frame = body.frame as number;
  } else if (format === "png") {
    options.frame = 0;
  }
  if (body.fps !== undefined) {
    if (kind !== "project") throw invalid("fps only applies to project exports (a scene renders at its own fps)");
    if (!Number.isInteger(body.fps) || (body.fps as number) < 1 || (body.fps as number) > 120) throw invalid("fps must be an integer from 1 to 120");
    options.fps = body.fps as number;
  }
  return { format, options };
}

export interface ExportListQuery {
  sceneId?: string;
  projectId?: string;
  status?: string;
  limit?: number;
  cursor?: string;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = cursor.split("|");
  if (!at || !id || !isIsoTimestamp(at) || !isUuid(id)) throw new AppError(400, "invalid_cursor", "cursor is not one this API returned");
  return { createdAt: new Date(at), id };
}

export interface ExportServiceHooks {
  /** Called after an export is queued (wakes this process's workers instead of waiting for their next poll). */
  onQueued?: () => void;
  /**
   * CLAPPER_ROLE of this instance. A `web` instance only queues (worker instances render), so it neither
   * needs Chromium and ffmpeg nor reports them missing.
   */
  role?: "all" | "web" | "worker";
}

/** How long one probe for Chromium and ffmpeg is trusted (installing them takes effect within this). */
const AVAILABILITY_TTL_MS = 60_000;

export function createExportService(db: Database, config: ExportConfig, hooks: ExportServiceHooks = {}) {
  const exportDir = resolve(config.exportDir);
  // Probing ffmpeg's encoders spawns a process: pages and requests share one (in-flight or settled) answer per minute.
  let probed: { at: number; value: Promise<ExportAvailability> } | null = null;
  const probe = (): Promise<ExportAvailability> => {
    if (!probed || Date.now() - probed.at > AVAILABILITY_TTL_MS) probed = { at: Date.now(), value: exportAvailability(config) };
    return probed.value;
  };
  const rendersHere = hooks.role !== "web";

  async function assertAvailable(): Promise<void> {
    if (!rendersHere) return;
    const availability = await probe();
    const message = unavailableMessage(availability);
    if (message) throw new AppError(503, "export_unavailable", message, availability);
  }

  async function enqueue(kind: q.ExportKind, rows: q.ExportSceneRow[], body: ExportRequest, ids: { sceneId: string | null; projectId: string | null }) {
    const { format, options } = parseExportRequest(body, kind);
    const framesTotal = exportFrames(kind, rows, options.fps);
    if (format === "png" && options.frame! >= framesTotal) {
      throw new AppError(422, "frame_out_of_range", `frame must be below ${framesTotal} (the export's duration in frames)`);
    }
    const ranges = format === "png"
      ? [{ from: options.frame!, to: options.frame! + 1 }]
      : chunkRanges(framesTotal, chunkSizeFor(framesTotal, config));
    const queued = await db.transaction(async (tx) => {
      const row = await q.insertExport(tx, {
        kind, ...ids, format, options, framesTotal: format === "png" ? 1 : framesTotal, sceneHashes: sceneHashes(rows),
      });
      await q.insertExportChunks(tx, row.id, ranges);
      return row;
    });
    hooks.onQueued?.();
    return queued;
  }

  async function get(id: string): Promise<q.ExportRow> {
    const row = isUuid(id) ? await q.getExport(db, id) : null;
    if (!row) throw notFound("Export", id);
    return row;
  }

  return {
    availability: probe,
    /** null when this instance can export (a web instance always: it only queues), else what is missing and how to install it. */
    unavailableMessage: async () => (rendersHere ? unavailableMessage(await probe()) : null),
    /** Scene names by id, for error messages that name the failing scene. */
    async sceneNames(ids: string[]): Promise<Record<string, string>> {
      const valid = [...new Set(ids)].filter(isUuid);
      if (valid.length === 0) return {};
      return Object.fromEntries((await q.selectSceneNames(db, valid)).map((s) => [s.id, s.name]));
    },

    /** Queues an export of one scene's stored artifact (202). */
    async createSceneExport(sceneId: string, body: ExportRequest): Promise<q.ExportRow> {
      await assertAvailable();
      if (!isUuid(sceneId)) throw notFound("Scene", sceneId);
      const scene = await q.selectExportScene(db, sceneId);
      if (!scene) throw notFound("Scene", sceneId);
      return enqueue("scene", [scene], body, { sceneId, projectId: null });
    },

    /** Queues an export of every scene of a project in play order (202). */
    async createProjectExport(projectId: string, body: ExportRequest): Promise<q.ExportRow> {
      await assertAvailable();
      if (!isUuid(projectId)) throw notFound("Project", projectId);
      const scenes = await q.selectProjectScenes(db, projectId);
      if (scenes.length === 0) throw notFound("Project", projectId);
      return enqueue("project", scenes, body, { sceneId: null, projectId });
    },

    async list(query: ExportListQuery): Promise<{ exports: q.ExportRow[]; nextCursor: string | null }> {
      if (query.sceneId !== undefined && !isUuid(query.sceneId)) throw invalid("sceneId must be a uuid");
      if (query.projectId !== undefined && !isUuid(query.projectId)) throw invalid("projectId must be a uuid");
      if (query.status !== undefined && !STATUSES.includes(query.status as q.ExportStatus)) throw invalid(`status must be one of ${STATUSES.join(", ")}`);
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid("limit must be an integer from 1 to 200");
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = await q.listExports(db, { sceneId: query.sceneId, projectId: query.projectId, status: query.status as q.ExportStatus }, limit + 1, cursor);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { exports: page, nextCursor: rows.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
    },

    get,

    /** Cancels a queued or running export; workers notice within a lease renewal and stop Chromium and ffmpeg. */
    async cancel(id: string): Promise<q.ExportRow> {
      const row = await get(id);
      if (["done", "failed", "cancelled"].includes(row.status)) {
        throw new AppError(409, "export_finished", `Export is already ${row.status}`);
      }
      return (await q.cancelExport(db, id)) ?? (await get(id));
    },

    /** Deletes an export and its file (a running one is cancelled by the deletion: its chunks vanish). */
    async delete(id: string): Promise<void> {
      if (!isUuid(id)) throw notFound("Export", id);
      const row = await q.deleteExport(db, id);
      if (!row) throw notFound("Export", id);
      await removeFiles(exportDir, row);
    },

    /** The finished file: path, content type and a download name; 409 until the export is done. */
    async file(id: string): Promise<{ path: string; contentType: string; filename: string; bytes: number }> {
      const row = await get(id);
      if (row.status !== "done" || !row.filePath) throw new AppError(409, "export_not_ready", `Export is ${row.status}, not done`);
      const info = await stat(row.filePath).catch(() => null);
      if (!info) throw new AppError(409, "export_file_missing", "The export's file is gone (deleted by retention?)");
      return { path: row.filePath, contentType: CONTENT_TYPES[row.format], filename: `clapper-${row.kind}-${row.id}.${row.format}`, bytes: info.size };
    },

    /** Deletes finished exports older than EXPORT_RETENTION_DAYS or beyond the total size cap; returns how many. */
    async prune(now = new Date()): Promise<number> {
      const before = new Date(now.getTime() - config.retentionDays * 86_400_000);
      const rows = await q.exportsToPrune(db, before, config.maxTotalBytes);
      for (const row of rows) {
        await q.deleteExport(db, row.id);
        await removeFiles(exportDir, row);
      }
      return rows.length;
    },
  };
}

/** Where an export's files live: the final file and the directory of its chunk files. */
export function exportPaths(exportDir: string, row: Pick<q.ExportRow, "id" | "format">) {
  return { file: resolve(exportDir, `${row.id}.${row.format}`), parts: resolve(exportDir, `${row.id}.parts`) };
}

async function removeFiles(exportDir: string, row: q.ExportRow): Promise<void> {
  const paths = exportPaths(exportDir, row);
  await rm(paths.file, { force: true });
  await rm(paths.parts, { recursive: true, force: true });
  if (row.filePath) await rm(row.filePath, { force: true });
}

export type ExportService = ReturnType<typeof createExportService>;
