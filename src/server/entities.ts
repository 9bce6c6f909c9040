// Entities loaded in one place (the provider pattern): route-table middleware validates `:id`, loads the
// row into the request context, or throws a 404 AppError. Handlers read the loaded row with sceneOf(c) /
// runOf(c) and never check ids themselves; onError renders the 404 as HTML (pages) or JSON (/api/*).
// A new entity (an export, a verification) gets one more loader here and one more context variable.
import type { Context, MiddlewareHandler } from "hono";
import { isUuid } from "../db/ids.ts";
import type { BackfillRunRow, ExportRow } from "../db/queries.ts";
import { notFound } from "../services/errors.ts";
import type { SceneJson, SceneSummaryJson } from "../services/scenes.ts";
import type { AppEnv } from "./context.ts";

/** The context variables the loaders set; a handler behind a loader reads them through the accessors. */
export interface LoadedEntities {
  scene?: SceneJson;
  run?: BackfillRunRow;
  /** A project's scenes in play order (a project has no row of its own). */
  project?: { id: string; scenes: SceneSummaryJson[] };
  export?: ExportRow;
}

/** More scenes than any real project has; a project preview is one player, not a paginated list. */
export const MAX_PROJECT_SCENES = 500;

/** The `:id` param as a lower-case uuid, or a 404 naming `what` (a malformed id cannot exist). */
function idParam(c: Context<AppEnv>, what: string): string {
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) throw notFound(what, id);
  return id.toLowerCase();
}

/** `:id` → the scene (with TSX and JS) as c.var.scene. */
export const loadScene: MiddlewareHandler<AppEnv> = async function loadScene(c, next) {
  c.set("scene", await c.var.services.scenes.get(idParam(c, "Scene")));
  await next();
};

/** `:id` → the backfill run as c.var.run. */
export const loadBackfillRun: MiddlewareHandler<AppEnv> = async function loadBackfillRun(c, next) {
  c.set("run", await c.var.services.backfill.get(idParam(c, "Backfill run")));
  await next();
};

/** `:id` → the project's scenes as c.var.project; a project without scenes does not exist. */
export const loadProject: MiddlewareHandler<AppEnv> = async function loadProject(c, next) {
  const id = idParam(c, "Project");
  const { scenes } = await c.var.services.scenes.list({ projectId: id }, MAX_PROJECT_SCENES);
  if (scenes.length === 0) throw notFound("Project", id);
  c.set("project", { id, scenes });
  await next();
};

function loaded<K extends keyof LoadedEntities>(c: Context<AppEnv>, key: K): NonNullable<LoadedEntities[K]> {
  const value = c.var[key];
  // A route-table mistake (handler without its loader), not a client error.
  if (value === undefined) throw new Error(`${c.req.method} ${c.req.routePath}: no ${key} loader in the route table`);
  return value as NonNullable<LoadedEntities[K]>;
}

export const sceneOf = (c: Context<AppEnv>) => loaded(c, "scene");
export const runOf = (c: Context<AppEnv>) => loaded(c, "run");
export const projectOf = (c: Context<AppEnv>) => loaded(c, "project");

/** `:id` → the export row as c.var.export. */
export const loadExport: MiddlewareHandler<AppEnv> = async function loadExport(c, next) {
  c.set("export", await c.var.services.exports.get(idParam(c, "Export")));
  await next();
};

export const exportOf = (c: Context<AppEnv>) => loaded(c, "export");
