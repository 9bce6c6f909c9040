// The data layer behaves the same on PGlite and real Postgres: migrations, types, transactions, queries.
import { expect, test } from "bun:test";
import type { Queryable } from "../src/db/open.ts";
import * as q from "../src/db/queries.ts";
import * as seedSql from "../scripts/seed-sql.ts";
import { isPostgresUrl } from "../src/db/open.ts";
import { describeEachDriver } from "./helpers/db.ts";

/** The API's list as the scene service reads it: a project in play order, everything else newest first. */
const listSummaries = (db: Queryable, filter: q.SceneListFilter, limit: number, after: q.SceneKeyset | null) =>
  q.listScenes(db, "summary", filter, filter.projectId ? "position_asc" : "updated_desc", limit, after);

const write = (over: Partial<q.SceneWrite> = {}): q.SceneWrite => ({
  projectId: null,
  position: 0,
  name: "Scene",
  tsx: "export default function A() { return null }",
  js: "return A;",
  jsCompiledAt: new Date(),
  jsRevision: 1,
  compilationVersion: 1,
  compileMeta: { hash: "abc", componentName: "A" } as unknown as q.SceneWrite["compileMeta"],
  compilationError: null,
  durationInFrames: 90,
  fps: 30,
  width: 1280,
  height: 720,
  revision: 1,
  ...over,
});

test("isPostgresUrl picks the driver from the URL scheme", () => {
  expect(isPostgresUrl("postgres://x@h/db")).toBe(true);
  expect(isPostgresUrl("postgresql://x@h/db")).toBe(true);
  expect(isPostgresUrl("memory://")).toBe(false);
  expect(isPostgresUrl(undefined)).toBe(false);
});

describeEachDriver("data layer", (ctx) => {
  test("migrations created every table of the design", async () => {
    const rows = await ctx.db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "backfill_runs", "compile_events", "dashboard_sessions", "export_chunks", "exports", "idempotency_keys", "projects", "runtime_events", "scene_revisions", "scenes",
    ]);
  });

  test("query always returns an array with normalised types", async () => {
    const rows = await ctx.db.query<Record<string, unknown>>(
      `select 42::int8 as big, 2.5::numeric as num, '2024-03-01T12:00:00Z'::timestamptz as at,
              '2024-03-01'::date as day, $1::jsonb as doc, null::int8 as nothing`,
      [{ nested: [1, "two"] }],
    );
    expect(Array.isArray(rows)).toBe(true);
    expect(rows[0]).toEqual({
      big: 42,
      num: 2.5,
      at: new Date("2024-03-01T12:00:00Z"),
      day: "2024-03-01",
      doc: { nested: [1, "two"] },
      nothing: null,
    });
    expect(await ctx.db.query("select 1 where false")).toEqual([]);
  });

  test("reserveSession keeps parameters and session state (an advisory lock stays with its session)", async () => {
    const session = await ctx.db.reserveSession();
    try {
      expect(await session.query<{ n: number }>("select $1::int + 1 as n", [41])).toEqual([{ n: 42 }]);
      expect((await session.query<{ ok: boolean }>("select pg_try_advisory_lock(7, 7) as ok"))[0]!.ok).toBe(true);
      if (ctx.driver === "postgres") {
        // Another connection cannot take it while the reserved one holds it.
        const other = await ctx.db.reserveSession();
        expect((await other.query<{ ok: boolean }>("select pg_try_advisory_lock(7, 7) as ok"))[0]!.ok).toBe(false);
        await other.release();
      }
      expect((await session.query<{ ok: boolean }>("select pg_advisory_unlock(7, 7) as ok"))[0]!.ok).toBe(true);
    } finally {
      await session.release();
    }
  });

  test("a throw inside transaction rolls every statement back", async () => {
    const before = await q.countScenes(ctx.db);
    await expect(
      ctx.db.transaction(async (tx) => {
        await q.insertScene(tx, write());
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await q.countScenes(ctx.db)).toBe(before);
  });

  test("scene rows round-trip with camelCase fields and jsonb objects", async () => {
    const row = await ctx.db.transaction((tx) => q.insertScene(tx, write({ name: "Round trip" })));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.createdAt).toBeInstanceOf(Date);
    const again = await q.getScene(ctx.db, row.id);
    expect(again).toEqual(row);
    expect(again!.compileMeta as unknown).toEqual({ hash: "abc", componentName: "A" });
    expect(await q.getScene(ctx.db, crypto.randomUUID())).toBeNull();
  });

  test("scene_revisions rejects a second row for the same revision", async () => {
    const row = await ctx.db.transaction((tx) => q.insertScene(tx, write()));
    const rev = { sceneId: row.id, revision: 1, name: row.name, tsx: row.tsx };
    await q.insertRevision(ctx.db, rev);
    await expect(q.insertRevision(ctx.db, rev)).rejects.toThrow();
    expect((await q.getRevision(ctx.db, row.id, 1))!.tsx).toBe(row.tsx);
  });

  test("listScenes filters by status, version, project and search, paging by keyset", async () => {
    const project = crypto.randomUUID();
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await ctx.db.transaction((tx) =>
          q.insertScene(tx, write({
            projectId: project,
            position: 4 - i,
            name: `Needle ${i}`,
            compilationVersion: i % 2 ? 2 : 1,
            ...(i === 3 ? { js: null, jsRevision: null, compilationError: { code: "syntax", message: "Oops at 3", line: 1, column: 1, frame: null } } : {}),
            ...(i === 4 ? { js: null, jsRevision: null, compileMeta: null } : {}),
          })),
        ),
      );
    }
    const inProject = await listSummaries(ctx.db, { projectId: project }, 10, null);
    expect(inProject.map((s) => s.position)).toEqual([0, 1, 2, 3, 4]);
    expect(inProject.map((s) => s.status)).toEqual(["pending", "failed", "compiled", "compiled", "compiled"]);
    expect(Object.keys(inProject[0]!)).not.toContain("tsx");

    const failed = await listSummaries(ctx.db, { projectId: project, status: "failed" }, 10, null);
    expect(failed.map((s) => s.name)).toEqual(["Needle 3"]);
    const v2 = await listSummaries(ctx.db, { projectId: project, version: 2 }, 10, null);
    expect(v2.map((s) => s.name).sort()).toEqual(["Needle 1", "Needle 3"]);
    const byError = await listSummaries(ctx.db, { q: "oops AT" }, 10, null);
    expect(byError.map((s) => s.name)).toEqual(["Needle 3"]);
    const byIdPrefix = await listSummaries(ctx.db, { q: made[2]!.id.slice(0, 13) }, 10, null);
    expect(byIdPrefix.map((s) => s.id)).toEqual([made[2]!.id]);
    // Every word is a prefix of a word (punctuation separates words); not a substring inside a word.
    expect((await listSummaries(ctx.db, { q: "need 3" }, 10, null)).map((s) => s.name)).toEqual(["Needle 3"]);
    expect((await listSummaries(ctx.db, { q: "Needle%" }, 10, null))).toHaveLength(5);
    expect(await listSummaries(ctx.db, { q: "eedle" }, 10, null)).toEqual([]);

    const page1 = await listSummaries(ctx.db, { projectId: project }, 2, null);
    expect(page1).toHaveLength(3); // limit + 1 tells a next page exists
    const last = page1[1]!;
    const page2 = await listSummaries(ctx.db, { projectId: project }, 2, { key: String(last.position), id: last.id });
    expect(page2.map((s) => s.position)).toEqual([2, 3, 4]);
  });

  test("dailyCompileMetrics zero-fills UTC days and computes percentiles", async () => {
    const sceneId = crypto.randomUUID();
    for (const [ms, ok, verifyOk] of [[1, true, true], [2, true, false], [3, true, null], [4, false, null]] as const) {
      await q.insertCompileEvent(ctx.db, {
        sceneId, trigger: "create", ok, durationMs: ms, inputBytes: 100, outputBytes: ok ? 80 : 0,
        tool: "sucrase", toolVersion: "3.35.1", targetVersion: 1, error: ok ? null : { message: "x" }, verifyOk,
      });
    }
    const days = await q.dailyCompileMetrics(ctx.db, 7);
    expect(days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(days[6]!.day).toBe(today);
    expect(days[0]).toEqual({
      day: new Date(Date.now() - 6 * 86400_000).toISOString().slice(0, 10),
      compiles: 0, failures: 0, verifyFailures: 0, p50Ms: null, p95Ms: null, inputBytes: 0, outputBytes: 0,
      backfillCompiles: 0, backfillFailures: 0, backfillVerifyFailures: 0, writeP50Ms: null, writeP95Ms: null, backfillP50Ms: null,
    });
    expect(days[6]).toMatchObject({ compiles: 4, failures: 1, verifyFailures: 1, p50Ms: 2.5, inputBytes: 400, outputBytes: 240 });
    expect(days[6]!.p95Ms).toBeCloseTo(3.85, 5);

    // A backfill day: many fast compiles must not pull the write-time median down.
    for (let i = 0; i < 9; i++) {
      await q.insertCompileEvent(ctx.db, {
        sceneId, trigger: "backfill", ok: i > 0, durationMs: 0.1, inputBytes: 100, outputBytes: 80,
        tool: "sucrase", toolVersion: "3.35.1", targetVersion: 1, error: null, verifyOk: i === 0 ? null : i > 1,
      });
    }
    const after = (await q.dailyCompileMetrics(ctx.db, 7))[6]!;
    expect(after).toMatchObject({
      compiles: 13, failures: 2, verifyFailures: 2, backfillCompiles: 9, backfillFailures: 1, backfillVerifyFailures: 1, writeP50Ms: 2.5,
    });
    expect(after.p50Ms).toBeCloseTo(0.1, 5);
    expect(after.backfillP50Ms).toBeCloseTo(0.1, 5);
    expect(after.writeP95Ms).toBeCloseTo(3.85, 5);
  });

  test("synthetic seed SQL produces a realistic mix on this driver", async () => {
    const salt = crypto.randomUUID().slice(0, 8);
    const sample = { tsx: "export default () => null;", js: "return X;" };
    const templates: seedSql.SyntheticSceneTemplates = {
      names: ["A", "B"], tsx: [sample.tsx, sample.tsx], jsV1: ["return A;", "return B;"], jsV2: ["return A2;", "return B2;"],
      metaV1: [JSON.stringify({ hash: "a1" }), JSON.stringify({ hash: "b1" })],
      metaV2: [JSON.stringify({ hash: "a2" }), JSON.stringify({ hash: "b2" })],
      brokenTsx: "export default (", errorJson: JSON.stringify({ code: "syntax", message: "Unexpected token", line: 1, column: 16, frame: null }),
    };
    expect(await seedSql.insertSyntheticScenes(ctx.db, salt, 1, 150, templates)).toBe(150);
    expect(await seedSql.insertSyntheticScenes(ctx.db, salt, 151, 300, templates)).toBe(150);
    expect(await seedSql.insertSyntheticCompileEvents(ctx.db, salt, 300, 2000)).toBe(2000);
    expect(await seedSql.insertSyntheticRuntimeEvents(ctx.db, salt, 300, 300)).toBe(300);

    const rows = await listSummaries(ctx.db, { q: " #" }, 200, null);
    const statuses = new Set(rows.map((r) => r.status));
    expect([...statuses].sort()).toEqual(["compiled", "failed", "pending"]);
    expect(new Set(rows.map((r) => r.compilationVersion))).toEqual(new Set([1, 2]));
    expect(new Set(rows.map((r) => r.projectId)).size).toBeGreaterThan(10);
    // Failed edits that kept their JS lag: jsRevision < revision.
    expect(rows.some((r) => r.status === "failed" && r.jsRevision !== null && r.jsRevision < r.revision)).toBe(true);
    // Every synthetic revision is retrievable.
    const edited = rows.find((r) => r.revision === 2)!;
    expect((await q.getRevision(ctx.db, edited.id, 2))?.revision).toBe(2);
    expect((await q.getRevision(ctx.db, edited.id, 1))?.revision).toBe(1);

    const days = await q.dailyCompileMetrics(ctx.db, 91);
    const total = days.reduce((n, d) => n + d.compiles, 0);
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(days.filter((d) => d.compiles > 0).length).toBeGreaterThan(60);
    const median = days.find((d) => d.compiles > 20)!.p50Ms!;
    expect(median).toBeGreaterThan(0.1);
    expect(median).toBeLessThan(2);
  });
});
