// /api/backfill and the /backfill + /verify dashboard through app.request, on PGlite and Postgres.
import { beforeAll, expect, test } from "bun:test";
import { seedLegacyScenes } from "../scripts/legacy-seed.ts";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDriver("backfill API and dashboard", (ctx) => {
  let t: TestApp;
  let cookie = "";

  const browse = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    if (init.method === "POST") headers.set("origin", TEST_ORIGIN);
    if (init.body) headers.set("content-type", "application/x-www-form-urlencoded");
    return t.app.request(`${TEST_ORIGIN}${path}`, { ...init, headers });
  };
  const htmx = (path: string, init: RequestInit = {}) => browse(path, { ...init, headers: { "hx-request": "true" } });

  async function waitForEnd(id: string) {
    for (let i = 0; i < 600; i++) {
      const { run } = await (await t.api(`/api/backfill/${id}`)).json();
      if (run.status !== "running") return run;
      await Bun.sleep(50);
    }
    throw new Error(`run ${id} did not end`);
  }

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    await seedLegacyScenes(ctx.db, 60);
    const login = await browse("/login", { method: "POST", body: form({ token: TEST_TOKEN, next: "/backfill" }) });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toContain("=");
  });

  test("bad options are 400 with the field named; unknown runs are 404", async () => {
    for (const json of [{ batchSize: 0 }, { targetVersion: 3 }, { onlyMissing: "yes" }, { batchSize: 10, extra: 1 }]) {
      const res = await t.api("/api/backfill", { method: "POST", json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
    const broken = await t.api("/api/backfill", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect((await t.api("/api/backfill/nope")).status).toBe(404);
    expect((await t.api(`/api/backfill/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await t.api(`/api/backfill/${crypto.randomUUID()}/cancel`, { method: "POST" })).status).toBe(404);
    expect((await t.app.request(`${TEST_ORIGIN}/api/backfill/${crypto.randomUUID()}`)).status).toBe(401);
  });

  test("POST starts a server-side run (202), a second start is 409, the run finishes on its own", async () => {
    const res = await t.api("/api/backfill", { method: "POST", json: { batchSize: 5 } });
    expect(res.status).toBe(202);
    const { run } = await res.json();
    expect(res.headers.get("location")).toBe(`/api/backfill/${run.id}`);
    expect(run).toMatchObject({ status: "running", total: 60, options: { batchSize: 5, onlyMissing: true, dryRun: false } });

    const second = await t.api("/api/backfill", { method: "POST" });
    expect(second.status).toBe(409);
    const body = await second.json();
    expect(body.error).toMatchObject({ code: "backfill_running", details: { runId: run.id } });

    const final = await waitForEnd(run.id);
    expect(final).toMatchObject({ status: "succeeded", processed: 60 });
    expect(final.succeeded + final.failed).toBe(60);
    expect(final.figures.percent).toBe(100);
    expect(final.figures.rate).toBeGreaterThan(0);
    // Cancelling a finished run changes nothing.
    const cancel = await t.api(`/api/backfill/${run.id}/cancel`, { method: "POST" });
    expect((await cancel.json()).run.status).toBe("succeeded");
  });

  test("the dashboard starts a run from the form, polls until it ends, then stops polling", async () => {
    const started = await htmx("/backfill", {
      method: "POST",
      body: form({ mode: "upgrade", targetVersion: "2", batchSize: "7", dryRun: "1" }),
    });
    expect(started.status).toBe(200);
    const card = await started.text();
    const id = /data-run-id="([0-9a-f-]{36})"/.exec(card)![1]!;
    expect(card).toContain(`hx-get="/backfill/${id}/progress"`);
    expect(card).toContain('hx-trigger="every 1s"');
    expect(card).toContain("dry run");

    await waitForEnd(id);
    const fragment = await (await htmx(`/backfill/${id}/progress`)).text();
    expect(fragment).not.toContain("hx-trigger");
    expect(fragment).toContain('data-run-status="succeeded"');
    expect(fragment).toMatch(/data-figure="processed">60 \/ 60/);

    // While a run is live (held after its first batch), a second start shows the form again with
    // the reason (409), the choices kept.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = await t.services.backfill.start({ targetVersion: 2, dryRun: true }, { onProgress: () => gate });
    const refused = await htmx("/backfill", { method: "POST", body: form({ mode: "missing", batchSize: "33" }) });
    release();
    await held.done;
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("already running");
    expect(html).toContain('value="33"');

    const page = await (await browse("/backfill")).text();
    expect(page).toContain("Start a backfill");
    expect(page).toContain(`href="/backfill/${id}"`);

    const bad = await htmx("/backfill", { method: "POST", body: form({ batchSize: "0" }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("batchSize must be");
  });

  test("a run page links its failed scenes; /verify lists what is still missing", async () => {
    const runs = await ctx.db.query<{ id: string; failed: number }>(
      "select id, failed from backfill_runs where options->>'dryRun' = 'false' order by created_at limit 1",
    );
    const run = runs[0]!;
    const page = await (await browse(`/backfill/${run.id}`)).text();
    const failed = await ctx.db.query<{ id: string }>("select id from scenes where compilation_error is not null");
    expect(failed.length).toBe(run.failed);
    for (const scene of failed) expect(page).toContain(`href="/scenes/${scene.id}"`);

    const verify = await (await browse("/verify")).text();
    expect(verify).toMatch(new RegExp(`data-check="missing">${failed.length}<`));
    expect(verify).toMatch(/data-check="stale">0</);
    for (const scene of failed) expect(verify).toContain(`href="/scenes/${scene.id}"`);
  });
});
