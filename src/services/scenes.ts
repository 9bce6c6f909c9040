// Scene service: compile-on-write; every write is one transaction of scene + revision + compile event.
import { compileScene } from "../compiler/index.ts";
import { locate } from "../compiler/location.ts";
import type { CompilationVersion, CompileResult, CompileTrigger } from "../compiler/types.ts";
import type { Database, Queryable } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { sceneStatusOf, type SceneStatus } from "../db/status.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { AppError, notFound } from "./errors.ts";
import type { VerificationService } from "./verification.ts";
import type { CompileObserver } from "../observability/metrics.ts";

/** Largest TSX accepted, in UTF-8 bytes (real scenes are 2–40 KiB). */
export const MAX_TSX_BYTES = 256 * 1024;

export interface SceneFields {
  name: string;
  tsx: string;
  projectId: string | null;
  position: number;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

type VideoFields = Pick<SceneFields, "durationInFrames" | "fps" | "width" | "height">;

export type CreateSceneInput = Pick<SceneFields, "name" | "tsx"> & Partial<SceneFields>;
export type PatchSceneInput = Partial<SceneFields>;

/** The API's scene: the stored row plus the derived list status. */
export type SceneJson = q.SceneRow & { status: SceneStatus };

/** A scene in lists: no code, with its status. */
export type SceneSummaryJson = q.SceneSummaryRow;

export interface SceneListPage {
  scenes: q.SceneSummaryRow[];
  nextCursor: string | null;
}

export interface SceneServiceOptions {
  /** Artifact version for compiles that do not ask for one (COMPILE_TARGET_VERSION). */
  compileTargetVersion: CompilationVersion;
  /**
   * Verifies each successful compile before its write (compileMeta.verify). createServices always passes
   * one; only tests that build this service alone leave it out (their artifacts carry no verification).
   */
  verification?: Pick<VerificationService, "verifyCompile">;
  /** Told about every compile about to be stored (the /metrics compile series). */
  onCompiled?: CompileObserver;
}

/** Times an edit or recompile is retried when the scene changed while it was being verified. */
const SNAPSHOT_ATTEMPTS = 5;

const DEFAULTS = { durationInFrames: 150, fps: 30, width: 1920, height: 1080 } as const;
const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");
// Control characters other than tab/newlines/form feed mean binary data, not source code.
const BINARY_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f]/;

const toJson = (row: q.SceneRow): SceneJson => ({ ...row, status: sceneStatusOf(row) });

/** Rejects TSX no compiler should see: empty, oversized or binary. 422, the body itself was valid. */
export function assertAcceptableTsx(tsx: string): void {
  if (tsx.trim() === "") throw new AppError(422, "empty_tsx", "tsx must not be empty.");
  const bytes = utf8Bytes(tsx);
  if (bytes > MAX_TSX_BYTES) {
    throw new AppError(422, "tsx_too_large", `tsx is ${bytes} bytes; the limit is ${MAX_TSX_BYTES}.`, {
      maxBytes: MAX_TSX_BYTES,
      bytes,
    });
  }
  const binary = BINARY_CHARS.exec(tsx);
  if (binary) throw new AppError(422, "binary_tsx", "tsx contains binary control characters.", locate(tsx, binary.index));
}

/** The compile outcome as scene columns: a failure keeps the previous artifact (if any). */
function artifactColumns(
  result: CompileResult,
  revision: number,
  previous: Pick<q.SceneRow, "js" | "jsCompiledAt" | "jsRevision" | "compilationVersion" | "compileMeta"> | null,
) {
  if (result.ok) {
    return {
      js: result.js,
      jsCompiledAt: new Date(),
      jsRevision: revision,
      compilationVersion: result.meta.targetVersion,
      compileMeta: result.meta,
      compilationError: null,
    };
  }
  const kept = previous?.js != null ? previous : null;
  return {
    js: kept?.js ?? null,
    jsCompiledAt: kept?.jsCompiledAt ?? null,
    jsRevision: kept?.jsRevision ?? null,
    compilationVersion: kept?.compilationVersion ?? result.meta.targetVersion,
    // compileMeta describes the stored JS (its hash is the ETag); without JS, the failed attempt.
    compileMeta: kept?.compileMeta ?? result.meta,
    compilationError: result.error,
  };
}

function compileEvent(sceneId: string | null, result: CompileResult): q.CompileEventWrite {
  const { meta, error } = result;
  return {
    sceneId,
    trigger: meta.trigger ?? "edit",
    ok: result.ok,
    durationMs: meta.timings.ms,
    inputBytes: meta.inputBytes,
    outputBytes: meta.outputBytes,
    tool: meta.tool,
    toolVersion: meta.toolVersion,
    targetVersion: meta.targetVersion,
    error: error && { code: error.code, message: error.message, line: error.line, column: error.column },
    verifyOk: result.ok ? (meta.verify?.ok ?? null) : null,
  };
}

// ---------------------------------------------------------------------------------------------

export function createSceneService(db: Database, options: SceneServiceOptions) {
  const verifyCompile = options.verification?.verifyCompile ?? (async <R,>(result: R) => result);
  /** Compiles, then verifies off the event loop: both happen before (never inside) the write's transaction. */
  const compile = (scene: VideoFields & { tsx: string }, trigger: CompileTrigger, version?: CompilationVersion) =>
    verifyCompile(compileScene(scene.tsx, { version: version ?? options.compileTargetVersion, trigger }), scene);

  /**
   * Runs `prepare` on an unlocked snapshot of the scene (compile + verify), then `write` under the row
   * lock if the scene is still at that snapshot's revision; otherwise prepares again from the new row.
   */
  async function writeFromSnapshot<P>(
    id: string,
    prepare: (snapshot: q.SceneRow) => Promise<P>,
    write: (tx: Queryable, current: q.SceneRow, prepared: P) => Promise<q.SceneRow>,
    check: (current: q.SceneRow) => void = () => {},
  ): Promise<q.SceneRow> {
    for (let attempt = 1; ; attempt++) {
      const snapshot = await q.getScene(db, id);
      if (!snapshot) throw notFound("Scene", id);
      check(snapshot);
      const prepared = await prepare(snapshot);
      const row = await db.transaction(async (tx) => {
        const current = await mustLock(tx, id);
        check(current);
        if (current.revision !== snapshot.revision || current.tsx !== snapshot.tsx) return null;
        return write(tx, current, prepared);
      });
      if (row) return row;
      if (attempt >= SNAPSHOT_ATTEMPTS) {
        throw new AppError(409, "concurrent_edit", "The scene kept changing while it was being compiled; retry.");
      }
    }
  }

  /** The artifact version a scene already has; none for a row that was never compiled. */
  const ownVersion = (scene: q.SceneRow) =>
    scene.compileMeta ? (scene.compilationVersion as CompilationVersion) : undefined;

  /** The compile event to store, after telling the observer about the compile. */
  function observed(sceneId: string | null, result: CompileResult): q.CompileEventWrite {
    options.onCompiled?.(result.meta, result.ok);
    return compileEvent(sceneId, result);
  }

  async function mustLock(tx: Queryable, id: string): Promise<q.SceneRow> {
    const row = await q.lockScene(tx, id);
    if (!row) throw notFound("Scene", id);
    return row;
  }

  return {
    options,

    /**
     * Compiles and stores a new scene (revision 1); a failing compile still stores the TSX.
     * `afterInsert` runs inside the same transaction (e.g. to claim an idempotency key); a throw rolls back.
     */
    async create(
      input: CreateSceneInput,
      hooks: { afterInsert?: (tx: Queryable, scene: q.SceneRow) => Promise<void> } = {},
    ): Promise<SceneJson> {
      assertAcceptableTsx(input.tsx);
      const result = await compile({ ...DEFAULTS, ...input }, "create");
      const write = {
        ...DEFAULTS,
        ...input,
        projectId: input.projectId ?? null,
        position: input.position ?? null,
        revision: 1,
        ...artifactColumns(result, 1, null),
      };
      const { sceneId: _, ...event } = observed(null, result);
      // One statement writes scene, revision and event atomically; only a hook needs a transaction around it.
      const afterInsert = hooks.afterInsert;
      const row = afterInsert
        ? await db.transaction(async (tx) => {
            const scene = await q.insertSceneWithHistory(tx, write, event);
            await afterInsert(tx, scene);
            return scene;
          })
        : await q.insertSceneWithHistory(db, write, event);
      return toJson(row);
    },

    /**
     * Applies an edit as a new revision and recompiles. `expectedRevision` (If-Match) must equal the
     * stored revision or nothing changes (409). A failing compile keeps the last good JS. The edit compiles
     * to the scene's own artifact version unless `version` asks for another: moving a scene between
     * versions is a recompile or backfill decision, never a side effect of fixing its text.
     */
    async patch(id: string, input: PatchSceneInput, expectedRevision?: number, version?: CompilationVersion): Promise<SceneJson> {
      if (input.tsx !== undefined) assertAcceptableTsx(input.tsx);
      const checkRevision = (current: q.SceneRow) => {
        if (expectedRevision !== undefined && expectedRevision !== current.revision) {
          throw new AppError(409, "stale_revision", `Scene is at revision ${current.revision}, not ${expectedRevision}.`, {
            currentRevision: current.revision,
          });
        }
      };
      const row = await writeFromSnapshot(
        id,
        // A never-compiled legacy row has no version of its own yet: it gets COMPILE_TARGET_VERSION.
        (snapshot) => compile({ ...snapshot, ...input }, "edit", version ?? ownVersion(snapshot)),
        async (tx, current, result) => {
          const revision = current.revision + 1;
          const fields = { ...current, ...input };
          const { sceneId: _, ...event } = observed(id, result);
          return q.updateSceneWithHistory(tx, id, { ...fields, revision, ...artifactColumns(result, revision, current) }, event);
        },
        checkRevision,
      );
      return toJson(row);
    },

    /**
     * Recompiles the stored TSX (optionally to another artifact version). The TSX does not change, so
     * neither do revision and updated_at: clients' If-Match stays valid across backfills.
     */
    async recompile(
      id: string,
      { version, trigger = "recompile" }: { version?: CompilationVersion; trigger?: CompileTrigger } = {},
    ): Promise<SceneJson> {
      const row = await writeFromSnapshot(
        id,
        (snapshot) => compile(snapshot, trigger, version),
        async (tx, current, result) => {
          const scene = await q.storeSceneArtifact(tx, id, artifactColumns(result, current.revision, current));
          await q.insertCompileEvent(tx, observed(id, result));
          return scene;
        },
      );
      return toJson(row);
    },

    async remove(id: string): Promise<void> {
      if (!(await q.deleteScene(db, id))) throw notFound("Scene", id);
    },

    /** Number of scenes; main.ts seeds the samples only into an empty database. */
    count: () => q.countScenes(db),

    async get(id: string): Promise<SceneJson> {
      const row = await q.getScene(db, id);
      if (!row) throw notFound("Scene", id);
      return toJson(row);
    },

    /** One page of summaries; nextCursor is null on the last page. */
    async list(filter: Pick<q.SceneListFilter, "projectId" | "status" | "version" | "q">, limit: number, cursor?: string): Promise<SceneListPage> {
      // A project lists in play order, everything else newest first.
      const sort = filter.projectId ? "position_asc" : "updated_desc";
      const after = cursor ? decodeCursor(cursor, sort) : null;
      const rows = await q.listScenes(db, "summary", filter, sort, limit, after);
      const page = rows.slice(0, limit);
      const nextCursor = rows.length > limit ? encodeCursor(sort, page[page.length - 1]!) : null;
      return { scenes: page.map(({ sortKey: _, ...scene }) => scene), nextCursor };
    },

    async revisions(id: string) {
      const list = await q.listRevisions(db, id);
      if (list.length === 0) throw notFound("Scene", id);
      return list;
    },

    async revision(id: string, revision: number) {
      const row = await q.getRevision(db, id, revision);
      if (!row) throw notFound("Revision", `${id}@${revision}`);
      return row;
    },

    /** Stores a preview/export result against the scene's current artifact version. */
    async recordRuntimeEvent(
      id: string,
      event: Pick<q.RuntimeEventWrite, "context" | "kind"> & { message?: string | null; retryCount?: number },
    ): Promise<void> {
      const stored = await q.insertRuntimeEvent(db, {
        sceneId: id,
        context: event.context,
        kind: event.kind,
        message: event.message ?? null,
        retryCount: event.retryCount ?? 0,
      });
      if (!stored) throw notFound("Scene", id);
    },
  };
}

export type SceneService = ReturnType<typeof createSceneService>;
