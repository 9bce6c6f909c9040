// What the client's connection looked like, trusting a reverse proxy's X-Forwarded-* headers only when
// TRUST_PROXY is set (otherwise any client could claim to be on HTTPS or to come from any address).
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/** The first (client-most) value of a comma-separated X-Forwarded-* header. */
const firstForwarded = (value: string | undefined) => value?.split(",")[0]?.trim() || undefined;

/** True when the client reached us over HTTPS (directly, or via a trusted proxy that says so). */
export function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return c.get("config").trustProxy && firstForwarded(c.req.header("x-forwarded-proto"))?.toLowerCase() === "https";
}

/** The client's address: X-Forwarded-For's first entry behind a trusted proxy, else the socket peer. */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get("config").trustProxy) {
    const forwarded = firstForwarded(c.req.header("x-forwarded-for"));
    if (forwarded) return forwarded;
  }
  const server = (c.env as { server?: { requestIP?(r: Request): { address: string } | null } } | undefined)?.server;
  return server?.requestIP?.(c.req.raw)?.address ?? "unknown";
}
