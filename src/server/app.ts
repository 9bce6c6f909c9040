// createApp({db, config}): the Hono app — security middleware, auth, error shape, the route table.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Database } from "../db/open.ts";
import { createSceneService, type SceneService } from "../services/scenes.ts";
import { requireApiAuth, sameOriginForms } from "./auth.ts";
import type { AppConfig } from "./config.ts";
import type { AppEnv } from "./env.ts";
import { onError, onNotFound, sendError } from "./errors.ts";
import { routes } from "./routes.ts";
import { rejectUnstorableUrl } from "./unstorable.ts";

export interface AppDeps {
  db: Database;
  config: AppConfig;
  /** Defaults to a scene service over `db` with the configured target version. */
  scenes?: SceneService;
}

export function createApp({ db, config, scenes }: AppDeps) {
  const sceneService = scenes ?? createSceneService(db, { compileTargetVersion: config.compileTargetVersion });
  const app = new Hono<AppEnv>();

  const provideDeps: MiddlewareHandler<AppEnv> = async function provideDeps(c, next) {
    c.set("db", db);
    c.set("config", config);
    c.set("scenes", sceneService);
    await next();
  };

  app.onError(onError);
  app.notFound(onNotFound);
  // overwrite:false lets a page (e.g. the preview sandbox) set its own CSP and framing headers.
  app.use(secureHeaders({ overwrite: false }));
  app.use(rejectUnstorableUrl);
  app.use(provideDeps);
  app.use(
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => sendError(c, 413, "payload_too_large", `Bodies are limited to ${config.maxBodyBytes} bytes.`),
    }),
  );
  app.use(sameOriginForms);
  app.use("/api/*", requireApiAuth);

  for (const route of routes) app.on(route.method, route.path, ...(route.handlers as [MiddlewareHandler<AppEnv>]));
  return app;
}

export type App = ReturnType<typeof createApp>;
