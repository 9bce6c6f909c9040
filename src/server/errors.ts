// Errors rendered by route kind: /api/* (and /healthz) answer the JSON shape {"error":{code,message,details}};
// every other route is a page and gets the dashboard's HTML error page. Bad input never becomes a 500.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorPage } from "../../views/pages/error.tsx";
import { describeError, isDatabaseUnavailable } from "../db/unavailable.ts";
import { AppError } from "../services/errors.ts";
import { nonceOf, sendHtml } from "./html.ts";
import { createLogger, errorFields, type Logger } from "../observability/logger.ts";

/** The request's logger (with its id); set by the first middleware, so the fallback is for apps built without it. */
function logOf(c: Context): Logger {
  return (c.get("log") as Logger | undefined) ?? fallbackLogger();
}

let fallback: Logger | undefined;
const fallbackLogger = () => (fallback ??= createLogger());

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function sendError(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  return c.json(errorBody(code, message, details), status);
}

/** zod issues as `details`: where (path) and what. */
export const zodDetails = (error: { issues: { path: PropertyKey[]; code: string; message: string }[] }) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));

const HTTP_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** JSON routes: the API and the health check. Everything else is a page. */
const JSON_SYSTEM_ROUTES = new Set(["/api", "/healthz", "/readyz", "/metrics"]);
const isJsonRoute = (path: string) => path.startsWith("/api/") || JSON_SYSTEM_ROUTES.has(path);

/** One failure, answered in the route kind's form. */
function sendFailure(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  if (isJsonRoute(c.req.path)) return sendError(c, status, code, message, details);
  return sendHtml(c, ErrorPage({ nonce: nonceOf(c), status, message }), status);
}

/** Known failures map to their status; anything else is logged and answered with a generic 500. */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) {
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    return sendFailure(c, err.status, err.code, err.message, err.details);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const message = err.message || err.res?.statusText || HTTP_CODES[status] || "Request failed";
    return sendFailure(c, status, HTTP_CODES[status] ?? "http_error", message);
  }
  if (isDatabaseUnavailable(err)) {
    logOf(c).error({ method: c.req.method, path: c.req.path, cause: describeError(err) }, "database unavailable");
    c.header("Retry-After", "2");
    return sendFailure(c, 503, "database_unavailable", "The database is unavailable right now; retry in a few seconds.");
  }
  logOf(c).error({ method: c.req.method, path: c.req.path, ...errorFields(err) }, "request failed");
  return sendFailure(c, 500, "internal", "Internal server error.");
};

export const onNotFound: NotFoundHandler = (c) =>
  sendFailure(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}.`);
