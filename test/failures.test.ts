// /failures on both drivers: compile groups keep module names, split failed from stale, carry a 7-day
// trend and their actions; runtime errors (preview, export) are grouped beside them.
import { beforeAll, expect, test } from "bun:test";
import * as q from "../src/db/queries.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, dashboardCookie, TEST_ORIGIN, type TestApp } from "./helpers/app.ts";

const GOOD = `import { AbsoluteFill } from "remotion";\nexport default function S() { return <AbsoluteFill>ok</AbsoluteFill>; }\n`;
const importing = (mod: string) => `import x from "${mod}";\nexport default function S() { return x; }\n`;

describeEachDriver("failures page", (ctx) => {
  let t: TestApp;
  let cookie = "";
  const ids: Record<string, string> = {};
  const page = async () => {
    const res = await t.app.request(`${TEST_ORIGIN}/failures`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The rows of one table (compile or runtime) as plain text cells. */
  const rowsOf = (html: string, table: "failures" | "runtime-failures") => {
    const body = html.split(`<table class="table failures${table === "runtime-failures" ? " runtime-failures" : ""}">`)[1]?.split("</table>")[0] ?? "";
    return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => m[1]!);
  };

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    cookie = await dashboardCookie(t);
    ids.zod1 = (await t.createScene({ name: "zod one", tsx: importing("zod") })).id;
    ids.zod2 = (await t.createScene({ name: "zod two", tsx: importing("zod") })).id;
    ids.three = (await t.createScene({ name: "three one", tsx: importing("three") })).id;
    // Compiled first, then edited into the same error: older JS is still served (stale).
    ids.staleZod = (await t.createScene({ name: "stale zod", tsx: GOOD })).id;
    const patched = await t.api(`/api/scenes/${ids.staleZod}`, { method: "PATCH", json: { tsx: importing("zod") } });
    expect(patched.status).toBe(200);
    ids.player = (await t.createScene({ name: "player", tsx: GOOD })).id;
    for (const [message, context] of [
      ["ReferenceError: foo is not defined (12:7)", "preview"],
      ["ReferenceError: foo is not defined (40:2)", "preview"],
      ["ReferenceError: bar is not defined (3:1)", "preview"],
      ["Timed out after 3000 ms", "export"],
    ] as const) {
      await q.insertRuntimeEvent(ctx.db, { sceneId: ids.player!, context, kind: "error", message, retryCount: 0 });
    }
    await q.insertRuntimeEvent(ctx.db, { sceneId: ids.player!, context: "preview", kind: "ok", message: null, retryCount: 0 });
    // One of the "foo" errors happened three days ago: the trend shows it on its day, not in the last 24 h.
    await ctx.db.query(
      `update runtime_events set created_at = now() - interval '3 days'
       where id = (select min(id) from runtime_events where message like '%foo%')`,
    );
  });

  test("compile groups keep the module name and count failed apart from stale", async () => {
    const rows = rowsOf(await page(), "failures");
    const zod = rows.find((r) => r.includes("Module &quot;zod&quot;") || r.includes(`Module "zod"`));
    const three = rows.find((r) => r.includes("three"));
    expect(zod, "a group for zod").toBeDefined();
    expect(three, "a separate group for three").toBeDefined();
    expect(zod).not.toBe(three);
    const nums = (row: string) => [...row.matchAll(/<td class="num">(?:<a [^>]*>)?(\d+)/g)].map((m) => Number(m[1]));
    // failed, stale, attempts 24 h, attempts 7 d
    expect(nums(zod!).slice(0, 2)).toEqual([2, 1]);
    expect(nums(zod!)[2]).toBeGreaterThanOrEqual(3); // three failed compile attempts today
    expect(nums(three!).slice(0, 2)).toEqual([1, 0]);
  });

  test("each compile group opens its scenes and offers recompile all through the bulk confirm", async () => {
    const html = await page();
    const zod = rowsOf(html, "failures").find((r) => r.includes("zod"))!;
    const open = /href="(\/scenes\?q=[^"]+)"/.exec(zod)![1]!.replaceAll("&amp;", "&");
    const list = await (await t.app.request(`${TEST_ORIGIN}${open}`, { headers: { cookie } })).text();
    for (const id of [ids.zod1, ids.zod2, ids.staleZod]) expect(list).toContain(`data-scene-id="${id}"`);
    expect(list).not.toContain(`data-scene-id="${ids.three}"`);

    const confirm = /hx-get="(\/scenes\/bulk-recompile\?[^"]+)"/.exec(zod)![1]!.replaceAll("&amp;", "&");
    const step = await (await t.app.request(`${TEST_ORIGIN}${confirm}`, { headers: { cookie, "hx-request": "true" } })).text();
    expect(step).toContain("This recompiles 3 matching scenes now.");
  });

  test("runtime errors are grouped per identifier and context with a 7-day trend", async () => {
    const rows = rowsOf(await page(), "runtime-failures");
    const foo = rows.find((r) => r.includes("foo is not defined"));
    const bar = rows.find((r) => r.includes("bar is not defined"));
    const timeout = rows.find((r) => r.includes("Timed out after N ms"));
    expect(foo).toContain("(L:C)");
    expect(bar).toBeDefined();
    expect(foo).not.toBe(bar);
    expect(timeout).toContain("badge-export");
    // foo: one event today, one three days ago: 24 h = 1, 7 d = 2, and the sparkline's label says where.
    const nums = [...foo!.matchAll(/<td class="num">(\d+)/g)].map((m) => Number(m[1]));
    expect(nums.slice(0, 2)).toEqual([1, 2]);
    expect(foo).toContain("oldest first: 0, 0, 0, 1, 0, 0, 1");
    expect(foo).toContain(`/scenes/${ids.player}`);
    expect(rows.some((r) => r.includes("(no message)"))).toBe(false); // kind=ok events are not failures
  });
});
