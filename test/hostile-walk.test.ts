// The route table walked without credentials (every non-public route refuses), constant-time token
// comparison, security headers and CSP on every page type, and path traversal against every static route.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Hono } from "hono";
import { loadConfig } from "../src/config.ts";
import { tokenMatches } from "../src/server/auth.ts";
import type { AppEnv } from "../src/server/context.ts";
import { routes } from "../src/server/routes.ts";
import { openTestDatabase, type TestDatabase } from "./helpers/db.ts";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";

const TSX = `export default function Scene() { return <div>hi</div>; }`;
const PROJECT = "5b0e6f7e-7c1e-4d55-9a53-2f2b0b7f0a11";
/** A real preview bundle (names carry a content hash), so the public-route check can expect a 200. */
const BUNDLE = readdirSync("public/build/preview").find((f) => f.endsWith(".js"))!;

/** Routes that answer without credentials, each on purpose. */
const PUBLIC_ROUTES: Record<string, string> = {
  "GET /healthz": "liveness probe for load balancers",
  "GET /readyz": "readiness probe for load balancers",
  "GET /login": "the login form",
  "POST /login": "checks the token",
  "POST /logout": "ends the presented session, if any (same-origin only)",
  "GET /sandbox": "the preview frame: holds no data, scenes arrive by postMessage",
  "GET /build/preview/:file": "the sandbox's bundles (the frame has an opaque origin, so no cookie)",
  "GET /app.css": "static asset",
  "GET /favicon.svg": "static asset",
  "GET /vendor/*": "static asset",
  "GET /build/*": "static asset",
};

let tdb: TestDatabase;
let t: TestApp;
let ids: Record<string, string>;
let cookie = "";

beforeAll(async () => {
  tdb = await openTestDatabase("pglite");
  t = buildTestApp(tdb.db);
  const scene = await t.createScene({ name: "walk", tsx: TSX, projectId: PROJECT });
  const run = await t.services.backfill.start({ dryRun: true, batchSize: 10 }, { workers: 0 });
  await run.done;
  ids = { id: scene.id, revision: "1", file: BUNDLE };
  ids.backfill = run.run.id;
  const login = await request("/login", { method: "POST", body: new URLSearchParams({ token: TEST_TOKEN, next: "/" }) });
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
});

afterAll(() => tdb.dispose());

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", TEST_ORIGIN);
  return t.app.request(`${TEST_ORIGIN}${path}`, { ...init, headers });
}

/** A concrete URL for a route pattern: ids of rows that exist, so a 404 cannot pass for a refusal. */
function concretePath(path: string): string {
  return path
    .replace(/^\/backfill\/:id|^\/api\/backfill\/:id/, (m) => m.replace(":id", ids.backfill!))
    .replace(/^\/projects\/:id/, `/projects/${PROJECT}`)
    .replace(/:(\w+)/g, (_, name: string) => ids[name] ?? "x")
    .replace(/^\/vendor\/\*$/, "/vendor/htmx.min.js")
    .replace(/^\/build\/\*$/, "/build/dashboard.js");
}

const bodyFor = (method: string) => (method === "GET" || method === "DELETE" ? undefined : JSON.stringify({}));

describe("route-table walk", () => {
  const protectedRoutes = routes.filter((r) => !(`${r.method} ${r.path}` in PUBLIC_ROUTES));

  test("the table has both kinds and every public route is listed with a reason", () => {
    expect(protectedRoutes.filter((r) => r.path.startsWith("/api/")).length).toBeGreaterThan(10);
    expect(protectedRoutes.filter((r) => !r.path.startsWith("/api/")).length).toBeGreaterThan(15);
    for (const r of routes.filter((r) => `${r.method} ${r.path}` in PUBLIC_ROUTES)) {
      expect(r.path.startsWith("/api/")).toBe(false);
    }
  });

  for (const route of protectedRoutes) {
    test(`${route.method} ${route.path} refuses without credentials, with a wrong token and a forged cookie`, async () => {
      // Deleting routes get a scene of their own: the authorised request at the end really deletes.
      const destructive = route.method === "DELETE" || route.path.endsWith("/delete");
      const own = destructive ? (await t.createScene({ name: "to delete", tsx: TSX })).id : null;
      const path = own ? concretePath(route.path).replace(ids.id!, own) : concretePath(route.path);
      const attempts: HeadersInit[] = [
        {},
        { authorization: `Bearer ${TEST_TOKEN}x` },
        { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}` },
        { cookie: `clapper_session=${Date.now()}.${ids.id}.forged` },
      ];
      for (const headers of attempts) {
        const h = new Headers(headers);
        if (bodyFor(route.method)) h.set("content-type", "application/json");
        const res = await request(path, { method: route.method, headers: h, body: bodyFor(route.method) });
        // /metrics is scraped with a bearer token like the API (no dashboard redirect for a scraper).
        if (route.path.startsWith("/api/") || route.path === "/metrics") {
          expect(res.status).toBe(401);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
        } else if ("authorization" in headers) {
          // The dashboard ignores bearer tokens: a wrong one changes nothing, it still sends to /login.
          expect(res.status).toBe(303);
        } else {
          expect(res.status).toBe(303);
          expect(res.headers.get("location")).toStartWith("/login?next=");
        }
      }
      // And the same URL works with credentials, so the refusal above is auth, not a broken path.
      const ok = await request(path, {
        method: route.method,
        headers: route.path.startsWith("/api/") || route.path === "/metrics" ? { authorization: `Bearer ${TEST_TOKEN}` } : { cookie },
      });
      expect(ok.status).not.toBe(401);
      expect(ok.headers.get("location") ?? "").not.toStartWith("/login");
    });
  }

  test("public routes answer without credentials", async () => {
    for (const route of routes.filter((r) => `${r.method} ${r.path}` in PUBLIC_ROUTES && r.method === "GET")) {
      const res = await request(concretePath(route.path));
      expect(res.status, `${route.path}`).toBeLessThan(400);
    }
  });
});

describe("constant-time token comparison", () => {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("config", loadConfig({ ADMIN_TOKEN: TEST_TOKEN }));
    await next();
  });
  app.post("/check", async (c) => c.json({ ok: await tokenMatches(c, await c.req.text()) }));
  const check = async (presented: string) =>
    ((await (await app.request("/check", { method: "POST", body: presented })).json()) as { ok: boolean }).ok;

  test("tokenMatches accepts only the exact token, whatever the length of the guess", async () => {
    expect(await check(TEST_TOKEN)).toBe(true);
    for (const guess of ["", "t", TEST_TOKEN.slice(0, -1), `${TEST_TOKEN}0`, `${TEST_TOKEN}${"x".repeat(10_000)}`, TEST_TOKEN.toUpperCase(), `x${TEST_TOKEN.slice(1)}`]) {
      expect(await check(guess)).toBe(false);
    }
  });

  test("tokenMatches goes through hono's timingSafeEqual (hashes both sides, so length leaks nothing)", () => {
    expect(tokenMatches.toString()).toContain("timingSafeEqual(");
    expect(tokenMatches.toString()).not.toMatch(/===\s*c\.get\("config"\)\.adminToken|adminToken\s*===/);
    const buffer = readFileSync(require.resolve("hono/utils/buffer"), "utf8");
    // Both sides are hashed (sha256) and the digests compared without an early exit.
    expect(buffer).toContain("sha256");
    expect(buffer).toMatch(/out \|= aChar \^ bChar/);
  });
});

describe("security headers and CSP on every page type", () => {
  const COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
  };

  function expectCommon(res: Response, where: string) {
    for (const [name, value] of Object.entries(COMMON)) expect(res.headers.get(name), `${where} ${name}`).toBe(value);
    expect(res.headers.get("strict-transport-security"), where).toContain("max-age=");
  }

  /** The dashboard/preview page policy: nonce'd scripts only, no inline or eval, no plugins, own frames only. */
  function expectPageCsp(res: Response, where: string) {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, where).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    expect(csp, where).not.toContain("unsafe-inline");
    expect(csp, where).not.toContain("unsafe-eval");
    expect(csp, where).toContain("object-src 'none'");
    expect(csp, where).toContain("base-uri 'none'");
    expect(csp, where).toContain("frame-ancestors 'self'");
  }

  test("dashboard and preview pages", async () => {
    const pages = ["/", "/scenes", `/scenes/${ids.id}`, `/scenes/${ids.id}/diff?from=1&to=1`, "/failures", "/backfill", `/backfill/${ids.backfill}`, "/verify",
      `/scenes/${ids.id}/preview`, `/scenes/${ids.id}/preview/compare`, `/projects/${PROJECT}/preview`];
    for (const page of pages) {
      const res = await request(page, { headers: { cookie } });
      expect(res.status, page).toBe(200);
      expectCommon(res, page);
      expectPageCsp(res, page);
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1];
      // Every script element carries this response's nonce.
      for (const tag of (await res.text()).match(/<script\b[^>]*>/g) ?? []) expect(tag, page).toContain(`nonce="${nonce}"`);
    }
  });

  test("login form, HTML error pages (404, 400) and JSON errors", async () => {
    for (const [path, status] of [["/login", 200], ["/no-such-page", 404], [`/scenes/${crypto.randomUUID()}`, 404], ["/scenes?q=%00", 400]] as const) {
      const res = await request(path, { headers: path === "/login" ? {} : { cookie } });
      expect(res.status, path).toBe(status);
      expectCommon(res, path);
      expectPageCsp(res, path);
    }
    const json = await request("/api/nope", { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(json.status).toBe(404);
    expectCommon(json, "/api/nope");
    expect(json.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  test("the sandbox frame: no network, no forms, framed only by us", async () => {
    const res = await request("/sandbox");
    expectCommon(res, "/sandbox");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(res.headers.get("permissions-policy")).toBeTruthy();
  });

  test("static assets (an SVG opened directly must not run script)", async () => {
    for (const path of ["/app.css", "/favicon.svg", "/vendor/htmx.min.js", "/build/dashboard.js", `/build/preview/${BUNDLE}`]) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expectCommon(res, path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/default-src 'none'|script-src/);
      expect(csp, path).not.toContain("unsafe-eval");
    }
    expect((await request("/favicon.svg")).headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});

describe("path traversal against every static route", () => {
  const STATIC_PREFIXES = ["/vendor/", "/build/", "/build/preview/", "/app.css/", "/favicon.svg/"];
  const TARGETS = ["package.json", "src/config.ts", "etc/passwd"];
  const encodings = (target: string) => {
    const up = (sep: string) => `..${sep}`.repeat(8) + target.replaceAll("/", sep);
    return [
      up("/"),
      up("%2f"),
      up("%2F").replaceAll("..", "%2e%2e"),
      up("%252f").replaceAll("..", "%252e%252e"),
      up("\\"),
      up("%5c"),
      up("%255c"),
      `....//....//....//....//${target}`,
      `..%c0%af..%c0%af..%c0%af${target}`,
      `%2e%2e/%2e%2e/%2e%2e/%2e%2e/${target}`,
      `..;/..;/..;/${target}`,
    ];
  };

  test("no encoding reaches a file outside public/", async () => {
    const secrets = [readFileSync("package.json", "utf8").slice(0, 40), "loadConfig", "root:x:0:0"];
    let tried = 0;
    for (const prefix of STATIC_PREFIXES) {
      for (const target of TARGETS) {
        for (const tail of encodings(target)) {
          const res = await request(`${prefix}${tail}`, { headers: { cookie } });
          const body = await res.text();
          tried++;
          expect(res.status, `${prefix}${tail}`).not.toBe(500);
          for (const secret of secrets) expect(body.includes(secret), `${prefix}${tail}`).toBe(false);
        }
      }
    }
    expect(tried).toBe(STATIC_PREFIXES.length * TARGETS.length * 11);
    expect(existsSync("package.json")).toBe(true);
  });
});
