// Dashboard session hardening: logout revokes server-side, CSRF cannot be skipped by headers or content
// type, TRUST_PROXY decides whether X-Forwarded-Proto makes the cookie Secure, and wrong tokens are
// rate limited per client address.
import { beforeAll, expect, test } from "bun:test";
import { LOGIN_FAILURES_PER_MINUTE } from "../src/services/index.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";

const TSX = `export default function Scene() { return <div>hi</div>; }`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDriver("session security", (ctx) => {
  let t: TestApp;

  const post = (app: TestApp, path: string, body: string, headers: Record<string, string> = {}) =>
    app.app.request(`${TEST_ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN, ...headers },
      body,
    });

  async function login(app: TestApp, headers: Record<string, string> = {}) {
    const res = await post(app, "/login", form({ token: TEST_TOKEN, next: "/" }), headers);
    expect(res.status).toBe(303);
    return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, setCookie: res.headers.get("set-cookie")! };
  }

  beforeAll(() => {
    t = buildTestApp(ctx.db);
  });

  test("a cookie saved before logout no longer works after it (pages and API)", async () => {
    const { cookie } = await login(t);
    expect((await t.app.request(`${TEST_ORIGIN}/`, { headers: { cookie } })).status).toBe(200);
    expect((await t.app.request(`${TEST_ORIGIN}/api/scenes?limit=1`, { headers: { cookie } })).status).toBe(200);
    const out = await post(t, "/logout", "", { cookie });
    expect(out.status).toBe(303);
    const page = await t.app.request(`${TEST_ORIGIN}/`, { headers: { cookie } });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toStartWith("/login");
    expect((await t.app.request(`${TEST_ORIGIN}/api/scenes?limit=1`, { headers: { cookie } })).status).toBe(401);
    // Another session is untouched by this logout.
    const other = await login(t);
    expect((await t.app.request(`${TEST_ORIGIN}/`, { headers: { cookie: other.cookie } })).status).toBe(200);
  });

  test("dashboard writes need same origin even with an Authorization header or a JSON body", async () => {
    const { cookie } = await login(t);
    const scene = await t.createScene({ name: "csrf target", tsx: TSX });
    const attempts: Record<string, string>[] = [
      { cookie, authorization: "Bearer whatever", "content-type": "application/x-www-form-urlencoded" },
      { cookie, "content-type": "application/json" },
      { cookie, "content-type": "text/plain" },
    ];
    for (const headers of attempts) {
      const res = await t.app.request(`${TEST_ORIGIN}/scenes/${scene.id}/delete`, { method: "POST", headers, body: "{}" });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    const cross = await post(t, `/scenes/${scene.id}/delete`, "", { cookie, origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect((await t.api(`/api/scenes/${scene.id}`)).status).toBe(200);
  });

  test("X-Forwarded-Proto makes the cookie Secure only with TRUST_PROXY", async () => {
    const proxied = { "x-forwarded-proto": "https" };
    expect((await login(t, proxied)).setCookie).not.toContain("Secure");
    const trusting = buildTestApp(ctx.db, { trustProxy: true });
    expect((await login(trusting, proxied)).setCookie).toContain("Secure");
    expect((await login(trusting)).setCookie).not.toContain("Secure");
  });

  test("wrong tokens are limited per client address: 429 with Retry-After, even for the right token", async () => {
    const app = buildTestApp(ctx.db, { trustProxy: true });
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < LOGIN_FAILURES_PER_MINUTE; i++) {
      expect((await post(app, "/login", form({ token: "wrong" }), from("203.0.113.7"))).status).toBe(401);
    }
    const limited = await post(app, "/login", form({ token: TEST_TOKEN }), from("203.0.113.7"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await post(app, "/login", form({ token: TEST_TOKEN }), from("203.0.113.8"))).status).toBe(303);
  });
});
