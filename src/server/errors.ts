// One error shape for every failure ({"error":{code,message,details}}); bad input never becomes a 500.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { describeError, isDatabaseUnavailable } from "../db/unavailable.ts";
import { AppError } from "../services/errors.ts";
import { shortStack } from "./log-error.ts";

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

/** Known failures map to their status; anything else is logged and answered with a generic 500. */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) return sendError(c, err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const message = err.message || err.res?.statusText || HTTP_CODES[status] || "Request failed";
    return sendError(c, status, HTTP_CODES[status] ?? "http_error", message);
  }
  if (isDatabaseUnavailable(err)) {
    console.error(`[clapper] ${c.req.method} ${JSON.stringify(c.req.path)} database unavailable: ${describeError(err)}`);
    c.header("Retry-After", "2");
    return sendError(c, 503, "database_unavailable", "The database is unavailable right now; retry in a few seconds.");
  }
  console.error(`[clapper] ${c.req.method} ${JSON.stringify(c.req.path)} failed: ${describeError(err)}\n${shortStack(err)}`);
  return sendError(c, 500, "internal", "Internal server error.");
};

export const onNotFound: NotFoundHandler = (c) =>
  sendError(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}.`);
