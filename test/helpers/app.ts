// Builds the real Hono app over a test database, with helpers for authenticated app.request() calls.
import type { Database } from "../../src/db/open.ts";
import { createApp } from "../../src/server/app.ts";
import { loadConfig, type AppConfig } from "../../src/config.ts";
import { createServices, type Services, type ServicesOptions } from "../../src/services/index.ts";

export const TEST_TOKEN = "test-admin-token-0123456789";
export const TEST_ORIGIN = "http://localhost";

export interface TestApp {
  app: ReturnType<typeof createApp>;
  config: AppConfig;
  /** The same services the app's handlers use (createServices, as in main.ts). */
  services: Services;
  /** app.request with the bearer token; JSON-encodes a non-string `json` body. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** POST /api/scenes and return the created scene (asserting 201). */
  createScene(body: Record<string, unknown>): Promise<Record<string, any>>;
}

/** Tests log warnings and errors only (a line per request would bury the test output); pass a logger to read them. */
const TEST_ENV = { ADMIN_TOKEN: TEST_TOKEN, LOG_LEVEL: "warn" };

export function buildTestApp(db: Database, overrides: Partial<AppConfig> = {}, options: ServicesOptions = {}): TestApp {
  const config = loadConfig(TEST_ENV, overrides);
  const services = createServices(db, config, options);
  const app = createApp({ config, services });
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
    services,
    api,
    async createScene(body) {
      const res = await api("/api/scenes", { method: "POST", json: body });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      return (await res.json()).scene;
    },
  };
}

/** Services over a test database, built exactly as main.ts builds them (for tests that skip HTTP). */
export const testServices = (db: Database, overrides: Partial<AppConfig> = {}): Services =>
  createServices(db, loadConfig(TEST_ENV, overrides));

/** Logs in to the dashboard through POST /login and returns the session cookie pair (`name=value`). */
export async function dashboardCookie(t: TestApp): Promise<string> {
  const login = await t.app.request(`${TEST_ORIGIN}/login`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: TEST_TOKEN }).toString(),
  });
  return (login.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/**
 * A browser-like request to the app: same-origin POSTs, form bodies, and the session cookie `cookie()`
 * returns. Both are read at call time, so a suite can build its app and log in after defining it.
 */
export function browserRequest(app: () => Pick<TestApp, "app">, cookie: () => string) {
  return (path: string, init: RequestInit = {}) => {
    const t = app();
    const headers = new Headers(init.headers);
    if (cookie()) headers.set("cookie", cookie());
    if (init.method === "POST" && !headers.has("origin")) headers.set("origin", TEST_ORIGIN);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    return t.app.request(`${TEST_ORIGIN}${path}`, { ...init, headers });
  };
}
