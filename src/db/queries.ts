// Every SQL statement of Clapper, one named function each, split by area under src/db/queries/.
// Callers import this barrel (`import * as q from "../db/queries.ts"`) and never write SQL themselves.
export * from "./queries/scenes.ts";
export * from "./queries/scene-lists.ts";
export * from "./queries/history.ts";
export * from "./queries/metrics.ts";
export * from "./queries/dashboard.ts";
export * from "./queries/failures.ts";
export * from "./queries/backfill.ts";
export * from "./queries/verify.ts";
export * from "./queries/sessions.ts";
export * from "./queries/idempotency.ts";
export * from "./queries/startup.ts";
export * from "./queries/exports.ts";
export * from "./queries/observability.ts";
export * from "./queries/scene-writes.ts";
export * from "./queries/projects.ts";
