// Backfill engine on PGlite and real Postgres: 1,000 legacy rows, failures, refusal, cancel, races.
import { expect, test } from "bun:test";
import { COMPILER_VERSION, compileScene } from "../src/compiler/index.ts";
import type { Queryable } from "../src/db/open.ts";
import * as q from "../src/db/queries.ts";
import { loadRealisticScenes, seedLegacyScenes } from "../scripts/legacy-seed.ts";
import { createBackfillService } from "../src/services/backfill.ts";
import type { Services } from "../src/services/index.ts";
import { testServices } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";

const samples = loadRealisticScenes();
const okSample = samples.find((s) => s.name === "title-card-intro") ?? samples[0]!;

interface StoredScene {
  id: string;
  name: string;
  tsx: string;
  js: string | null;
  revision: number;
  jsRevision: number | null;
  compilationVersion: number;
  compileMeta: q.SceneRow["compileMeta"];
  compilationError: q.SceneRow["compilationError"];
}

const allScenes = (db: Queryable) =>
  db.query<StoredScene>(
    `select id, name, tsx_code as tsx, js_code as js, revision, js_revision as "jsRevision",
       compilation_version as "compilationVersion", compile_meta as "compileMeta",
       compilation_error as "compilationError" from scenes order by id`,
  );

const backfillEventsPerScene = (db: Queryable) =>
  db.query<{ sceneId: string; n: number; trigger: string }>(
    `select scene_id as "sceneId", trigger, count(*)::int as n from compile_events group by scene_id, trigger`,
  );

const countMissing = async (db: Queryable) =>
  (await db.query<{ n: number }>("select count(*)::int as n from scenes where js_code is null"))[0]!.n;

describeEachDriver("backfill engine", (ctx) => {
  let services: Services | undefined;
  /** One service set per database, as one app has (its backfill service tracks the runs it works on). */
  const backfill = () => (services ??= testServices(ctx.db)).backfill;
  test("1,000 legacy rows backfill to 100% with backfill compile_meta, failures keep their TSX", async () => {
    await seedLegacyScenes(ctx.db, 1000, { samples });
    const before = await allScenes(ctx.db);
    expect(before.every((s) => s.js === null)).toBe(true);

    const progress: number[] = [];
    const handle = await backfill().start({}, { onProgress: (run) => void progress.push(run.processed) });
    expect(handle.run.status).toBe("running");
    expect(handle.run.total).toBe(1000);
    const run = await handle.done;

    const expectedFailures = before.filter((s) => /broken|unknown-import/.test(s.name)).length;
    expect(run).toMatchObject({ status: "succeeded", processed: 1000, skipped: 0, failed: expectedFailures });
    expect(run.succeeded).toBe(1000 - expectedFailures);
    expect(run.cursor!.afterId).toBe(before.at(-1)!.id);
    expect(run.cursor!.activeMs).toBeGreaterThan(0);
    // Ten batches of 100, each one committed and reported in order.
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);

    const after = await allScenes(ctx.db);
    for (const scene of after) {
      const original = before.find((b) => b.id === scene.id)!;
      expect(scene.tsx).toBe(original.tsx);
      expect(scene.revision).toBe(1);
      expect(scene.compileMeta).toMatchObject({ tool: "sucrase", trigger: "backfill", compiler: COMPILER_VERSION });
      expect(scene.compileMeta!.timings.ms).toBeGreaterThan(0);
      if (scene.compilationError) {
        expect(scene.js).toBeNull();
        expect(scene.jsRevision).toBeNull();
        expect(scene.compilationError.message.length).toBeGreaterThan(0);
      } else {
        expect(scene.js).toContain(`return ${scene.compileMeta!.componentName};`);
        expect(scene.jsRevision).toBe(1);
        expect(scene.compileMeta!.hash).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    const events = await backfillEventsPerScene(ctx.db);
    expect(events).toHaveLength(1000);
    expect(events.every((e) => e.n === 1 && e.trigger === "backfill")).toBe(true);
    const failures = await q.listBackfillRunFailures(ctx.db, run, 5000);
    expect(failures.map((f) => f.sceneId).sort()).toEqual(
      after.filter((s) => s.compilationError).map((s) => s.id).sort(),
    );

    // Nothing is missing any more except the scenes that cannot compile; a new run only retries those.
    const again = await (await backfill().start({ batchSize: 7 })).done;
    expect(again).toMatchObject({ status: "succeeded", total: expectedFailures, processed: expectedFailures, failed: expectedFailures });
  }, 120_000);

  test("upgrade run recompiles to targetVersion; dry run writes nothing", async () => {
    const before = await allScenes(ctx.db);
    const dry = await (await backfill().start({ targetVersion: 2, dryRun: true, batchSize: 250 })).done;
    expect(dry).toMatchObject({ status: "succeeded", total: 1000, processed: 1000, skipped: 0 });
    expect(await allScenes(ctx.db)).toEqual(before);

    const upgrade = await (await backfill().start({ targetVersion: 2, batchSize: 250 })).done;
    // The dry run predicted exactly what the real run did.
    expect(upgrade).toMatchObject({ status: "succeeded", processed: 1000, succeeded: dry.succeeded, failed: dry.failed });
    const after = await allScenes(ctx.db);
    expect(after.filter((s) => s.compilationVersion === 2 && s.js !== null)).toHaveLength(dry.succeeded);
    for (const scene of after) {
      const old = before.find((b) => b.id === scene.id)!;
      if (scene.compilationError) {
        // A scene that cannot be upgraded keeps the JS it had, at the version it had.
        expect(scene.js).toBe(old.js);
        expect(scene.compilationVersion).toBe(1);
        // Its meta stays with that JS; a scene without JS records this failed attempt instead.
        if (old.js === null) expect(scene.compileMeta).toMatchObject({ targetVersion: 2, trigger: "backfill" });
        else expect(scene.compileMeta).toEqual(old.compileMeta);
      } else {
        expect(scene.compileMeta!.targetVersion).toBe(2);
        expect(scene.compilationVersion).toBe(2);
        // Byte-identical to what the compiler emits for version 2 (compiles are deterministic).
        expect(scene.js).toBe(compileScene(scene.tsx, { version: 2 }).js);
      }
    }
  }, 120_000);

  test("only runs that store something drop the dashboard's cached aggregates (not dry runs)", async () => {
    let commits = 0;
    const { verification } = (services ??= testServices(ctx.db));
    const own = createBackfillService(ctx.db, { workers: 0, verification, onCommit: () => commits++ });
    const dry = await (await own.start({ targetVersion: 2, dryRun: true, batchSize: 250 })).done;
    expect(dry.processed).toBeGreaterThan(0);
    expect(commits).toBe(0);
    const stored = await (await own.start({ batchSize: 5 })).done;
    expect(stored.processed).toBeGreaterThan(0);
    // A fresh run: one per committed batch (only the last can be short), and one when the run ends.
    expect(commits).toBe(Math.ceil(stored.processed / 5) + 1);
  }, 60_000);

  test("a second start is refused with 409 while a run is active; cancel stops it", async () => {
    const missingBefore = await countMissing(ctx.db); // scenes that never compile, left by the first test
    await seedLegacyScenes(ctx.db, 300, { samples: [{ name: "cancel-probe", tsx: okSample.tsx }] });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = await backfill().start({ batchSize: 50 }, { onProgress: () => gate });
    await expect(backfill().start({})).rejects.toMatchObject({ status: 409, code: "backfill_running" });
    await expect(backfill().resume(first.run.id)).rejects.toMatchObject({ status: 409 });

    const cancelling = backfill().cancel(first.run.id);
    release();
    const cancelled = await cancelling;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.processed).toBeLessThan(300 + missingBefore);
    expect(cancelled.finishedAt).not.toBeNull();
    // The batch in flight when the cancel landed stored nothing: counters match the scenes written.
    const compiled = await ctx.db.query<{ n: number }>(
      "select count(*)::int as n from scenes where name like 'cancel-probe%' and js_code is not null",
    );
    expect(compiled[0]!.n).toBe(cancelled.succeeded);
    expect(cancelled.processed).toBe(cancelled.succeeded + cancelled.failed);

    // Resuming the cancelled run finishes exactly the rest.
    const resumed = await (await backfill().resume(first.run.id)).done;
    expect(resumed).toMatchObject({ status: "succeeded", processed: 300 + missingBefore, succeeded: 300, skipped: 0 });
    const events = await backfillEventsPerScene(ctx.db);
    const newScenes = await ctx.db.query<{ id: string }>("select id from scenes where name like 'cancel-probe%'");
    const newIds = new Set(newScenes.map((r) => r.id));
    expect(events.filter((e) => newIds.has(e.sceneId)).map((e) => e.n)).toEqual(newScenes.map(() => 1));
  }, 60_000);

  test("an API edit during the run is not overwritten by the backfill's stale result", async () => {
    const missingBefore = await countMissing(ctx.db);
    await seedLegacyScenes(ctx.db, 200, { samples: [{ name: "edit-probe", tsx: okSample.tsx }] });
    const scenes = (services ??= testServices(ctx.db)).scenes;
    const pending = await ctx.db.query<{ id: string }>(
      "select id from scenes where js_code is null and compilation_error is null order by id",
    );
    expect(pending).toHaveLength(200);
    // Only the never-compiling leftovers and the new rows are visited; batch 2 is read and compiled
    // by the time batch 1's write is reported: edit one of its scenes then.
    const visited = await ctx.db.query<{ id: string }>("select id from scenes where js_code is null order by id");
    const victim = visited.slice(50, 100).find((r) => pending.some((p) => p.id === r.id))!.id;
    const editedTsx = okSample.tsx.replace(/Clapper|Launch|Title/, "Edited$&");
    let edited = false;
    const run = await (
      await backfill().start({ batchSize: 50 }, {
        onProgress: async (r) => {
          if (r.processed !== 50) return;
          await scenes.patch(victim, { tsx: `// edited\n${editedTsx}` });
          edited = true;
        },
      })
    ).done;
    expect(edited).toBe(true);
    expect(run).toMatchObject({ status: "succeeded", processed: 200 + missingBefore, succeeded: 199, skipped: 1 });
    expect(run.failed).toBe(missingBefore);
    const scene = (await q.getScene(ctx.db, victim))!;
    expect(scene.revision).toBe(2);
    expect(scene.tsx.startsWith("// edited\n")).toBe(true);
    expect(scene.jsRevision).toBe(2);
    expect(scene.compileMeta!.trigger).not.toBe("backfill");
    const events = await ctx.db.query<{ trigger: string }>("select trigger from compile_events where scene_id = $1", [victim]);
    expect(events.map((e) => e.trigger)).toEqual(["edit"]);
  }, 60_000);
});
