// Builds the real Hono app over a test database, with helpers for authenticated app.request() calls.
import type { Database } from "../../src/db/open.ts";
import { createApp } from "../../src/server/app.ts";
import { loadConfig, type AppConfig } from "../../src/server/config.ts";

export const TEST_TOKEN = "test-admin-token-0123456789";
export const TEST_ORIGIN = "http://localhost";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  config: AppConfig;
  /** app.request with the bearer token; JSON-encodes a non-string `json` body. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** POST /api/scenes and return the created scene (asserting 201). */
  createScene(body: Record<string, unknown>): Promise<Record<string, any>>;
}

export function buildTestApp(db: Database, overrides: Partial<AppConfig> = {}): TestApp {
  const config = loadConfig({ ADMIN_TOKEN: TEST_TOKEN }, overrides);
  const app = createApp({ db, config });
  const api: TestApp["api"] = async (path, init = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_TOKEN}`);
    if (json !== undefined) headers.set("content-type", "application/json");
    return app.request(`${TEST_ORIGIN}${path}`, {
      ...rest,
      headers,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };
  return {
    app,
    config,
    api,
    async createScene(body) {
      const res = await api("/api/scenes", { method: "POST", json: body });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      return (await res.json()).scene;
    },
  };
}
