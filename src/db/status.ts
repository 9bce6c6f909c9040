// The one rule for a scene's status, in SQL and in TypeScript side by side. Every reader (API JSON, both
// scene lists, the overview counts, the scene page) gets `status` from here; test/status.test.ts runs the
// SQL against real rows on both drivers and checks it agrees with the TypeScript for every combination.
//
// Four facts about a row decide it:
//   error        compilation_error is not null      the latest compile attempt failed
//   noJs         js_code is null                    nothing can be served
//   lagging      js_revision < revision             the served JS was built from an older revision
//   verifyFailed compile_meta.verify.ok = false     the artifact compiled but failed verification
//
// Precedence (first match wins; each predicate below is written out disjoint so a WHERE can use it alone):
//   dashboard:  failed (error, no JS) > pending (no JS) > stale (JS of an older revision served: error or
//               lagging) > unverified > compiled
//   API:        failed (error) > pending (no JS) > unverified > compiled
// The API has no `stale`: a scene whose latest edit failed is `failed` there even while older JS is still
// served (clients read `jsRevision` < `revision` for that); the dashboard splits that case out as `stale`
// because an operator cares whether anything plays. Lagging JS without an error only arises from rows
// written outside Clapper; the API counts it by its artifact (compiled / unverified), the dashboard as stale.
//
// The partial indexes scenes_failed_updated_idx (compilation_error is not null) and
// scenes_pending_updated_idx (js_code is null and compilation_error is null) in schema.ts MUST stay equal
// to (or implied by) the failed and pending predicates here, or those filters fall back to a scan.
import type { CompileErrorInfo, CompileMeta } from "../compiler/types.ts";

/** The API's status (JSON `status`, `GET /api/scenes?status=`). */
export type SceneStatus = "compiled" | "failed" | "pending" | "unverified";
/** The dashboard's status: the API's, with `failed` split into failed (nothing served) and stale. */
export type DashboardStatus = "compiled" | "failed" | "stale" | "pending" | "unverified";

/** The columns a status is derived from, as the TypeScript rule reads them (a SceneRow has them all). */
export interface StatusColumns {
  js: string | null;
  compilationError: CompileErrorInfo | null;
  jsRevision: number | null;
  revision: number;
  compileMeta: CompileMeta | null;
}

// Each fact twice: as a never-null SQL boolean and as a TypeScript test of the same columns.
const ERROR = "compilation_error is not null";
const NO_ERROR = "compilation_error is null";
const NO_JS = "js_code is null";
const HAS_JS = "js_code is not null";
const LAGGING = "coalesce(js_revision, revision) < revision";
const CURRENT = "coalesce(js_revision, revision) >= revision";
const VERIFY_FAILED = "coalesce(compile_meta->'verify'->>'ok' = 'false', false)";
const VERIFY_NOT_FAILED = `not ${VERIFY_FAILED}`;

const hasError = (s: StatusColumns) => s.compilationError !== null;
const noJs = (s: StatusColumns) => s.js === null;
const lagging = (s: StatusColumns) => s.jsRevision !== null && s.jsRevision < s.revision;
const verifyFailed = (s: StatusColumns) =>
  String((s.compileMeta as { verify?: { ok?: unknown } } | null)?.verify?.ok) === "false";

interface StatusRule<S extends string> {
  status: S;
  /** WHERE predicate selecting exactly the rows with this status. */
  sql: string;
  /** The same predicate over a loaded row. */
  test: (s: StatusColumns) => boolean;
}

/** The API's rules, in precedence order. */
const API_RULES: StatusRule<SceneStatus>[] = [
  { status: "failed", sql: ERROR, test: hasError },
  { status: "pending", sql: `${NO_JS} and ${NO_ERROR}`, test: (s) => noJs(s) && !hasError(s) },
  {
    status: "unverified",
    sql: `${HAS_JS} and ${NO_ERROR} and ${VERIFY_FAILED}`,
    test: (s) => !noJs(s) && !hasError(s) && verifyFailed(s),
  },
  {
    status: "compiled",
    sql: `${HAS_JS} and ${NO_ERROR} and ${VERIFY_NOT_FAILED}`,
    test: (s) => !noJs(s) && !hasError(s) && !verifyFailed(s),
  },
];

/** The dashboard's rules, in precedence order. */
const DASHBOARD_RULES: StatusRule<DashboardStatus>[] = [
  { status: "failed", sql: `${NO_JS} and ${ERROR}`, test: (s) => noJs(s) && hasError(s) },
  { status: "pending", sql: `${NO_JS} and ${NO_ERROR}`, test: (s) => noJs(s) && !hasError(s) },
  {
    status: "stale",
    sql: `${HAS_JS} and (${ERROR} or ${LAGGING})`,
    test: (s) => !noJs(s) && (hasError(s) || lagging(s)),
  },
  {
    status: "unverified",
    sql: `${HAS_JS} and ${NO_ERROR} and ${CURRENT} and ${VERIFY_FAILED}`,
    test: (s) => !noJs(s) && !hasError(s) && !lagging(s) && verifyFailed(s),
  },
  {
    status: "compiled",
    sql: `${HAS_JS} and ${NO_ERROR} and ${CURRENT} and ${VERIFY_NOT_FAILED}`,
    test: (s) => !noJs(s) && !hasError(s) && !lagging(s) && !verifyFailed(s),
  },
];

const caseSql = <S extends string>(rules: StatusRule<S>[]) =>
  `(case ${rules.map((r) => `when ${r.sql} then '${r.status}'`).join(" ")} end)`;
const predicates = <S extends string>(rules: StatusRule<S>[]) =>
  Object.fromEntries(rules.map((r) => [r.status, `(${r.sql})`])) as Record<S, string>;
const evaluate = <S extends string>(rules: StatusRule<S>[], row: StatusColumns): S => {
  const rule = rules.find((r) => r.test(row));
  if (!rule) throw new Error("status rules do not cover this row");
  return rule.status;
};

/** The API statuses, in precedence order (list filters, validation schemas). */
export const SCENE_STATUSES: SceneStatus[] = API_RULES.map((r) => r.status);
/** The dashboard statuses, in the order its tabs show them. */
export const DASHBOARD_STATUSES: DashboardStatus[] = ["compiled", "failed", "stale", "pending", "unverified"];

/** SQL expression: the API status of the current `scenes` row. */
export const SCENE_STATUS_SQL = caseSql(API_RULES);
/** SQL expression: the dashboard status of the current `scenes` row. */
export const DASHBOARD_STATUS_SQL = caseSql(DASHBOARD_RULES);
/** WHERE predicate per API status (disjoint; failed/pending match the partial indexes). */
export const SCENE_STATUS_WHERE = predicates(API_RULES);
/** WHERE predicate per dashboard status (disjoint). */
export const DASHBOARD_STATUS_WHERE = predicates(DASHBOARD_RULES);

/** The API status of a loaded row (same rule as SCENE_STATUS_SQL). */
export const sceneStatusOf = (row: StatusColumns): SceneStatus => evaluate(API_RULES, row);
/** The dashboard status of a loaded row (same rule as DASHBOARD_STATUS_SQL). */
export const dashboardStatusOf = (row: StatusColumns): DashboardStatus => evaluate(DASHBOARD_RULES, row);
