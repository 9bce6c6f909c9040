// Verification wired into every write: create, API edit, recompile, dashboard edit and bulk recompile,
// backfill (main thread and Worker batches) and `--reverify` store compileMeta.verify, and a scene that
// fails it is `unverified` in the API JSON, the ?status= filter and the counts — on both drivers.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { buildTestApp, type TestApp } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { FAILS_VERIFICATION, FAILURE_AT, VERIFIES } from "./helpers/verify-scenes.ts";

const GOOD = VERIFIES;
const BAD = FAILS_VERIFICATION;

const BAD_ERROR = FAILURE_AT;

describeEachDriver("verification on every write", (ctx) => {
  let t: TestApp;
  beforeAll(() => {
    t = buildTestApp(ctx.db, { verifyWorkers: 1 });
  });
  afterAll(() => t.services.close());

  const json = async (path: string, init?: Parameters<TestApp["api"]>[1]) => {
    const res = await t.api(path, init);
    expect(res.status).toBeLessThan(300);
    return res.json();
  };

  test("create: a good scene is compiled with verify.ok true, interpolate([0,1],[0,1,2]) is unverified with frame and line", async () => {
    for (const version of [1, 2] as const) {
      const good = await t.createScene({ name: `good v${version}`, tsx: GOOD });
      expect(good.status).toBe("compiled");
      const bad = await json(`/api/scenes`, { method: "POST", json: { name: `bad v${version}`, tsx: BAD } }).then((b) => b.scene);
      expect(bad.status).toBe("unverified");
      // recompile to the other version goes through the same path
      const recompiled = (await json(`/api/scenes/${bad.id}/compile`, { method: "POST", json: { version } })).scene;
      expect(recompiled.compilationVersion).toBe(version);
      expect(recompiled.status).toBe("unverified");
      expect(recompiled.compileMeta.verify).toMatchObject({ ok: false, error: BAD_ERROR });
      expect(recompiled.compileMeta.verify.error.message).toMatch(/inputRange \(2\) and outputRange \(3\)|same length/i);
      const good2 = (await json(`/api/scenes/${good.id}/compile`, { method: "POST", json: { version } })).scene;
      expect(good2.compileMeta.verify).toMatchObject({ ok: true, frames: [0, 74, 149] });
      expect(good2.compileMeta.verify.ms).toBeGreaterThanOrEqual(0);
    }
  });

  test("API edit stores the new artifact's verification in the same write; the filter and counts agree", async () => {
    const scene = await t.createScene({ name: "edited", tsx: GOOD });
    const edited = (await json(`/api/scenes/${scene.id}`, { method: "PATCH", json: { tsx: BAD } })).scene;
    expect(edited.revision).toBe(2);
    expect(edited.status).toBe("unverified");
    expect(edited.compileMeta.verify.error).toMatchObject(BAD_ERROR);
    const listed = await json(`/api/scenes?status=unverified&limit=100`);
    const ids = listed.scenes.map((s: { id: string }) => s.id);
    expect(ids).toContain(scene.id);
    expect(listed.scenes.every((s: { status: string }) => s.status === "unverified")).toBe(true);
    const compiled = await json(`/api/scenes?status=compiled&limit=100`);
    expect(compiled.scenes.map((s: { id: string }) => s.id)).not.toContain(scene.id);
    const fixed = (await json(`/api/scenes/${scene.id}`, { method: "PATCH", json: { tsx: GOOD } })).scene;
    expect(fixed.status).toBe("compiled");
    expect(fixed.compileMeta.verify.ok).toBe(true);
  });

  test("dashboard edit and bulk recompile verify too", async () => {
    const scene = await t.createScene({ name: "dash", tsx: GOOD });
    await t.services.dashboard.editTsx(scene.id, BAD, scene.revision);
    const after = (await json(`/api/scenes/${scene.id}`)).scene;
    expect(after.revision).toBe(2);
    expect(after.status).toBe("unverified");
    // Bulk recompile: the stored verification is replaced by a fresh one (same result, new write).
    await ctx.db.query(`update scenes set compile_meta = compile_meta - 'verify' where id = $1`, [scene.id]);
    const bulk = await t.services.dashboard.recompileMatching({ q: "dash" });
    expect(bulk.total).toBeGreaterThanOrEqual(1);
    const again = (await json(`/api/scenes/${scene.id}`)).scene;
    expect(again.compileMeta.verify).toMatchObject({ ok: false, error: BAD_ERROR });
  });

  test("backfill verifies each compiled scene, on the main thread and on Worker batches", async () => {
    for (const workers of [0, 1]) {
      const scene = await t.createScene({ name: `backfill ${workers}`, tsx: BAD });
      await ctx.db.query(`update scenes set js_code = null, compile_meta = compile_meta - 'verify' where id = $1`, [scene.id]);
      const handle = await t.services.backfill.start({ batchSize: 5 }, { workers });
      const run = await handle.done;
      expect(run.status).toBe("succeeded");
      const stored = (await json(`/api/scenes/${scene.id}`)).scene;
      expect(stored.status).toBe("unverified");
      expect(stored.compileMeta.verify).toMatchObject({ ok: false, error: BAD_ERROR });
    }
  });

  test("--reverify rewrites compileMeta.verify only: no compile event, JS and revision unchanged", async () => {
    const scene = await t.createScene({ name: "reverify", tsx: BAD });
    // As if verified by an older stand-in that passed it.
    await ctx.db.query(`update scenes set compile_meta = jsonb_set(compile_meta, '{verify}', '{"ok":true,"frames":[0],"ms":1}') where id = $1`, [scene.id]);
    expect((await json(`/api/scenes/${scene.id}`)).scene.status).toBe("compiled");
    const [{ n: eventsBefore }] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from compile_events`);
    const seen: number[] = [];
    const result = await t.services.reverify({ batchSize: 3, onProgress: (p) => seen.push(p.processed) });
    const [{ n: total }] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from scenes where js_code is not null`);
    expect(result.processed).toBe(total);
    expect(seen.length).toBe(Math.ceil(total / 3));
    expect(result.failed).toBeGreaterThanOrEqual(1);
    const [{ n: eventsAfter }] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from compile_events`);
    expect(eventsAfter).toBe(eventsBefore);
    const after = (await json(`/api/scenes/${scene.id}`)).scene;
    expect(after.status).toBe("unverified");
    expect(after.compileMeta.verify.error).toMatchObject(BAD_ERROR);
    expect(after.js).toBe(scene.js);
    expect(after.revision).toBe(scene.revision);
  });

  test("a full queue stores a documented 'not verified' state that is not unverified", async () => {
    const { createVerificationService } = await import("../src/services/verification.ts");
    const busy = createVerificationService({ workers: 1, deadlineMs: 100, memoryBytes: 64 * 1024 * 1024, maxQueue: 0 });
    try {
      const verify = await busy.verify("return () => null", 1, { durationInFrames: 10, fps: 30, width: 10, height: 10 }, null);
      expect(verify).toEqual({ ok: null, skipped: "busy" });
    } finally {
      await busy.close();
    }
    const scene = await t.createScene({ name: "busy", tsx: GOOD });
    await ctx.db.query(`update scenes set compile_meta = jsonb_set(compile_meta, '{verify}', '{"ok":null,"skipped":"busy"}') where id = $1`, [scene.id]);
    expect((await json(`/api/scenes/${scene.id}`)).scene.status).toBe("compiled");
  });
});
