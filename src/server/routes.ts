// The route table: one plain row per endpoint. /api/* rows sit behind requireApiAuth (see app.ts);
// dashboard/preview pages put requireSession first in their own handlers.
import type { H } from "hono/types";
import { getExtrasAssets } from "./extras/route.ts";
import type { AppEnv } from "./context.ts";
import * as scenes from "./scenes/index.ts";
import * as system from "./system/api.ts";
import { requireMetricsAuth, requireSession } from "./auth.ts";
import { loadBackfillRun, loadExport, loadProject, loadScene } from "./entities.ts";
import * as exportsApi from "./exports/api.ts";
import * as exportPages from "./exports/pages.ts";
import { posterImage } from "./exports/posters.ts";
import * as backfill from "./backfill/index.ts";
import * as dashboard from "./dashboard/index.ts";
import * as preview from "./preview/index.ts";
import * as projects from "./projects/index.ts";
import { publicAssets } from "./static.ts";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Middlewares then the handler; validated inputs are typed inside each handler's own chain. */
  handlers: readonly Handler[];
}

/**
 * A middleware or handler of the app, in AppEnv (config, services, loaded entities). Input and response
 * types stay open here: each handler chain checks its own validated input where it is written.
 */
type Handler = H<AppEnv, string, any, any>;

/**
 * A dashboard page or fragment: session (else redirect to /login), the nonce CSP, then the entity
 * loader for `:id` routes (404 page when it does not exist), then the handler.
 */
const dashboardPage = (handler: Handler, load?: Handler) =>
  load ? [requireSession, dashboard.withDashboardCsp, load, handler] : [requireSession, dashboard.withDashboardCsp, handler];

export const routes: Route[] = [
  { method: "GET", path: "/healthz", handlers: system.healthz },
  { method: "GET", path: "/readyz", handlers: system.readyz },
  { method: "GET", path: "/metrics", handlers: [requireMetricsAuth, ...system.metrics] },
  { method: "GET", path: "/api/config", handlers: system.getConfig },
  { method: "GET", path: "/api/metrics/daily", handlers: system.getDailyMetrics },

  { method: "POST", path: "/api/scenes", handlers: scenes.api.createScene },
  { method: "GET", path: "/api/scenes", handlers: scenes.api.listScenes },
  { method: "GET", path: "/api/scenes/:id", handlers: [loadScene, ...scenes.api.getScene] },
  { method: "PATCH", path: "/api/scenes/:id", handlers: [loadScene, ...scenes.api.patchScene] },
  { method: "DELETE", path: "/api/scenes/:id", handlers: [loadScene, ...scenes.api.deleteScene] },
  { method: "GET", path: "/api/scenes/:id/js", handlers: [loadScene, ...scenes.api.getSceneJs] },
  { method: "POST", path: "/api/scenes/:id/compile", handlers: [loadScene, ...scenes.api.compileScene] },
  { method: "GET", path: "/api/scenes/:id/revisions", handlers: scenes.api.listRevisions },
  { method: "GET", path: "/api/scenes/:id/revisions/:revision", handlers: scenes.api.getRevision },
  { method: "POST", path: "/api/scenes/:id/runtime-events", handlers: [loadScene, ...scenes.api.postRuntimeEvent] },

  { method: "GET", path: "/api/projects", handlers: projects.api.listProjects },
  { method: "PUT", path: "/api/projects/:id", handlers: projects.api.putProject },

  { method: "GET", path: "/api/extras/assets", handlers: [getExtrasAssets] },
  { method: "GET", path: "/api/scenes/:id/preview-js", handlers: [loadScene, preview.dryRunArtifact] },

  { method: "POST", path: "/api/backfill", handlers: backfill.postBackfill },
  { method: "GET", path: "/api/backfill/:id", handlers: [loadBackfillRun, ...backfill.getBackfillRun] },
  { method: "POST", path: "/api/backfill/:id/cancel", handlers: [loadBackfillRun, ...backfill.cancelBackfillRun] },

  { method: "POST", path: "/api/scenes/:id/exports", handlers: exportsApi.createSceneExport },
  { method: "POST", path: "/api/projects/:id/exports", handlers: exportsApi.createProjectExport },
  { method: "GET", path: "/api/exports", handlers: exportsApi.listExports },
  { method: "GET", path: "/api/exports/:id", handlers: [loadExport, ...exportsApi.getExport] },
  { method: "GET", path: "/api/exports/:id/file", handlers: [loadExport, ...exportsApi.downloadExport] },
  { method: "POST", path: "/api/exports/:id/cancel", handlers: [loadExport, ...exportsApi.cancelExport] },
  { method: "DELETE", path: "/api/exports/:id", handlers: [loadExport, ...exportsApi.deleteExport] },

  // Preview: the sandbox frame (own CSP, no session: it holds no data) and its CORS-readable bundles.
  { method: "GET", path: "/sandbox", handlers: [preview.sandboxPage] },
  { method: "GET", path: "/build/preview/:file", handlers: [preview.previewBundleFile] },
  { method: "GET", path: "/scenes/:id/preview", handlers: [requireSession, preview.withPreviewCsp, loadScene, preview.scenePreviewPage] },
  { method: "GET", path: "/scenes/:id/preview/compare", handlers: [requireSession, preview.withPreviewCsp, loadScene, preview.sceneComparePage] },
  { method: "GET", path: "/projects/:id/preview", handlers: [requireSession, preview.withPreviewCsp, loadProject, preview.projectPreviewPage] },

  // Dashboard: session first, then the nonce CSP, then the page or fragment.
  { method: "GET", path: "/login", handlers: [dashboard.withDashboardCsp, dashboard.loginForm] },
  { method: "POST", path: "/login", handlers: [dashboard.withDashboardCsp, dashboard.login] },
  { method: "POST", path: "/logout", handlers: [dashboard.logout] },
  { method: "GET", path: "/", handlers: dashboardPage(dashboard.overviewPage) },
  { method: "GET", path: "/overview/charts", handlers: dashboardPage(dashboard.overviewCharts) },
  { method: "GET", path: "/overview/live", handlers: dashboardPage(dashboard.overviewLive) },
  { method: "GET", path: "/scenes", handlers: dashboardPage(scenes.scenesPage) },
  { method: "GET", path: "/scenes.csv", handlers: dashboardPage(scenes.scenesCsv) },
  { method: "GET", path: "/scenes.json", handlers: dashboardPage(scenes.scenesJson) },
  { method: "GET", path: "/scenes/bulk-recompile", handlers: dashboardPage(scenes.bulkRecompileConfirm) },
  { method: "GET", path: "/scenes/bulk-recompile/cancel", handlers: dashboardPage(scenes.bulkRecompileCancel) },
  { method: "POST", path: "/scenes/bulk-recompile", handlers: dashboardPage(scenes.bulkRecompile) },
  { method: "GET", path: "/scenes/:id", handlers: dashboardPage(scenes.scenePage, loadScene) },
  { method: "GET", path: "/scenes/:id/poster.png", handlers: dashboardPage(posterImage, loadScene) },
  { method: "GET", path: "/scenes/:id/diff", handlers: dashboardPage(scenes.sceneDiff, loadScene) },
  { method: "POST", path: "/scenes/:id/edit", handlers: dashboardPage(scenes.editScene, loadScene) },
  { method: "POST", path: "/scenes/:id/recompile", handlers: dashboardPage(scenes.recompileScene, loadScene) },
  { method: "POST", path: "/scenes/:id/recompile-row", handlers: dashboardPage(scenes.recompileRow, loadScene) },
  { method: "POST", path: "/scenes/:id/delete", handlers: dashboardPage(scenes.deleteScene, loadScene) },
  { method: "POST", path: "/scenes/:id/undo-delete", handlers: dashboardPage(scenes.undoDelete, loadScene) },
  { method: "GET", path: "/projects", handlers: dashboardPage(projects.projectsPage) },
  { method: "GET", path: "/projects/options", handlers: dashboardPage(projects.projectOptions) },
  { method: "GET", path: "/failures", handlers: dashboardPage(dashboard.failuresPage) },
  { method: "GET", path: "/backfill", handlers: dashboardPage(backfill.backfillPage) },
  { method: "POST", path: "/backfill", handlers: dashboardPage(backfill.startBackfillForm) },
  { method: "GET", path: "/backfill/history", handlers: dashboardPage(backfill.backfillHistory) },
  { method: "GET", path: "/backfill/:id", handlers: dashboardPage(backfill.backfillRunPage, loadBackfillRun) },
  { method: "GET", path: "/backfill/:id/progress", handlers: dashboardPage(backfill.backfillProgress, loadBackfillRun) },
  { method: "POST", path: "/backfill/:id/cancel", handlers: dashboardPage(backfill.cancelBackfillForm, loadBackfillRun) },
  { method: "POST", path: "/backfill/:id/resume", handlers: dashboardPage(backfill.resumeBackfillForm, loadBackfillRun) },
  { method: "GET", path: "/verify", handlers: dashboardPage(backfill.verifyPage) },
  { method: "GET", path: "/exports", handlers: dashboardPage(exportPages.exportsPage) },
  { method: "POST", path: "/exports", handlers: dashboardPage(exportPages.createExportForm) },
  { method: "GET", path: "/exports/:id/progress", handlers: dashboardPage(exportPages.exportProgressFragment, loadExport) },
  { method: "POST", path: "/exports/:id/cancel", handlers: dashboardPage(exportPages.cancelExportForm, loadExport) },
  { method: "POST", path: "/exports/:id/delete", handlers: dashboardPage(exportPages.deleteExportForm, loadExport) },
  { method: "GET", path: "/app.css", handlers: [publicAssets] },
  { method: "GET", path: "/favicon.svg", handlers: [publicAssets] },

  { method: "GET", path: "/vendor/*", handlers: [publicAssets] },
  { method: "GET", path: "/build/*", handlers: [publicAssets] },
];
