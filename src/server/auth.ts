// Auth: bearer ADMIN_TOKEN for /api/*, or the dashboard's signed session cookie (same-origin writes only).
import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { timingSafeEqual } from "hono/utils/buffer";
import { isUuid } from "../db/ids.ts";
import { AppError } from "../services/errors.ts";
import { isHttps } from "./proxy.ts";
import type { AppEnv } from "./context.ts";

export const SESSION_COOKIE = "clapper_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const secrets = new Map<string, string>();

/** Cookie-signing key derived from the admin token: changing the token ends every session. */
function sessionSecret(c: Context<AppEnv>): string {
  const token = c.get("config").adminToken;
  let secret = secrets.get(token);
  if (!secret) {
    secret = new Bun.CryptoHasher("sha256").update(`clapper-session:${token}`).digest("hex");
    secrets.set(token, secret);
  }
  return secret;
}

/** Constant-time comparison of a presented token with ADMIN_TOKEN. */
export async function tokenMatches(c: Context<AppEnv>, presented: string): Promise<boolean> {
  return presented.length > 0 && (await timingSafeEqual(presented, c.get("config").adminToken));
}

/**
 * GET /metrics: `Authorization: Bearer` with ADMIN_TOKEN or METRICS_TOKEN (a scraper gets a token that
 * reads metrics and nothing else). Compared in constant time like every token.
 */
export const requireMetricsAuth: MiddlewareHandler<AppEnv> = async function requireMetricsAuth(c, next) {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
  const metricsToken = c.var.config.metricsToken;
  const ok =
    (await tokenMatches(c, presented)) ||
    (metricsToken !== null && presented.length > 0 && (await timingSafeEqual(presented, metricsToken)));
  if (!ok) throw new AppError(401, "unauthorized", "GET /metrics needs Authorization: Bearer <ADMIN_TOKEN or METRICS_TOKEN>.");
  await next();
};

/**
 * Sets the dashboard session cookie (call after a correct token was presented). The cookie is
 * `<issuedAt>.<session row id>`, signed: the signature keeps forgeries away from the database, the
 * row lets logout revoke it server-side.
 */
export async function startSession(c: Context<AppEnv>): Promise<void> {
  const id = await c.var.services.sessions.start(SESSION_TTL_SECONDS);
  const value = `${Math.floor(Date.now() / 1000)}.${id}`;
  await setSignedCookie(c, SESSION_COOKIE, value, sessionSecret(c), {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: isHttps(c),
    maxAge: SESSION_TTL_SECONDS,
  });
}

/** Revokes the presented session (if any) in the database and clears the cookie. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const id = await signedSessionId(c);
  if (id) await c.var.services.sessions.revoke(id);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

/** The session row id from a correctly signed, unexpired cookie, or null. */
async function signedSessionId(c: Context<AppEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, sessionSecret(c), SESSION_COOKIE);
  if (!value) return null;
  const [issued, id] = value.split(".");
  const issuedAt = Number(issued);
  const age = Date.now() / 1000 - issuedAt;
  if (!Number.isFinite(issuedAt) || age < 0 || age >= SESSION_TTL_SECONDS) return null;
  return id && isUuid(id) ? id : null;
}

/** True when the request carries a signed, unexpired cookie whose session the server has not revoked. */
export async function hasSession(c: Context<AppEnv>): Promise<boolean> {
  const id = await signedSessionId(c);
  return id !== null && (await c.var.services.sessions.isLive(id));
}

/** A cookie-authenticated write must come from our own pages (Origin or Sec-Fetch-Site). */
function isSameOriginRequest(c: Context): boolean {
  if (c.req.header("sec-fetch-site") === "same-origin") return true;
  const origin = c.req.header("origin");
  return origin !== undefined && origin === new URL(c.req.url).origin;
}

const formCsrf = csrf();

/**
 * Cross-site request forgery guard for everything outside /api/* (the dashboard, login, logout): an
 * unsafe method must come from our own pages, whatever its content type or headers — the dashboard
 * authenticates by cookie only, so an Authorization header or a JSON body proves nothing there.
 * /api/* is guarded by requireApiAuth (bearer, or same-origin for cookie writes).
 */
export const sameOriginForms: MiddlewareHandler<AppEnv> = async function sameOriginForms(c, next) {
  if (c.req.path.startsWith("/api/")) return next();
  if (UNSAFE_METHOD.test(c.req.method) && !isSameOriginRequest(c)) {
    throw new AppError(403, "forbidden", "Cross-origin form posts are not allowed.");
  }
  return formCsrf(c, next);
};

const UNSAFE_METHOD = /^(POST|PUT|PATCH|DELETE)$/;

/** /api/* guard: `Authorization: Bearer <ADMIN_TOKEN>` or the session cookie. */
export const requireApiAuth: MiddlewareHandler<AppEnv> = async function requireApiAuth(c, next) {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !(await tokenMatches(c, match[1]!))) {
      c.header("WWW-Authenticate", 'Bearer realm="clapper", error="invalid_token"');
      throw new AppError(401, "unauthorized", "The bearer token is not valid.");
    }
    c.set("authVia", "bearer");
    return next();
  }
  if (await hasSession(c)) {
    if (UNSAFE_METHOD.test(c.req.method) && !isSameOriginRequest(c)) {
      throw new AppError(403, "forbidden", "Cross-origin writes with the session cookie are not allowed.");
    }
    c.set("authVia", "session");
    return next();
  }
  c.header("WWW-Authenticate", 'Bearer realm="clapper"');
  throw new AppError(401, "unauthorized", "Send Authorization: Bearer <ADMIN_TOKEN> or log in.");
};

/** Dashboard page guard: no session → redirect to /login?next=<this page>. */
export const requireSession: MiddlewareHandler<AppEnv> = async function requireSession(c, next) {
  if (await hasSession(c)) return next();
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
};
