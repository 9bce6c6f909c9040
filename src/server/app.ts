// createApp({config, services}): the Hono app — security middleware, auth, error shape, the route table.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppConfig } from "../config.ts";
import type { Services } from "../services/index.ts";
import { requireApiAuth, sameOriginForms } from "./auth.ts";
import { fallbackCsp } from "./fallback-csp.ts";
import type { AppEnv } from "./context.ts";
import { onError, onNotFound, sendError } from "./errors.ts";
import { routes } from "./routes.ts";
import { observeRequests } from "../observability/request.ts";
import { rejectUnstorableUrl } from "./unstorable.ts";

export interface AppDeps {
  config: AppConfig;
  /** From createServices(db, config) — the same function main.ts, scripts and tests use. */
  services: Services;
}

export function createApp({ config, services }: AppDeps) {
  const app = new Hono<AppEnv>();

  const provideDeps: MiddlewareHandler<AppEnv> = async function provideDeps(c, next) {
    c.set("config", config);
    c.set("services", services);
    await next();
  };

  app.onError(onError);
  app.notFound(onNotFound);
  // First, so every answer (including rejections by the middleware below) is logged and counted.
  app.use(observeRequests(services.logger, services.metrics));
  // overwrite:false lets a page (e.g. the preview sandbox) set its own CSP and framing headers.
  app.use(secureHeaders({ overwrite: false }));
  app.use(fallbackCsp);
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

  // hono types app.on by a fixed-length handler tuple; the table's rows are typed where they are declared.
  for (const route of routes) app.on(route.method, route.path, ...(route.handlers as [MiddlewareHandler<AppEnv>]));
  return app;
}

export type App = ReturnType<typeof createApp>;
