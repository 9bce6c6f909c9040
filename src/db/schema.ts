// Drizzle schema: the tables (scenes, revisions, events, backfill runs) and the indexes the list filters and daily metrics use.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Millisecond precision so a JS Date round-trips exactly (keyset cursors compare these values).
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * ASCII punctuation, a separator in scene search on both sides: the stored document replaces it with
 * spaces and the query splits on it (src/db/queries/scene-lists.ts), so both feed the same words to the parser.
 */
export const SEARCH_SEPARATORS = "\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e";

export const scenes = pgTable(
  "scenes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id"),
    position: integer("position").notNull().default(0),
    name: text("name").notNull(),
    tsxCode: text("tsx_code").notNull(),
    jsCode: text("js_code"),
    jsCompiledAt: ts("js_compiled_at"),
    compilationVersion: integer("compilation_version").notNull().default(1),
    compileMeta: jsonb("compile_meta"),
    compilationError: jsonb("compilation_error"),
    jsRevision: integer("js_revision"),
    durationInFrames: integer("duration_in_frames").notNull().default(150),
    fps: integer("fps").notNull().default(30),
    width: integer("width").notNull().default(1920),
    height: integer("height").notNull().default(1080),
    revision: integer("revision").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    // Search document: the words of the name and of the error message ('simple': no stemming, lower case).
    // Stored, so a filter along a list index reads it instead of re-parsing every row.
    // Natural sort key: lower-cased name with every digit run left-padded to 20 digits, so "scene 2"
    // sorts before "scene 10" on both drivers (PGlite has no ICU collation with numeric ordering).
    // Cut at 512 characters so the (name_key, id) index entry stays far below the B-tree row limit.
    nameKey: text("name_key").generatedAlwaysAs(
      sql.raw(`left(regexp_replace(regexp_replace(lower(name), '(\\d+)', '${"0".repeat(20)}\\1', 'g'),
        '0*(\\d{20})', '\\1', 'g'), 512)`),
    ),
    searchWords: tsvector("search_words").generatedAlwaysAs(
      sql.raw(`to_tsvector('simple', regexp_replace(name || ' ' || coalesce(compilation_error->>'message', ''),
        '[${SEARCH_SEPARATORS}]+', ' ', 'g'))`),
    ),
  },
  (t) => [
    // Project view: scenes of one project in play order.
    index("scenes_project_position_idx").on(t.projectId, t.position, t.id),
    // Default list order and keyset pagination (newest first = a backward scan).
    index("scenes_updated_id_idx").on(t.updatedAt, t.id),
    // status=failed / status=pending are minorities: partial indexes in list order keep them cheap.
    // Their predicates MUST match the failed / pending rules of src/db/status.ts (test/status.test.ts).
    index("scenes_failed_updated_idx")
      .on(t.updatedAt, t.id)
      .where(sql`${t.compilationError} is not null`),
    index("scenes_pending_updated_idx")
      .on(t.updatedAt, t.id)
      .where(sql`${t.jsCode} is null and ${t.compilationError} is null`),
    // ?version= filter and backfill scans by artifact version.
    index("scenes_version_updated_idx").on(t.compilationVersion, t.updatedAt, t.id),
    // Sort by name in natural order (keyset on (name_key, id)).
    index("scenes_name_key_id_idx").on(t.nameKey, t.id),
    // Search as you type: word prefixes of name and error message (pg_trgm is absent on PGlite).
    index("scenes_search_words_idx").using("gin", t.searchWords),
  ],
);

export const sceneRevisions = pgTable(
  "scene_revisions",
  {
    // No foreign key on purpose: deleting a scene must not delete what a user wrote.
    sceneId: uuid("scene_id").notNull(),
    revision: integer("revision").notNull(),
    name: text("name").notNull(),
    tsxCode: text("tsx_code").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sceneId, t.revision] })],
);

/** Both event tables are read by time range (metrics, charts) and per scene newest first (history). */
function eventIndexes(table: string, t: { createdAt: AnyPgColumn; sceneId: AnyPgColumn }) {
  return [
    index(`${table}_created_idx`).on(t.createdAt),
    index(`${table}_scene_created_idx`).on(t.sceneId, t.createdAt),
  ];
}

export const compileEvents = pgTable(
  "compile_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // No foreign key: metrics history survives scene deletion.
    sceneId: uuid("scene_id"),
    trigger: text("trigger").notNull(),
    ok: boolean("ok").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    inputBytes: integer("input_bytes").notNull(),
    outputBytes: integer("output_bytes").notNull().default(0),
    tool: text("tool").notNull(),
    toolVersion: text("tool_version").notNull(),
    targetVersion: integer("target_version").notNull(),
    error: jsonb("error"),
    // Outcome of the artifact's write-time verification: null when none ran (compile failed, pool busy,
    // or the event predates verification). The overview's daily "unverified" series counts false.
    verifyOk: boolean("verify_ok"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => eventIndexes("compile_events", t),
);

export const runtimeEvents = pgTable(
  "runtime_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sceneId: uuid("scene_id").notNull(),
    context: text("context").notNull(),
    kind: text("kind").notNull(),
    message: text("message"),
    retryCount: integer("retry_count").notNull().default(0),
    compilationVersion: integer("compilation_version"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => eventIndexes("runtime_events", t),
);

export const backfillRuns = pgTable(
  "backfill_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // queued | running | succeeded | failed | cancelled
    status: text("status").notNull(),
    options: jsonb("options").notNull(),
    total: integer("total"),
    processed: integer("processed").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    // Keyset position of the last processed scene, so a run can resume.
    cursor: jsonb("cursor"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    error: jsonb("error"),
  },
  (t) => [
    // At most one active run: the database, not a race-prone check, makes the second POST a 409.
    uniqueIndex("backfill_runs_one_active_idx")
      .on(sql`(true)`)
      .where(sql`${t.status} in ('queued', 'running')`),
    index("backfill_runs_created_idx").on(t.createdAt),
  ],
);

/**
 * Dashboard sessions, so logout (and expiry) is enforced by the server: the signed cookie only names a
 * row, and a revoked or expired row no longer authenticates, wherever the cookie was copied to.
 */
export const dashboardSessions = pgTable(
  "dashboard_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("dashboard_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Idempotency-Key of POST /api/scenes: a client retrying a create (after a timeout or a 503 whose commit
 * may have happened) gets the scene its first attempt made instead of a duplicate. Keys are written in
 * the create's own transaction, so a key exists exactly when its scene does.
 */
export const idempotencyKeys = pgTable("idempotency_keys", {
  key: text("key").primaryKey(),
  sceneId: uuid("scene_id").notNull(),
  // sha256 of the request body: the same key with a different body is a client bug (409), not a retry.
  requestHash: text("request_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const exports = pgTable(
  "exports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // scene | project
    kind: text("kind").notNull(),
    sceneId: uuid("scene_id"),
    projectId: uuid("project_id"),
    // mp4 | webm | png
    format: text("format").notNull(),
    // { frame?, scale, quality, fps? }
    options: jsonb("options").notNull(),
    // queued | rendering | encoding | done | failed | cancelled
    status: text("status").notNull(),
    framesDone: integer("frames_done").notNull().default(0),
    framesTotal: integer("frames_total").notNull(),
    error: jsonb("error"),
    // [{ sceneId, hash, compilationVersion }] in play order: exactly which artifacts were rendered
    sceneHashes: jsonb("scene_hashes").notNull(),
    filePath: text("file_path"),
    bytes: bigint("bytes", { mode: "number" }),
    attempts: integer("attempts").notNull().default(0),
    workerId: text("worker_id"),
    queuedAt: ts("queued_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("exports_created_idx").on(t.createdAt),
    index("exports_scene_idx").on(t.sceneId, t.createdAt),
    index("exports_project_idx").on(t.projectId, t.createdAt),
    index("exports_active_idx").on(t.queuedAt).where(sql`${t.status} in ('queued', 'rendering', 'encoding')`),
  ],
);

/** Frame ranges of one export; workers claim them with FOR UPDATE SKIP LOCKED and hold them by a lease. */
export const exportChunks = pgTable(
  "export_chunks",
  {
    exportId: uuid("export_id").notNull().references(() => exports.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    frameFrom: integer("frame_from").notNull(),
    frameTo: integer("frame_to").notNull(),
    // queued | rendering | done | failed
    status: text("status").notNull().default("queued"),
    framesDone: integer("frames_done").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    workerId: text("worker_id"),
    leaseExpiresAt: ts("lease_expires_at"),
    error: jsonb("error"),
    filePath: text("file_path"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.exportId, t.index] }),
    index("export_chunks_claim_idx").on(t.status, t.leaseExpiresAt),
  ],
);

/**
 * Optional project names. A project exists through its scenes' project_id; this table only adds what
 * an operator gives it (a name), so a project without a row is shown by its id.
 */
export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey(),
    name: text("name"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // The project search: name prefix, case-insensitive.
    index("projects_lower_name_idx").on(sql`lower(${t.name})`, t.id),
  ],
);
