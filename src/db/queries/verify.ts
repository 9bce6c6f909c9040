// Verification report queries (/verify, bun run verify).
import type { Queryable } from "../open.ts";
import { SCENE_STATUS_WHERE } from "../status.ts";

// Verification (/verify, bun run verify): the checks an operator would otherwise write by hand.

/**
 * missing: no JS · stale: JS from an older revision · outdated: JS from another compiler build · version:
 * artifact below the target version · unverified: compiled JS that failed write-time verification.
 */
export type VerifyCheck = "missing" | "stale" | "outdated" | "version" | "unverified";

export interface VerifyTarget {
  compiler: string;
  version: number;
}

const VERIFY_PREDICATES: Record<VerifyCheck, string> = {
  missing: "js_code is null",
  stale: "js_code is not null and js_revision is distinct from revision",
  outdated: "js_code is not null and compile_meta->>'compiler' is distinct from $1",
  version: "js_code is not null and compilation_version < $2::int",
  unverified: SCENE_STATUS_WHERE.unverified,
};

export type VerifyCounts = Record<VerifyCheck | "total", number>;

/** All counts in one scan of scenes. */
export async function verifyCounts(db: Queryable, target: VerifyTarget): Promise<VerifyCounts> {
  const rows = await db.query<VerifyCounts>(
    `select count(*)::int as total,
       ${Object.entries(VERIFY_PREDICATES).map(([k, p]) => `(count(*) filter (where ${p}))::int as "${k}"`).join(",\n       ")}
     from scenes`,
    [target.compiler, target.version],
  );
  return rows[0]!;
}

export interface VerifyRow {
  id: string;
  name: string;
  revision: number;
  jsRevision: number | null;
  compilationVersion: number;
  compiler: string | null;
  /** The compile error, else the verification error (unverified rows). */
  error: string | null;
  /** Where a failed verification threw: the frame (null = while the factory ran) and the TSX line. */
  verifyFrame: number | null;
  verifyLine: number | null;
  updatedAt: Date;
}

/**
 * Up to `limit` scenes failing one check, oldest edit first (the longest-waiting first). Every
 * predicate is written against $1/$2; both are mentioned so Postgres knows their types either way.
 */
export async function listVerifyRows(
  db: Queryable,
  check: VerifyCheck,
  target: VerifyTarget,
  limit: number,
  after: { updatedAt: string; id: string } | null = null,
): Promise<VerifyRow[]> {
  // Keyset on (updated_at, id) so "next page" walks every row once, however many there are.
  const keyset = after ? "and (updated_at, id) > ($4::timestamptz, $5::uuid)" : "";
  return db.query<VerifyRow>(
    `select id, name, revision, js_revision as "jsRevision", compilation_version as "compilationVersion",
       compile_meta->>'compiler' as compiler,
       coalesce(compilation_error->>'message', compile_meta->'verify'->'error'->>'message') as error,
       (compile_meta->'verify'->'error'->>'frame')::int as "verifyFrame",
       (compile_meta->'verify'->'error'->>'line')::int as "verifyLine", updated_at as "updatedAt"
     from scenes where ${VERIFY_PREDICATES[check]} and $1::text is not null and $2::int is not null ${keyset}
     order by updated_at, id limit $3`,
    after ? [target.compiler, target.version, limit, after.updatedAt, after.id] : [target.compiler, target.version, limit],
  );
}

// Re-verification (`bun run backfill -- --reverify`): stored JS verified again, nothing recompiled.

/** A stored artifact to verify again, with the video config verification renders against. */
export interface ReverifyCandidate {
  id: string;
  js: string;
  version: number;
  hash: string | null;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

/** Number of scenes with stored JS: the denominator of a re-verification's progress. */
export async function countReverifyCandidates(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(`select count(*)::int as n from scenes where js_code is not null`);
  return rows[0]!.n;
}

/** The next `limit` scenes with JS after `afterId`, in id order (keyset, no OFFSET). */
export async function selectReverifyBatch(db: Queryable, afterId: string | null, limit: number): Promise<ReverifyCandidate[]> {
  return db.query<ReverifyCandidate>(
    `select id, js_code as js, compilation_version as version, compile_meta->>'hash' as hash,
       duration_in_frames as "durationInFrames", fps, width, height
     from scenes where js_code is not null and ($1::uuid is null or id > $1::uuid)
     order by id limit $2`,
    [afterId, limit],
  );
}

/**
 * Stores compileMeta.verify for a batch in one statement and returns how many rows it wrote. A row is
 * written only while it still holds the artifact that was verified (same hash and video config): an
 * edit or recompile meanwhile stored its own verification.
 */
export async function storeReverifyBatch(
  db: Queryable,
  results: { id: string; hash: string | null; durationInFrames: number; fps: number; width: number; height: number; verify: unknown }[],
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb)
         as i(id uuid, hash text, "durationInFrames" int, fps int, width int, height int, verify jsonb)
     ),
     written as (
       update scenes s set compile_meta = jsonb_set(coalesce(s.compile_meta, '{}'::jsonb), '{verify}', i.verify)
       from input i
       where s.id = i.id and s.js_code is not null and s.compile_meta->>'hash' is not distinct from i.hash
         and s.duration_in_frames = i."durationInFrames" and s.fps = i.fps and s.width = i.width and s.height = i.height
       returning s.id
     )
     select count(*)::int as n from written`,
    [JSON.stringify(results)],
  );
  return rows[0]!.n;
}
