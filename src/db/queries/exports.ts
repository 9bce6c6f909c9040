// Every SQL statement of the export queue: exports, their frame chunks (claimed FOR UPDATE SKIP LOCKED under a
// lease), and the scene rows a render needs. Runs unchanged on PGlite and postgres.js through Queryable.

import type { SceneAssets } from "../../compiler/types.ts";
import type { Queryable } from "../open.ts";

export type ExportStatus = "queued" | "rendering" | "encoding" | "done" | "failed" | "cancelled";
export type ExportKind = "scene" | "project";
export type ExportFormatName = "mp4" | "webm" | "png";

export interface ExportOptions {
  frame?: number;
  scale: number;
  quality: number;
  fps?: number;
}

/** Which artifact of which scene an export renders, in play order. */
export interface SceneHash {
  sceneId: string;
  hash: string | null;
  compilationVersion: number;
}

export interface ExportRow {
  id: string;
  kind: ExportKind;
  sceneId: string | null;
  projectId: string | null;
  format: ExportFormatName;
  options: ExportOptions;
  status: ExportStatus;
  framesDone: number;
  framesTotal: number;
  error: { message: string; sceneId?: string | null; [key: string]: unknown } | null;
  sceneHashes: SceneHash[];
  filePath: string | null;
  bytes: number | null;
  attempts: number;
  workerId: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export interface ChunkRow {
  exportId: string;
  index: number;
  frameFrom: number;
  frameTo: number;
  status: "queued" | "rendering" | "done" | "failed";
  attempts: number;
  filePath: string | null;
}

/** A scene as the render page needs it, plus its artifact hash. */
export interface ExportSceneRow {
  id: string;
  name: string;
  js: string | null;
  tsx: string;
  compilationVersion: number;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  hash: string | null;
  /** compileMeta.assets: the icons and fonts the exporter resolves and hands to the render page. */
  assets: SceneAssets | null;
}

const EXPORT_COLUMNS = `id, kind, scene_id as "sceneId", project_id as "projectId", format, options, status,
  frames_done as "framesDone", frames_total as "framesTotal", error, scene_hashes as "sceneHashes",
  file_path as "filePath", bytes, attempts, worker_id as "workerId", queued_at as "queuedAt",
  started_at as "startedAt", finished_at as "finishedAt", created_at as "createdAt"`;

const CHUNK_COLUMNS = `export_id as "exportId", index, frame_from as "frameFrom", frame_to as "frameTo", status, attempts,
  file_path as "filePath"`;

const SCENE_COLUMNS = `id, name, js_code as js, tsx_code as tsx, compilation_version as "compilationVersion",
  duration_in_frames as "durationInFrames", fps, width, height, compile_meta->>'hash' as hash,
  compile_meta->'assets' as assets`;

/** One scene with its artifact, or null: the source of a scene export. */
export async function selectExportScene(db: Queryable, sceneId: string): Promise<ExportSceneRow | null> {
  const rows = await db.query<ExportSceneRow>(`select ${SCENE_COLUMNS} from scenes where id = $1`, [sceneId]);
  return rows[0] ?? null;
}

/** A project's scenes in play order (position, then age): the source of a project export. */
export async function selectProjectScenes(db: Queryable, projectId: string): Promise<ExportSceneRow[]> {
  return db.query<ExportSceneRow>(
    `select ${SCENE_COLUMNS} from scenes where project_id = $1 order by position, created_at, id`,
    [projectId],
  );
}

/** The scenes an export snapshotted, by id (missing ids are simply absent): what a chunk renders. */
export async function selectScenesByIds(db: Queryable, ids: string[]): Promise<ExportSceneRow[]> {
  return db.query<ExportSceneRow>(`select ${SCENE_COLUMNS} from scenes where id = any($1::uuid[])`, [ids]);
}

/** id and name of the given scenes: the dashboard names the scene an export failed on. */
export async function selectSceneNames(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  return db.query(`select id, name from scenes where id = any($1::uuid[])`, [ids]);
}

export interface ExportInsert {
  kind: ExportKind;
  sceneId: string | null;
  projectId: string | null;
  format: ExportFormatName;
  options: ExportOptions;
  framesTotal: number;
  sceneHashes: SceneHash[];
}

/** Inserts a queued export and returns it. */
export async function insertExport(tx: Queryable, e: ExportInsert): Promise<ExportRow> {
  const rows = await tx.query<ExportRow>(
    `insert into exports (kind, scene_id, project_id, format, options, status, frames_total, scene_hashes)
     values ($1, $2, $3, $4, $5::jsonb, 'queued', $6, $7::jsonb) returning ${EXPORT_COLUMNS}`,
    [e.kind, e.sceneId, e.projectId, e.format, e.options, e.framesTotal, JSON.stringify(e.sceneHashes)],
  );
  return rows[0];
}

/** Inserts the frame chunks of a new export, all queued. */
export async function insertExportChunks(tx: Queryable, exportId: string, ranges: { from: number; to: number }[]): Promise<void> {
  await tx.query(
    `insert into export_chunks (export_id, index, frame_from, frame_to)
     select $1, r.i - 1, r.f, r.t from unnest($2::int[], $3::int[]) with ordinality as r(f, t, i)`,
    [exportId, ranges.map((r) => r.from), ranges.map((r) => r.to)],
  );
}

/** One export, or null. */
export async function getExport(db: Queryable, id: string): Promise<ExportRow | null> {
  const rows = await db.query<ExportRow>(`select ${EXPORT_COLUMNS} from exports where id = $1`, [id]);
  return rows[0] ?? null;
}

export interface ExportFilter {
  sceneId?: string;
  projectId?: string;
  status?: ExportStatus;
}

/** Exports newest first, keyset-paged on (created_at, id) so pages stay stable while new exports arrive. */
export async function listExports(
  db: Queryable,
  filter: ExportFilter,
  limit: number,
  cursor: { createdAt: Date; id: string } | null,
): Promise<ExportRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (filter.sceneId) where.push(`scene_id = ${param(filter.sceneId)}::uuid`);
  if (filter.projectId) where.push(`project_id = ${param(filter.projectId)}::uuid`);
  if (filter.status) where.push(`status = ${param(filter.status)}`);
  if (cursor) where.push(`(created_at, id) < (${param(cursor.createdAt)}::timestamptz, ${param(cursor.id)}::uuid)`);
  return db.query<ExportRow>(
    `select ${EXPORT_COLUMNS} from exports ${where.length ? `where ${where.join(" and ")}` : ""}
     order by created_at desc, id desc limit ${param(limit)}`,
    params,
  );
}

/** The chunks of one export in frame order (joining, tests). */
export async function listExportChunks(db: Queryable, exportId: string): Promise<(ChunkRow & { error: unknown; workerId: string | null })[]> {
  return db.query(`select ${CHUNK_COLUMNS}, error, worker_id as "workerId" from export_chunks where export_id = $1 order by index`, [exportId]);
}

export interface ClaimedChunk {
  chunk: ChunkRow;
  export: ExportRow;
}

/**
 * Claims the oldest export's next renderable chunk for `workerId`: a queued one, or one whose lease expired (its
 * worker died; the expiry is recorded as the chunk's error). SKIP LOCKED lets concurrent workers pass each other.
 */
export async function claimChunk(db: Queryable, workerId: string, leaseMs: number, maxAttempts: number): Promise<ClaimedChunk | null> {
  const rows = await db.query<{ exportId: string; index: number }>(
    `with picked as (
       select c.export_id, c.index from export_chunks c join exports e on e.id = c.export_id
       where e.status in ('queued', 'rendering') and c.attempts < $3
         and (c.status = 'queued' or (c.status = 'rendering' and c.lease_expires_at < now()))
       order by e.queued_at, e.id, c.index
       limit 1
       for update of c skip locked
     ), chunk as (
       update export_chunks c set status = 'rendering', worker_id = $1, attempts = c.attempts + 1, frames_done = 0,
         lease_expires_at = now() + $2::int * interval '1 millisecond', started_at = now(),
         error = case when c.status = 'rendering'
           then jsonb_build_object('message', 'lease expired', 'workerId', c.worker_id, 'attempt', c.attempts)
           else c.error end
       from picked where c.export_id = picked.export_id and c.index = picked.index
       returning c.export_id, c.index
     ), claimed as (
       update exports e set status = 'rendering', started_at = coalesce(e.started_at, now()), worker_id = $1,
         attempts = e.attempts + 1
       from chunk where e.id = chunk.export_id
       returning e.id
     )
     select chunk.export_id as "exportId", chunk.index from chunk join claimed on claimed.id = chunk.export_id`,
    [workerId, leaseMs, maxAttempts],
  );
  if (rows.length === 0) return null;
  const [chunk] = await db.query<ChunkRow>(
    `select ${CHUNK_COLUMNS} from export_chunks where export_id = $1 and index = $2`,
    [rows[0].exportId, rows[0].index],
  );
  const exp = await getExport(db, rows[0].exportId);
  return exp ? { chunk, export: exp } : null;
}

/**
 * Extends the lease and records progress; the export's frames_done is the sum over its chunks. Returns the
 * export's status, or null when this worker no longer holds the chunk (its lease lapsed and another took it).
 */
export async function renewChunk(
  db: Queryable,
  exportId: string,
  index: number,
  workerId: string,
  leaseMs: number,
  framesDone: number,
): Promise<ExportStatus | null> {
  const rows = await db.query<{ status: ExportStatus }>(
    `with renewed as (
       update export_chunks set lease_expires_at = now() + $4::int * interval '1 millisecond', frames_done = $5
       where export_id = $1 and index = $2 and worker_id = $3 and status = 'rendering'
       returning export_id
     )
     update exports e set frames_done = (
         select coalesce(sum(case when c.index = $2 then $5 else c.frames_done end), 0)::int
         from export_chunks c where c.export_id = $1)
     from renewed where e.id = renewed.export_id
     returning e.status`,
    [exportId, index, workerId, leaseMs, framesDone],
  );
  return rows[0]?.status ?? null;
}

/** Marks a held chunk done with its file; false when the chunk was no longer this worker's. */
export async function finishChunk(db: Queryable, exportId: string, index: number, workerId: string, filePath: string): Promise<boolean> {
  const rows = await db.query(
    `update export_chunks set status = 'done', file_path = $4, finished_at = now(), lease_expires_at = null,
       frames_done = frame_to - frame_from
     where export_id = $1 and index = $2 and worker_id = $3 and status = 'rendering' returning 1`,
    [exportId, index, workerId, filePath],
  );
  return rows.length > 0;
}

/**
 * Records a chunk's failure: queued again while attempts remain and the error is retryable, else the chunk and
 * its export fail. Returns the export's status after the update.
 */
export async function failChunk(
  db: Queryable,
  exportId: string,
  index: number,
  workerId: string,
  error: Record<string, unknown>,
  retry: boolean,
  maxAttempts: number,
): Promise<ExportStatus | null> {
  const rows = await db.query<{ status: ExportStatus }>(
    `with failed as (
       update export_chunks set error = $4::jsonb, lease_expires_at = null, worker_id = null,
         status = case when $5::boolean and attempts < $6 then 'queued' else 'failed' end
       where export_id = $1 and index = $2 and worker_id = $3 and status = 'rendering'
       returning export_id, status
     )
     update exports e set
       status = case when failed.status = 'failed' and e.status in ('queued', 'rendering') then 'failed' else e.status end,
       error = case when failed.status = 'failed' and e.status in ('queued', 'rendering') then $4::jsonb else e.error end,
       finished_at = case when failed.status = 'failed' and e.status in ('queued', 'rendering') then now() else e.finished_at end
     from failed where e.id = failed.export_id
     returning e.status`,
    [exportId, index, workerId, error, retry, maxAttempts],
  );
  return rows[0]?.status ?? null;
}

/** Puts a held chunk back in the queue without spending its attempt (a worker stopping); false when not held. */
export async function releaseChunk(db: Queryable, exportId: string, index: number, workerId: string): Promise<boolean> {
  const rows = await db.query(
    `update export_chunks set status = 'queued', attempts = greatest(attempts - 1, 0), worker_id = null,
       lease_expires_at = null, frames_done = 0
     where export_id = $1 and index = $2 and worker_id = $3 and status = 'rendering' returning 1`,
    [exportId, index, workerId],
  );
  return rows.length > 0;
}

/** Fails exports whose chunk lease lapsed on its last allowed attempt (no worker may claim it again). */
export async function failExhaustedExports(db: Queryable, maxAttempts: number): Promise<Pick<ExportRow, "id" | "sceneHashes" | "error">[]> {
  return db.query(
    `update exports e set status = 'failed', finished_at = now(),
       error = jsonb_build_object('message', 'A chunk''s worker stopped responding ' || $1::int || ' times', 'chunk', c.index)
     from export_chunks c
     where c.export_id = e.id and e.status = 'rendering' and c.status = 'rendering'
       and c.lease_expires_at < now() and c.attempts >= $1
     returning e.id, e.scene_hashes as "sceneHashes", e.error`,
    [maxAttempts],
  );
}

/**
 * Moves a rendering export to `encoding` when every chunk is done; exactly one caller wins (the update is
 * conditional), so the join runs once. Returns the chunks in order for the winner, null for everyone else.
 */
export async function claimJoin(db: Queryable, exportId: string, workerId: string): Promise<ChunkRow[] | null> {
  const rows = await db.query(
    `update exports set status = 'encoding', worker_id = $2
     where id = $1 and status = 'rendering'
       and not exists (select 1 from export_chunks where export_id = $1 and status <> 'done')
     returning 1`,
    [exportId, workerId],
  );
  if (rows.length === 0) return null;
  return db.query<ChunkRow>(`select ${CHUNK_COLUMNS} from export_chunks where export_id = $1 order by index`, [exportId]);
}

/** Marks an encoding export done with its file; false when it was cancelled meanwhile. */
export async function finishExport(db: Queryable, id: string, filePath: string, bytes: number): Promise<boolean> {
  const rows = await db.query(
    `update exports set status = 'done', file_path = $2, bytes = $3, finished_at = now(), frames_done = frames_total
     where id = $1 and status = 'encoding' returning 1`,
    [id, filePath, bytes],
  );
  return rows.length > 0;
}

/** Fails an export that is still active (join or setup failure) and returns whether it changed. */
export async function failExport(db: Queryable, id: string, error: Record<string, unknown>): Promise<boolean> {
  const rows = await db.query(
    `update exports set status = 'failed', error = $2::jsonb, finished_at = now()
     where id = $1 and status in ('queued', 'rendering', 'encoding') returning 1`,
    [id, error],
  );
  return rows.length > 0;
}

/** Cancels a queued/running export; returns it, or null when it was already finished (or does not exist). */
export async function cancelExport(db: Queryable, id: string): Promise<ExportRow | null> {
  const rows = await db.query<ExportRow>(
    `update exports set status = 'cancelled', finished_at = now()
     where id = $1 and status in ('queued', 'rendering', 'encoding') returning ${EXPORT_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The status of one export (workers poll it to notice a cancel from another instance). */
export async function exportStatus(db: Queryable, id: string): Promise<ExportStatus | null> {
  const rows = await db.query<{ status: ExportStatus }>(`select status from exports where id = $1`, [id]);
  return rows[0]?.status ?? null;
}

/** Deletes an export (chunks cascade) and returns the row so its file can be removed. */
export async function deleteExport(db: Queryable, id: string): Promise<ExportRow | null> {
  const rows = await db.query<ExportRow>(`delete from exports where id = $1 returning ${EXPORT_COLUMNS}`, [id]);
  return rows[0] ?? null;
}

/** Finished exports past retention, or beyond the total size cap (oldest first): what cleanup deletes. */
export async function exportsToPrune(db: Queryable, finishedBefore: Date, maxTotalBytes: number): Promise<ExportRow[]> {
  return db.query<ExportRow>(
    `with ranked as (
       select id, finished_at, sum(coalesce(bytes, 0)) over (order by finished_at desc, id desc) as running
       from exports where status in ('done', 'failed', 'cancelled')
     )
     select ${EXPORT_COLUMNS} from exports where id in (
       select id from ranked where finished_at < $1::timestamptz or running > $2::bigint)
     order by finished_at`,
    [finishedBefore, maxTotalBytes],
  );
}

/**
 * Appends a scene that rendered as a fallback card to the export's `error.scenes` (once per scene), so a finished
 * export still says which scene failed and why.
 */
export async function addSceneFailure(db: Queryable, exportId: string, failure: { sceneId: string; message: string; line: number | null }): Promise<boolean> {
  const rows = await db.query(
    `update exports set error = jsonb_build_object(
         'message', coalesce(error->>'message', 'A scene failed and renders as a fallback card'),
         'scenes', coalesce(error->'scenes', '[]'::jsonb) || jsonb_build_array($2::jsonb))
     where id = $1 and not coalesce(error->'scenes', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('sceneId', $3::text))
     returning 1`,
    [exportId, failure, failure.sceneId],
  );
  return rows.length > 0;
}
