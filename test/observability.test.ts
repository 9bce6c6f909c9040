// Observability: request ids in the JSON log, the Prometheus series after a short run, /healthz as
// liveness (no database) and /readyz as readiness (database reachable, every migration applied).
import { expect, test } from "bun:test";
import type { CompileMeta } from "../src/compiler/types.ts";
import { openDatabase } from "../src/db/open.ts";
import { createMetrics } from "../src/observability/metrics.ts";
import { buildTestApp, TEST_TOKEN } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { captureLog } from "./helpers/log.ts";

const GOOD_TSX = `import { AbsoluteFill } from "remotion";\nexport const Hello = () => <AbsoluteFill>Hi</AbsoluteFill>;\n`;
const BROKEN_TSX = `export const Broken = () => <div>;\n`;

/** The value of one sample line (`name{labels} value`) or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describeEachDriver("observability", (ctx) => {
  test("a client's X-Request-Id is echoed and appears in its access-log line with the route pattern", async () => {
    const log = captureLog();
    const t = buildTestApp(ctx.db, {}, { logger: log.logger });
    const scene = await t.createScene({ name: "logged", tsx: GOOD_TSX });
    const res = await t.api(`/api/scenes/${scene.id}`, { headers: { "x-request-id": "client-req-42" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("client-req-42");
    const line = log.entries().find((e) => e.reqId === "client-req-42");
    expect(line).toMatchObject({ msg: "request", method: "GET", route: "/api/scenes/:id", status: 200, level: "info" });
    expect(typeof line!.ms).toBe("number");
    expect(JSON.stringify(line)).not.toContain(scene.id); // the pattern, not the raw path

    // Not acceptable (too long, control characters): a fresh UUID instead, still echoed and logged.
    for (const bad of ["x".repeat(129), "a\tb"]) {
      const other = await t.api("/api/config", { headers: { "x-request-id": bad } });
      const id = other.headers.get("x-request-id")!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(log.entries().some((e) => e.reqId === id && e.route === "/api/config")).toBe(true);
    }
    // Every line of a failing request carries its id: the error line and the access line.
    const missing = await t.api("/api/scenes/not-a-uuid", { headers: { "x-request-id": "req-404" } });
    expect(missing.status).toBe(404);
    expect(log.entries().filter((e) => e.reqId === "req-404").map((e) => e.status)).toEqual([404]);
  });

  test("/metrics: 401 without a token, the series after a short run, METRICS_TOKEN reads it", async () => {
    const t = buildTestApp(ctx.db, { metricsToken: "scrape-only-token" });
    expect((await t.app.request("/metrics")).status).toBe(401);
    expect((await t.app.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    // The metrics token opens /metrics and nothing else.
    expect((await t.app.request("/api/scenes", { headers: { authorization: "Bearer scrape-only-token" } })).status).toBe(401);

    const a = await t.createScene({ name: "m-ok", tsx: GOOD_TSX });
    await t.createScene({ name: "m-broken", tsx: BROKEN_TSX });
    expect((await t.api(`/api/scenes/${a.id}/compile`, { method: "POST", json: { version: 2 } })).status).toBe(200);

    // A backfill held after its first batch: the progress gauges show the running run.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstBatch!: () => void;
    const reachedBatch = new Promise<void>((resolve) => (firstBatch = resolve));
    const handle = await t.services.backfill.start({ targetVersion: 2, batchSize: 1 }, {
      onProgress: () => {
        firstBatch();
        return gate;
      },
    });
    await reachedBatch;
    const during = await (await t.app.request("/metrics", { headers: { authorization: "Bearer scrape-only-token" } })).text();
    release();
    await handle.done;
    expect(sample(during, "clapper_backfill_running")).toBe(1);
    expect(sample(during, "clapper_backfill_processed")).toBeGreaterThanOrEqual(1);
    expect(sample(during, "clapper_backfill_total")).toBe(handle.run.total!);

    const res = await t.app.request("/metrics", { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(sample(text, "clapper_http_request_duration_seconds_count", { method: "POST", route: "/api/scenes", status: "201" })).toBe(2);
    expect(sample(text, "clapper_http_request_duration_seconds_count", { route: "/api/scenes/:id/compile", status: "200" })).toBe(1);
    expect(sample(text, "clapper_compile_duration_seconds_count", { version: "1", trigger: "create" })).toBe(2);
    expect(sample(text, "clapper_compile_failures_total", { version: "1", trigger: "create" })).toBe(1);
    expect(sample(text, "clapper_compile_duration_seconds_count", { version: "2", trigger: "recompile" })).toBe(1);
    expect(sample(text, "clapper_compile_duration_seconds_count", { version: "2", trigger: "backfill" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "clapper_backfill_running")).toBe(0);
    expect(sample(text, "clapper_export_frames_rendered")).toBe(0);
    expect(text).toContain("# TYPE clapper_export_frames_rendered gauge"); // the stored sum drops on prune
    // Every stored successful compile, backfill included, reports its verification (backfill after it verified).
    const compiled = (trigger: string, version: string) =>
      sample(text, "clapper_compile_duration_seconds_count", { version, trigger })! -
      (sample(text, "clapper_compile_failures_total", { version, trigger }) ?? 0);
    const verified = ["ok", "failed", "timed_out", "skipped"]
      .map((result) => sample(text, "clapper_verify_results_total", { result }) ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(compiled("backfill", "2")).toBeGreaterThanOrEqual(1);
    expect(verified).toBe(compiled("create", "1") + compiled("recompile", "2") + compiled("backfill", "2"));
    expect(sample(text, "clapper_db_up")).toBe(1);
    expect(sample(text, "clapper_db_in_flight", { kind: "query" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "clapper_db_pool_max")).toBe(ctx.driver === "pglite" ? 1 : 10);
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);

    // A second app in the same process has its own registry: none of the first app's requests.
    const other = buildTestApp(ctx.db);
    const fresh = await (await other.api("/metrics")).text();
    expect(sample(fresh, "clapper_http_request_duration_seconds_count", { route: "/api/scenes", status: "201" })).toBeUndefined();
  });

  test("/readyz: 200 with the migrations applied, 503 migrations_pending when the newest is missing", async () => {
    const t = buildTestApp(ctx.db);
    const ready = await t.app.request("/readyz");
    expect(ready.status).toBe(200);
    const { migration } = await ready.json();
    expect(migration).toMatch(/^\d{4}_/);
    // Un-apply the newest migration's journal row, ask, and put the row back exactly as it was.
    const [row] = await ctx.db.query<{ id: number; hash: string; at: number }>(
      "select id, hash, created_at as at from drizzle.__drizzle_migrations order by created_at desc limit 1",
    );
    await ctx.db.query("delete from drizzle.__drizzle_migrations where id = $1", [row!.id]);
    try {
      const pending = await t.app.request("/readyz");
      expect(pending.status).toBe(503);
      expect((await pending.json()).error).toMatchObject({ code: "migrations_pending" });
    } finally {
      await ctx.db.query("insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)", [row!.id, row!.hash, row!.at]);
    }
    expect((await t.app.request("/readyz")).status).toBe(200);
  });
});

test("/readyz is 503 when the database is closed; /healthz stays 200 without it", async () => {
  const db = await openDatabase("memory://");
  const t = buildTestApp(db);
  expect((await t.app.request("/readyz")).status).toBe(200);
  await db.close();
  const notReady = await t.app.request("/readyz");
  expect(notReady.status).toBe(503);
  expect((await notReady.json()).error.code).toBe("db_unreachable");
  const live = await t.app.request("/healthz");
  expect(live.status).toBe(200);
  expect(await live.json()).toMatchObject({ ok: true });
});

test("verification outcomes in compileMeta.verify are counted as ok, failed, timed_out and skipped", async () => {
  const db = await openDatabase("memory://");
  try {
    const metrics = createMetrics(db);
    const meta = { targetVersion: 1, trigger: "create", timings: { ms: 1.5 } } as CompileMeta;
    metrics.observeCompile({ ...meta, verify: { ok: true } } as CompileMeta, true);
    metrics.observeCompile({ ...meta, verify: { ok: true } } as CompileMeta, true);
    metrics.observeCompile({ ...meta, verify: { ok: false } } as CompileMeta, true);
    metrics.observeCompile({ ...meta, verify: { ok: false, timedOut: true } } as CompileMeta, true);
    // Not verified at all (the pool was busy): not a failure.
    metrics.observeCompile({ ...meta, verify: { ok: null, skipped: "busy" } } as unknown as CompileMeta, true);
    metrics.observeCompile(meta, false); // never verified: no verification sample
    const { body } = await metrics.scrape();
    expect(sample(body, "clapper_verify_results_total", { result: "ok" })).toBe(2);
    expect(sample(body, "clapper_verify_results_total", { result: "failed" })).toBe(1);
    expect(sample(body, "clapper_verify_results_total", { result: "timed_out" })).toBe(1);
    expect(sample(body, "clapper_verify_results_total", { result: "skipped" })).toBe(1);
    expect(sample(body, "clapper_compile_duration_seconds_count", { version: "1", trigger: "create" })).toBe(6);
    expect(sample(body, "clapper_compile_failures_total", { version: "1", trigger: "create" })).toBe(1);
  } finally {
    await db.close();
  }
});
