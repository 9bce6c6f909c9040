// Scenes: row shapes, health, single-row reads and writes (the compile-on-write transaction's statements).
import type { CompileErrorInfo, CompileMeta } from "../../compiler/types.ts";
import type { Queryable } from "../open.ts";
import type { SceneStatus } from "../status.ts";

// Row shapes (snake_case columns mapped to camelCase in SQL so callers get ready objects).

export interface SceneRow {
  id: string;
  projectId: string | null;
  position: number;
  name: string;
  tsx: string;
  js: string | null;
  jsCompiledAt: Date | null;
  jsRevision: number | null;
  compilationVersion: number;
  /** Describes js_code (its hash is the ETag); for a never-compiled-ok scene, the last attempt. */
  compileMeta: CompileMeta | null;
  /** Error of the latest compile attempt; null when it succeeded. */
  compilationError: CompileErrorInfo | null;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A scene in lists: everything but the code, plus the derived status. */
export type SceneSummaryRow = Omit<SceneRow, "tsx" | "js"> & { status: SceneStatus };


export const SCENE_SUMMARY_COLUMNS = `
  id, project_id as "projectId", position, name,
  js_compiled_at as "jsCompiledAt", js_revision as "jsRevision",
  compilation_version as "compilationVersion", compile_meta as "compileMeta",
  compilation_error as "compilationError", duration_in_frames as "durationInFrames",
  fps, width, height, revision, created_at as "createdAt", updated_at as "updatedAt"`;

export const SCENE_COLUMNS = `${SCENE_SUMMARY_COLUMNS}, tsx_code as tsx, js_code as js`;

// Health

/** Returns true when the database answers; /healthz uses it. */
export async function ping(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ ok: number }>("select 1 as ok");
  return rows[0]?.ok === 1;
}

// Scenes: single rows

/** The full scene (with TSX and JS) or null; used by GET /api/scenes/:id and the JS endpoint. */
export async function getScene(db: Queryable, id: string): Promise<SceneRow | null> {
  const rows = await db.query<SceneRow>(`select ${SCENE_COLUMNS} from scenes where id = $1`, [id]);
  return rows[0] ?? null;
}

/** The full scene row locked FOR UPDATE, so a write's revision check and update are atomic. */
export async function lockScene(tx: Queryable, id: string): Promise<SceneRow | null> {
  const rows = await tx.query<SceneRow>(`select ${SCENE_COLUMNS} from scenes where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

/** Every column a write sets; id and timestamps come from the database. */
export type SceneWrite = Omit<SceneRow, "id" | "createdAt" | "updatedAt">;

const SCENE_WRITE_VALUES = (w: SceneWrite) => [
  w.projectId, w.position, w.name, w.tsx, w.js, w.jsCompiledAt, w.jsRevision, w.compilationVersion,
  w.compileMeta, w.compilationError, w.durationInFrames, w.fps, w.width, w.height, w.revision,
];

/** Inserts a new scene and returns the stored row (id and timestamps from the database). */
export async function insertScene(tx: Queryable, w: SceneWrite): Promise<SceneRow> {
  const rows = await tx.query<SceneRow>(
    `insert into scenes (project_id, position, name, tsx_code, js_code, js_compiled_at, js_revision,
       compilation_version, compile_meta, compilation_error, duration_in_frames, fps, width, height, revision)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)
     returning ${SCENE_COLUMNS}`,
    SCENE_WRITE_VALUES(w),
  );
  return rows[0]!;
}

export type SceneArtifactWrite = Pick<
  SceneWrite,
  "js" | "jsCompiledAt" | "jsRevision" | "compilationVersion" | "compileMeta" | "compilationError"
>;

/** Stores a recompile's outcome only; TSX, revision and updated_at stay (recompile/backfill). */
export async function storeSceneArtifact(tx: Queryable, id: string, a: SceneArtifactWrite): Promise<SceneRow> {
  const rows = await tx.query<SceneRow>(
    `update scenes set js_code = $1, js_compiled_at = $2, js_revision = $3, compilation_version = $4,
       compile_meta = $5::jsonb, compilation_error = $6::jsonb
     where id = $7
     returning ${SCENE_COLUMNS}`,
    [a.js, a.jsCompiledAt, a.jsRevision, a.compilationVersion, a.compileMeta, a.compilationError, id],
  );
  return rows[0]!;
}

/** Deletes a scene; returns false when it did not exist. Revisions and events are kept on purpose. */
export async function deleteScene(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>("delete from scenes where id = $1 returning id", [id]);
  return rows.length > 0;
}

/** Number of scenes; main.ts seeds the samples only into an empty database. */
export async function countScenes(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>("select count(*) as n from scenes");
  return rows[0]!.n;
}
