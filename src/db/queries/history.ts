// History: revisions (every TSX ever written), compile events and runtime events.
import type { Queryable } from "../open.ts";

// Revisions

export interface RevisionRow {
  sceneId: string;
  revision: number;
  name: string;
  tsx: string;
  createdAt: Date;
}

/** Records the TSX of one write; the (scene, revision) key makes a lost update impossible. */
export async function insertRevision(
  tx: Queryable,
  r: { sceneId: string; revision: number; name: string; tsx: string },
): Promise<void> {
  await tx.query(
    "insert into scene_revisions (scene_id, revision, name, tsx_code) values ($1, $2, $3, $4)",
    [r.sceneId, r.revision, r.name, r.tsx],
  );
}

/** Every revision of a scene, newest first, without TSX (history lists). */
export async function listRevisions(
  db: Queryable,
  sceneId: string,
): Promise<Omit<RevisionRow, "tsx">[]> {
  return db.query(
    `select scene_id as "sceneId", revision, name, created_at as "createdAt"
     from scene_revisions where scene_id = $1 order by revision desc`,
    [sceneId],
  );
}

/** One revision with its TSX, or null; used for history views and diffs. */
export async function getRevision(
  db: Queryable,
  sceneId: string,
  revision: number,
): Promise<RevisionRow | null> {
  const rows = await db.query<RevisionRow>(
    `select scene_id as "sceneId", revision, name, tsx_code as tsx, created_at as "createdAt"
     from scene_revisions where scene_id = $1 and revision = $2`,
    [sceneId, revision],
  );
  return rows[0] ?? null;
}

// Events

export interface CompileEventWrite {
  sceneId: string | null;
  trigger: string;
  ok: boolean;
  durationMs: number;
  inputBytes: number;
  outputBytes: number;
  tool: string;
  toolVersion: string;
  targetVersion: number;
  error: object | null;
  /** compileMeta.verify.ok of the artifact (null: not verified). */
  verifyOk: boolean | null;
}

/** Records one compile attempt (ok or not); the daily metrics are computed from these rows. */
export async function insertCompileEvent(tx: Queryable, e: CompileEventWrite): Promise<void> {
  await tx.query(
    `insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool,
       tool_version, target_version, error, verify_ok)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
    [e.sceneId, e.trigger, e.ok, e.durationMs, e.inputBytes, e.outputBytes, e.tool, e.toolVersion,
      e.targetVersion, e.error, e.verifyOk],
  );
}

export interface RuntimeEventWrite {
  sceneId: string;
  context: "preview" | "export";
  kind: "ok" | "error" | "retry";
  message: string | null;
  retryCount: number;
  compilationVersion: number | null;
}

/**
 * Records one preview/export execution result against the scene's current artifact version, read in
 * the same statement; returns false (nothing stored) when the scene does not exist.
 */
export async function insertRuntimeEvent(
  db: Queryable,
  e: Omit<RuntimeEventWrite, "compilationVersion">,
): Promise<boolean> {
  const rows = await db.query(
    `insert into runtime_events (scene_id, context, kind, message, retry_count, compilation_version)
     select id, $2::text, $3::text, $4::text, $5::int, compilation_version from scenes where id = $1
     returning 1`,
    [e.sceneId, e.context, e.kind, e.message, e.retryCount],
  );
  return rows.length > 0;
}

/** Runtime events of one scene, newest first (scene detail page, retry assertions). */
export async function listRuntimeEvents(
  db: Queryable,
  sceneId: string,
  limit = 50,
): Promise<(RuntimeEventWrite & { id: number; createdAt: Date })[]> {
  return db.query(
    `select id, scene_id as "sceneId", context, kind, message, retry_count as "retryCount",
       compilation_version as "compilationVersion", created_at as "createdAt"
     from runtime_events where scene_id = $1 order by created_at desc, id desc limit $2`,
    [sceneId, limit],
  );
}
