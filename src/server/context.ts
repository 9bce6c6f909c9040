// The Hono environment every handler sees: config and services (set once by createApp) and what
// middleware loaded for this request.
import type { AppConfig } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import type { Services } from "../services/index.ts";
import type { LoadedEntities } from "./entities.ts";

export interface AppEnv {
  Variables: LoadedEntities & {
    config: AppConfig;
    services: Services;
    /** X-Request-Id of this request (the client's, or generated) and a logger that carries it. */
    requestId: string;
    log: Logger;
    /** The request's JSON body as strictJsonBody parsed it (validate("json") reads it, not the text again). */
    jsonBody?: unknown;
    /** How the current /api request authenticated. */
    authVia: "bearer" | "session";
    /** Set by hono/secure-headers when a page asks for a CSP nonce. */
    secureHeadersNonce?: string;
  };
}
