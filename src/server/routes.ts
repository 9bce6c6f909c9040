// The route table: one plain row per endpoint. /api/* rows sit behind requireApiAuth (see app.ts);
// dashboard/preview pages put requireSession first in their own handlers.
import type { H } from "hono/types";
import { getExtrasAssets } from "../extras-server/route.ts";
import * as scenes from "./api/scenes.ts";
import * as system from "./api/system.ts";
import { requireSession } from "./auth.ts";
import * as backfill from "./backfill/index.ts";
import * as dashboard from "./dashboard/index.ts";
import * as preview from "./preview/index.ts";
import { publicAssets } from "./static.ts";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Middlewares then the handler; each chain carries its own validated input types. */
  handlers: readonly H<any, any, any, any>[];
}

/** A dashboard page or fragment: session (else redirect to /login), then the nonce CSP, then the handler. */
const dashboardPage = (handler: H<any, any, any, any>) => [requireSession, dashboard.withDashboardCsp, handler] as const;

export const routes: Route[] = [
  { method: "GET", path: "/healthz", handlers: system.healthz },
  { method: "GET", path: "/api/config", handlers: system.getConfig },
  { method: "GET", path: "/api/metrics/daily", handlers: system.getDailyMetrics },

  { method: "POST", path: "/api/scenes", handlers: scenes.createScene },
  { method: "GET", path: "/api/scenes", handlers: scenes.listScenes },
  { method: "GET", path: "/api/scenes/:id", handlers: scenes.getScene },
  { method: "PATCH", path: "/api/scenes/:id", handlers: scenes.patchScene },
  { method: "DELETE", path: "/api/scenes/:id", handlers: scenes.deleteScene },
  { method: "GET", path: "/api/scenes/:id/js", handlers: scenes.getSceneJs },
  { method: "POST", path: "/api/scenes/:id/compile", handlers: scenes.compileScene },
  { method: "GET", path: "/api/scenes/:id/revisions", handlers: scenes.listRevisions },
  { method: "GET", path: "/api/scenes/:id/revisions/:revision", handlers: scenes.getRevision },
  { method: "POST", path: "/api/scenes/:id/runtime-events", handlers: scenes.postRuntimeEvent },

  { method: "GET", path: "/api/scenes/:id/preview-js", handlers: [preview.dryRunArtifact] },
  { method: "GET", path: "/api/extras/assets", handlers: [getExtrasAssets] },

  { method: "POST", path: "/api/backfill", handlers: backfill.postBackfill },
  { method: "GET", path: "/api/backfill/:id", handlers: backfill.getBackfillRun },
  { method: "POST", path: "/api/backfill/:id/cancel", handlers: backfill.cancelBackfillRun },

  // Preview: the sandbox frame (own CSP, no session: it holds no data) and its CORS-readable bundles.
  { method: "GET", path: "/sandbox", handlers: [preview.sandboxPage] },
  { method: "GET", path: "/build/preview/:file", handlers: [preview.previewBundleFile] },
  { method: "GET", path: "/scenes/:id/preview", handlers: [requireSession, preview.withPreviewCsp, preview.scenePreviewPage] },
  { method: "GET", path: "/scenes/:id/preview/compare", handlers: [requireSession, preview.withPreviewCsp, preview.sceneComparePage] },
  { method: "GET", path: "/projects/:id/preview", handlers: [requireSession, preview.withPreviewCsp, preview.projectPreviewPage] },

  // Dashboard: session first, then the nonce CSP, then the page or fragment.
  { method: "GET", path: "/login", handlers: [dashboard.withDashboardCsp, dashboard.loginForm] },
  { method: "POST", path: "/login", handlers: [dashboard.withDashboardCsp, dashboard.login] },
  { method: "POST", path: "/logout", handlers: [dashboard.logout] },
  { method: "GET", path: "/", handlers: dashboardPage(dashboard.overviewPage) },
  { method: "GET", path: "/overview/charts", handlers: dashboardPage(dashboard.overviewCharts) },
  { method: "GET", path: "/scenes", handlers: dashboardPage(dashboard.scenesPage) },
  { method: "GET", path: "/scenes/bulk-recompile", handlers: dashboardPage(dashboard.bulkRecompileConfirm) },
  { method: "GET", path: "/scenes/bulk-recompile/cancel", handlers: dashboardPage(dashboard.bulkRecompileCancel) },
  { method: "POST", path: "/scenes/bulk-recompile", handlers: dashboardPage(dashboard.bulkRecompile) },
  { method: "GET", path: "/scenes/:id", handlers: dashboardPage(dashboard.scenePage) },
  { method: "GET", path: "/scenes/:id/diff", handlers: dashboardPage(dashboard.sceneDiff) },
  { method: "POST", path: "/scenes/:id/edit", handlers: dashboardPage(dashboard.editScene) },
  { method: "POST", path: "/scenes/:id/recompile", handlers: dashboardPage(dashboard.recompileScene) },
  { method: "POST", path: "/scenes/:id/delete", handlers: dashboardPage(dashboard.deleteScene) },
  { method: "GET", path: "/failures", handlers: dashboardPage(dashboard.failuresPage) },
  { method: "GET", path: "/backfill", handlers: dashboardPage(backfill.backfillPage) },
  { method: "POST", path: "/backfill", handlers: dashboardPage(backfill.startBackfillForm) },
  { method: "GET", path: "/backfill/:id", handlers: dashboardPage(backfill.backfillRunPage) },
  { method: "GET", path: "/backfill/:id/progress", handlers: dashboardPage(backfill.backfillProgress) },
  { method: "POST", path: "/backfill/:id/cancel", handlers: dashboardPage(backfill.cancelBackfillForm) },
  { method: "POST", path: "/backfill/:id/resume", handlers: dashboardPage(backfill.resumeBackfillForm) },
  { method: "GET", path: "/verify", handlers: dashboardPage(backfill.verifyPage) },
  { method: "GET", path: "/app.css", handlers: [publicAssets] },
  { method: "GET", path: "/favicon.svg", handlers: [publicAssets] },

  { method: "GET", path: "/vendor/*", handlers: [publicAssets] },
  { method: "GET", path: "/build/*", handlers: [publicAssets] },
];
