// Preview pages behind the session: one scene, a scene next to its version-2 compile, and a whole project.

import type { Context } from "hono";
import { NotFoundPage } from "../../../views/pages/not-found.tsx";
import { CompareView, ScenePreviewPage } from "../../../views/preview/scene-page.tsx";
import { ProjectPreviewPage } from "../../../views/preview/project-page.tsx";
import { AppError } from "../../services/errors.ts";
import type { SceneService } from "../../services/scenes.ts";
import { nonceOf, sendHtml } from "../dashboard/render.ts";
import type { AppEnv } from "../env.ts";
import { isUuid } from "../../db/ids.ts";

/** More scenes than any real project has; a project preview is one player, not a paginated list. */
const MAX_PROJECT_SCENES = 500;

function page(c: Context<AppEnv>, node: unknown) {
  return c.html(`<!DOCTYPE html>${node}`);
}

/** The dashboard's own 404 page (the preview pages share its CSP). */
function notFound(c: Context<AppEnv>, what: string) {
  return sendHtml(c, NotFoundPage({ nonce: nonceOf(c), what, back: "/scenes" }), 404);
}

async function sceneOrNull(scenes: SceneService, id: string) {
  if (!isUuid(id)) return null;
  return scenes.get(id).catch((error) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
}

/** Scene ids the previous/next links step through: the project in play order, else the most recent scenes. */
async function neighbourOrder(scenes: SceneService, projectId: string | null): Promise<string[]> {
  const page = await scenes.list(projectId ? { projectId } : {}, projectId ? MAX_PROJECT_SCENES : 100);
  return page.scenes.map((s) => s.id);
}

export async function scenePreviewPage(c: Context<AppEnv>) {
  const id = c.req.param("id") ?? "";
  const scene = await sceneOrNull(c.var.scenes, id);
  if (!scene) return notFound(c, "Scene");
  const order = await neighbourOrder(c.var.scenes, scene.projectId);
  return page(c, ScenePreviewPage({ scene, order, nonce: nonceOf(c) }));
}

/** Side by side: the stored artifact and version 2 compiled on request (GET /api/scenes/:id/preview-js). */
export async function sceneComparePage(c: Context<AppEnv>) {
  const id = c.req.param("id") ?? "";
  const scene = await sceneOrNull(c.var.scenes, id);
  if (!scene) return notFound(c, "Scene");
  const version = scene.compilationVersion === 2 ? 1 : 2;
  return page(c, CompareView({ scene, version, nonce: nonceOf(c) }));
}

export async function projectPreviewPage(c: Context<AppEnv>) {
  const projectId = c.req.param("id") ?? "";
  if (!isUuid(projectId)) return notFound(c, "Project");
  const { scenes } = await c.var.scenes.list({ projectId }, MAX_PROJECT_SCENES);
  if (scenes.length === 0) return notFound(c, "Project");
  return page(c, ProjectPreviewPage({ projectId, scenes, nonce: nonceOf(c) }));
}
