// The Hono environment every handler sees: the database, config and services set by createApp.
import type { Database } from "../db/open.ts";
import type { SceneService } from "../services/scenes.ts";
import type { AppConfig } from "./config.ts";

export interface AppEnv {
  Variables: {
    db: Database;
    config: AppConfig;
    scenes: SceneService;
    /** How the current /api request authenticated. */
    authVia: "bearer" | "session";
    /** Set by hono/secure-headers when a page asks for a CSP nonce. */
    secureHeadersNonce?: string;
  };
}
