// The status rule of src/db/status.ts: its SQL (CASE and WHERE forms) and its TypeScript agree on every
// combination of the columns it reads, on real rows of both drivers.
import { beforeAll, expect, test } from "bun:test";
import type { CompileMeta } from "../src/compiler/types.ts";
import { getScene, insertScene, type SceneRow } from "../src/db/queries.ts";
import {
  DASHBOARD_STATUS_SQL,
  DASHBOARD_STATUS_WHERE,
  DASHBOARD_STATUSES,
  SCENE_STATUS_SQL,
  SCENE_STATUS_WHERE,
  SCENE_STATUSES,
  dashboardStatusOf,
  sceneStatusOf,
} from "../src/db/status.ts";
import { readSampleDir } from "../src/services/samples.ts";
import { buildTestApp } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";

const REVISION = 3;
const META = { hash: "h", compiler: "test" } as unknown as CompileMeta;

/** Every combination: JS or not × error or not × js_revision (none/current/older) × compile_meta/verify. */
function combinations() {
  const metas: (CompileMeta | null)[] = [
    null,
    META,
    { ...META, verify: { ok: true } } as CompileMeta,
    { ...META, verify: { ok: false } } as CompileMeta,
    { ...META, verify: {} } as CompileMeta,
  ];
  const out: { label: string; js: string | null; error: boolean; jsRevision: number | null; meta: CompileMeta | null }[] = [];
  for (const js of [null, "export default 1;"])
    for (const error of [false, true])
      for (const jsRevision of [null, REVISION, REVISION - 1])
        for (const [m, meta] of metas.entries()) out.push({ label: `js=${!!js} error=${error} jsRev=${jsRevision} meta#${m}`, js, error, jsRevision, meta });
  return out;
}

describeEachDriver("status rule", (ctx) => {
  const rows: { label: string; row: SceneRow }[] = [];
  beforeAll(async () => {
    for (const c of combinations()) {
      const row = await insertScene(ctx.db, {
        projectId: null, position: 0, name: c.label, tsx: "x", js: c.js, jsCompiledAt: null,
        jsRevision: c.jsRevision, compilationVersion: 1, compileMeta: c.meta,
        compilationError: c.error ? { code: "syntax", message: "boom", line: 1, column: 1 } as SceneRow["compilationError"] : null,
        durationInFrames: 30, fps: 30, width: 100, height: 100, revision: REVISION,
      });
      rows.push({ label: c.label, row: (await getScene(ctx.db, row.id))! });
    }
  });

  test("the CASE expressions equal the TypeScript rule for every combination", async () => {
    const sql = await ctx.db.query<{ id: string; api: string; dash: string }>(
      `select id, ${SCENE_STATUS_SQL} as api, ${DASHBOARD_STATUS_SQL} as dash from scenes`,
    );
    const byId = new Map(sql.map((r) => [r.id, r]));
    expect(rows.length).toBe(60);
    for (const { label, row } of rows) {
      expect({ label, api: byId.get(row.id)!.api }).toEqual({ label, api: sceneStatusOf(row) });
      expect({ label, dash: byId.get(row.id)!.dash }).toEqual({ label, dash: dashboardStatusOf(row) });
    }
  });

  test("each WHERE predicate selects exactly the rows of its status (disjoint, covering)", async () => {
    for (const [statuses, where, of] of [
      [SCENE_STATUSES, SCENE_STATUS_WHERE, sceneStatusOf],
      [DASHBOARD_STATUSES, DASHBOARD_STATUS_WHERE, dashboardStatusOf],
    ] as const) {
      let covered = 0;
      for (const status of statuses) {
        const ids = (await ctx.db.query<{ id: string }>(`select id from scenes where ${(where as Record<string, string>)[status]}`)).map((r) => r.id).sort();
        const expected = rows.filter((r) => (of as (row: SceneRow) => string)(r.row) === status).map((r) => r.row.id).sort();
        expect({ status, ids }).toEqual({ status, ids: expected });
        covered += ids.length;
      }
      expect(covered).toBe(rows.length);
    }
  });

  test("the precedence: a failed edit over older JS is API failed / dashboard stale; verify.ok=false is unverified", () => {
    const find = (label: string) => rows.find((r) => r.label === label)!.row;
    const failedEdit = find(`js=true error=true jsRev=${REVISION - 1} meta#1`);
    expect([sceneStatusOf(failedEdit), dashboardStatusOf(failedEdit)]).toEqual(["failed", "stale"]);
    const unverified = find(`js=true error=false jsRev=${REVISION} meta#3`);
    expect([sceneStatusOf(unverified), dashboardStatusOf(unverified)]).toEqual(["unverified", "unverified"]);
    const neverCompiled = find("js=false error=false jsRev=null meta#0");
    expect([sceneStatusOf(neverCompiled), dashboardStatusOf(neverCompiled)]).toEqual(["pending", "pending"]);
    const nothingServed = find("js=false error=true jsRev=null meta#1");
    expect([sceneStatusOf(nothingServed), dashboardStatusOf(nothingServed)]).toEqual(["failed", "failed"]);
  });
});

describeEachDriver("status readers", (ctx) => {
  test("an artifact that failed verification is unverified in the API JSON, the API filter and the dashboard", async () => {
    const t = buildTestApp(ctx.db);
    const tsx = readSampleDir().find((s) => s.file === "title-card.tsx")!.tsx;
    const scene = await t.createScene({ name: "verify probe", tsx });
    expect(scene.status).toBe("compiled");
    // Nothing in Clapper writes verify results yet; the row is set up the way a verifier would leave it.
    await ctx.db.query(`update scenes set compile_meta = compile_meta || '{"verify":{"ok":false}}'::jsonb where id = $1`, [scene.id]);

    expect((await (await t.api(`/api/scenes/${scene.id}`)).json()).scene.status).toBe("unverified");
    const unverified = (await (await t.api("/api/scenes?status=unverified")).json()).scenes;
    expect(unverified.map((s: { id: string }) => s.id)).toEqual([scene.id]);
    const compiled = (await (await t.api("/api/scenes?status=compiled")).json()).scenes;
    expect(compiled.map((s: { id: string }) => s.id)).not.toContain(scene.id);

    const table = await t.services.dashboard.listScenes({ dashboardStatus: "unverified", sort: "updated_desc" });
    expect(table.rows.map((r) => [r.id, r.status])).toEqual([[scene.id, "unverified"]]);
    const detail = await t.services.dashboard.sceneDetail(await t.services.scenes.get(scene.id));
    expect(detail.status).toBe("unverified");
    expect((await t.services.dashboard.statusCounts()).unverified).toBe(1);
  });
});
