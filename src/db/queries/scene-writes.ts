// The compile-on-write statements: a scene row, its revision and its compile event written by ONE
// statement (data-modifying CTEs), so a create is one round trip and atomic without BEGIN/COMMIT.
import type { Queryable } from "../open.ts";
import type { CompileEventWrite } from "./history.ts";
import { SCENE_COLUMNS, type SceneRow, type SceneWrite } from "./scenes.ts";

/** A scene write whose position may be left to the database (after the project's last scene). */
export type NewSceneWrite = Omit<SceneWrite, "position"> & { position: number | null };

/** The compile event's columns as parameters $first…$first+9 (scene_id comes from the written row). */
const EVENT_VALUES = (e: Omit<CompileEventWrite, "sceneId">) => [
  e.trigger, e.ok, e.durationMs, e.inputBytes, e.outputBytes, e.tool, e.toolVersion, e.targetVersion, e.error,
  e.verifyOk,
];

const eventInsert = (first: number) => `
  insert into compile_events (scene_id, trigger, ok, duration_ms, input_bytes, output_bytes, tool, tool_version,
    target_version, error, verify_ok)
  select id, $${first}, $${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6},
    $${first + 7}, $${first + 8}::jsonb, $${first + 9}::boolean from written`;

/** A scene write's columns as parameters $1…$15, in the order both statements below list them. */
const sceneValues = (w: NewSceneWrite) => [
  w.projectId, w.position, w.name, w.tsx, w.js, w.jsCompiledAt, w.jsRevision, w.compilationVersion,
  w.compileMeta, w.compilationError, w.durationInFrames, w.fps, w.width, w.height, w.revision,
];

const revisionInsert = `
  insert into scene_revisions (scene_id, revision, name, tsx_code) select id, revision, name, tsx from written`;

/**
 * Runs `written` (a CTE writing one scene with parameters $1…$15 and `extra` after the event's) together
 * with the revision and compile-event inserts, as one statement; returns the written scene.
 */
async function writeWithHistory(
  db: Queryable,
  written: string,
  w: NewSceneWrite,
  event: Omit<CompileEventWrite, "sceneId">,
  extra: unknown[] = [],
): Promise<SceneRow> {
  const rows = await db.query<SceneRow>(
    `with written as (${written} returning ${SCENE_COLUMNS}),
     revision as (${revisionInsert}),
     event as (${eventInsert(16)})
     select * from written`,
    [...sceneValues(w), ...EVENT_VALUES(event), ...extra],
  );
  return rows[0]!;
}

/**
 * Inserts a scene (revision 1), its revision row and its compile event in one statement; returns the
 * stored scene. A null position puts it after its project's last scene (0 without a project).
 */
export const insertSceneWithHistory = (db: Queryable, w: NewSceneWrite, event: Omit<CompileEventWrite, "sceneId">) =>
  writeWithHistory(
    db,
    `insert into scenes (project_id, position, name, tsx_code, js_code, js_compiled_at, js_revision,
       compilation_version, compile_meta, compilation_error, duration_in_frames, fps, width, height, revision)
     values ($1::uuid, coalesce($2::int, (select coalesce(max(position) + 1, 0) from scenes where project_id = $1::uuid)),
       $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)`,
    w,
    event,
  );

/**
 * Overwrites a scene (caller holds its row lock) as a new revision and records the revision and the
 * compile event, in one statement; returns the new row.
 */
export const updateSceneWithHistory = (tx: Queryable, id: string, w: SceneWrite, event: Omit<CompileEventWrite, "sceneId">) =>
  writeWithHistory(
    tx,
    `update scenes set project_id = $1, position = $2, name = $3, tsx_code = $4, js_code = $5,
       js_compiled_at = $6, js_revision = $7, compilation_version = $8, compile_meta = $9::jsonb,
       compilation_error = $10::jsonb, duration_in_frames = $11, fps = $12, width = $13, height = $14,
       revision = $15, updated_at = now()
     where id = $26`,
    w,
    event,
    [id],
  );
