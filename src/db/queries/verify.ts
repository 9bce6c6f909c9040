// Verification report queries (/verify, bun run verify).
import type { Queryable } from "../open.ts";

// Verification (/verify, bun run verify): the checks an operator would otherwise write by hand.

/** missing: no JS · stale: JS from an older revision · outdated: JS from another compiler build · version: artifact below the target version. */
export type VerifyCheck = "missing" | "stale" | "outdated" | "version";

export interface VerifyTarget {
  compiler: string;
  version: number;
}

const VERIFY_PREDICATES: Record<VerifyCheck, string> = {
  missing: "js_code is null",
  stale: "js_code is not null and js_revision is distinct from revision",
  outdated: "js_code is not null and compile_meta->>'compiler' is distinct from $1",
  version: "js_code is not null and compilation_version < $2::int",
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
  error: string | null;
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
       compile_meta->>'compiler' as compiler, compilation_error->>'message' as error, updated_at as "updatedAt"
     from scenes where ${VERIFY_PREDICATES[check]} and $1::text is not null and $2::int is not null ${keyset}
     order by updated_at, id limit $3`,
    after ? [target.compiler, target.version, limit, after.updatedAt, after.id] : [target.compiler, target.version, limit],
  );
}
// end of the backfill section
