// Per-request observability: the request id (the client's, when acceptable, else a new UUID), a child
// logger carrying it, one access-log line and one histogram observation per request.
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../server/context.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";
/** A client's id is kept when it is 1–128 printable ASCII characters (no CR/LF to forge log lines). */
const ACCEPTABLE_REQUEST_ID = /^[\x20-\x7e]{1,128}$/;

export function requestIdOf(header: string | undefined): string {
  return header !== undefined && ACCEPTABLE_REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

/**
 * The route-table pattern that answered (`/api/scenes/:id`), never the raw path: bounded label values
 * and no ids in metric names. app.use middleware registers as method ALL; the route rows do not.
 */
function routePatternOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.method !== "ALL") return routes[i]!.path;
  return "unmatched";
}

export function observeRequests(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function observeRequest(c, next) {
    const started = performance.now();
    const requestId = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    const log = logger.child({ reqId: requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    try {
      await next();
    } finally {
      // onError has already turned a throw into c.res, so the status here is the one the client gets.
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      const seconds = (performance.now() - started) / 1000;
      const route = routePatternOf(c);
      const status = c.res.status;
      metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
      log.info({ method: c.req.method, route, status, ms: Math.round(seconds * 10_000) / 10 }, "request");
    }
  };
}
