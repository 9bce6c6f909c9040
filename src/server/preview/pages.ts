// Preview pages behind the session: one scene, a scene next to its version-2 compile, and a whole project.

import type { Context } from "hono";
import { CompareView, ScenePreviewPage } from "../../../views/preview/scene-page.tsx";
import { ProjectPreviewPage } from "../../../views/preview/project-page.tsx";
import type { SceneService } from "../../services/scenes.ts";
import { nonceOf, sendHtml } from "../html.ts";
import type { AppEnv } from "../context.ts";
import { previewAssets } from "../../client/assets.ts";
import { MAX_PROJECT_SCENES, projectOf, sceneOf } from "../entities.ts";

/** Scene ids the previous/next links step through: the project in play order, else the most recent scenes. */
async function neighbourOrder(scenes: SceneService, projectId: string | null): Promise<string[]> {
  const page = await scenes.list(projectId ? { projectId } : {}, projectId ? MAX_PROJECT_SCENES : 100);
  return page.scenes.map((s) => s.id);
}

export async function scenePreviewPage(c: Context<AppEnv>) {
  const scene = sceneOf(c);
  const order = await neighbourOrder(c.var.services.scenes, scene.projectId);
  return sendHtml(c, ScenePreviewPage({ scene, order, nonce: nonceOf(c), assets: previewAssets() }));
}

/** Side by side: the stored artifact and version 2 compiled on request (GET /api/scenes/:id/preview-js). */
export async function sceneComparePage(c: Context<AppEnv>) {
  const scene = sceneOf(c);
  const version = scene.compilationVersion === 2 ? 1 : 2;
  return sendHtml(c, CompareView({ scene, version, nonce: nonceOf(c), assets: previewAssets() }));
}

export async function projectPreviewPage(c: Context<AppEnv>) {
  const { id: projectId, scenes } = projectOf(c);
  const exportUnavailable = await c.var.services.exports.unavailableMessage();
  return sendHtml(c, ProjectPreviewPage({ projectId, scenes, nonce: nonceOf(c), assets: previewAssets(), exportUnavailable }));
}
