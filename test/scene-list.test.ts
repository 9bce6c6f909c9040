// The scenes list over app.request() on both drivers: natural name order, previous/next keyset paging,
// canonical URLs without empty parameters, the caption naming the sort, per-row recompile, CSV/JSON downloads.
import { beforeAll, expect, test } from "bun:test";
import { csvField } from "../src/server/scenes/list-download.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, dashboardCookie, TEST_ORIGIN, type TestApp } from "./helpers/app.ts";

const TSX = `import { AbsoluteFill } from "remotion";\nexport default function S() { return <AbsoluteFill>hi</AbsoluteFill>; }\n`;
const BULK = 120;

describeEachDriver("scenes list", (ctx) => {
  let t: TestApp;
  let cookie = "";
  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.request(`${TEST_ORIGIN}${path}`, { headers: { cookie, ...headers }, redirect: "manual" });
  const htmx = (path: string) => get(path, { "hx-request": "true" });
  const rowIds = (html: string) => [...html.matchAll(/<tr data-scene-id="([^"]+)"/g)].map((m) => m[1]!);
  const names = (html: string) => [...html.matchAll(/class="scene-link">([^<]+)</g)].map((m) => m[1]!);
  const link = (html: string, rel: "next" | "prev") =>
    new RegExp(`href="([^"]+)"[^>]*rel="${rel}"`).exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    cookie = await dashboardCookie(t);
    for (const name of ["Scene 10", "scene 2", "Scene 1", "scene 2b", "scene 100", "=cmd, \"quoted\""]) {
      await t.createScene({ name, tsx: TSX });
    }
    // Many uncompiled rows written directly (the list pages them; compiling each is not the point here).
    await ctx.db.query(
      `insert into scenes (name, tsx_code, updated_at)
       select 'bulk ' || g, 'x', now() - g * interval '1 minute' from generate_series(1, ${BULK}) as g`,
    );
  });

  test("names sort in natural order both ways, and the caption says so", async () => {
    const html = await (await htmx("/scenes?q=scene&sort=name_asc")).text();
    expect(names(html)).toEqual(["Scene 1", "scene 2", "scene 2b", "Scene 10", "scene 100"]);
    expect(html).toContain("Sorted by name, A → Z (numbers in natural order)");
    const desc = await (await htmx("/scenes?q=scene&sort=name_desc")).text();
    expect(names(desc)).toEqual(["scene 100", "Scene 10", "scene 2b", "scene 2", "Scene 1"]);
    expect(await (await htmx("/scenes")).text()).toContain("Sorted by recently updated first");
  });

  test("next, next, previous, previous walks back to the first page, for both orders", async () => {
    for (const sort of ["updated_desc", "name_asc"]) {
      const first = await (await htmx(`/scenes?sort=${sort}`)).text();
      expect(link(first, "prev")).toBeNull();
      const second = await (await htmx(link(first, "next")!)).text();
      const third = await (await htmx(link(second, "next")!)).text();
      const all = [...rowIds(first), ...rowIds(second), ...rowIds(third)];
      expect(new Set(all).size).toBe(all.length); // no row twice
      expect(all.length).toBe(BULK + 6);
      expect(link(third, "next")).toBeNull();
      const back = await (await htmx(link(third, "prev")!)).text();
      expect(rowIds(back)).toEqual(rowIds(second));
      const backAgain = await (await htmx(link(back, "prev")!)).text();
      expect(rowIds(backAgain)).toEqual(rowIds(first));
      expect(link(backAgain, "prev")).toBeNull(); // the first page again: nothing before it
      expect(first).toContain("show:window:top"); // paging scrolls to the top
    }
  });

  test("inside a project, play order pages forward and back, and the caption names it", async () => {
    const project = crypto.randomUUID();
    await ctx.db.query(
      `insert into scenes (name, tsx_code, project_id, position)
       select 'play ' || g, 'x', $1::uuid, g from generate_series(1, 60) as g`,
      [project],
    );
    const first = await (await htmx(`/scenes?project=${project}`)).text();
    expect(first).toContain("Sorted by play order");
    expect(names(first).slice(0, 3)).toEqual(["play 1", "play 2", "play 3"]);
    const second = await (await htmx(link(first, "next")!)).text();
    expect(names(second)).toEqual(Array.from({ length: 10 }, (_, i) => `play ${51 + i}`));
    const back = await (await htmx(link(second, "prev")!)).text();
    expect(rowIds(back)).toEqual(rowIds(first));
    expect(link(back, "prev")).toBeNull();
    // The other tests count every scene: the project's rows go again.
    await ctx.db.query(`delete from scenes where project_id = $1::uuid`, [project]);
  });

  test("empty parameters never reach the URL: a plain GET redirects, htmx pushes the canonical URL", async () => {
    const res = await get("/scenes?q=&status=&version=&project=&sort=name_asc");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/scenes?sort=name_asc");
    expect((await get("/scenes?q=&sort=updated_desc")).headers.get("location")).toBe("/scenes");
    const swap = await htmx("/scenes?q=bulk&status=&version=&project=&sort=updated_desc");
    expect(swap.status).toBe(200);
    expect(swap.headers.get("hx-push-url")).toBe("/scenes?q=bulk");
  });

  test("a row's Recompile answers the refreshed row", async () => {
    const [id] = rowIds(await (await htmx("/scenes?q=bulk&status=pending")).text());
    await ctx.db.query("update scenes set tsx_code = $1 where id = $2", [TSX, id]);
    const res = await t.app.request(`${TEST_ORIGIN}/scenes/${id}/recompile-row`, {
      method: "POST",
      headers: { cookie, origin: TEST_ORIGIN, "hx-request": "true", "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    const html = await res.text();
    expect(html).toStartWith(`<tr data-scene-id="${id}">`);
    expect(html).toContain("badge-compiled");
    expect(html).toContain(`/scenes/${id}/preview`);
  });

  test("CSV and JSON downloads carry the current filters and order, every page of it", async () => {
    const csv = await get("/scenes.csv?q=scene&sort=name_asc");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain('filename="scenes.csv"');
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toStartWith("id,name,projectId,status");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Scene 1", "scene 2", "scene 2b", "Scene 10", "scene 100"]);

    const json = await (await get("/scenes.json?q=bulk")).json();
    expect(json.truncated).toBe(false);
    expect(json.scenes.length).toBe(BULK); // more than one page and more than one chunk boundary away
    expect(json.scenes[0].name).toBe("bulk 1"); // newest first, as on screen
    const all = await (await get("/scenes.json")).json();
    expect(all.scenes.length).toBe(BULK + 6);
  });

  test("a download with no matching row ends with the header row / an empty list", async () => {
    const within = (res: Response) => Promise.race([
      res.text(),
      Bun.sleep(5000).then(() => { throw new Error("the download never ended"); }),
    ]);
    const csv = await within(await get("/scenes.csv?q=nomatch-at-all"));
    expect(csv).toBe("id,name,projectId,status,compilationVersion,jsCompiledAt,compileMs,tsxBytes,jsBytes,errorMessage,updatedAt\r\n");
    const json = JSON.parse(await within(await get("/scenes.json?q=nomatch-at-all")));
    expect(json).toEqual({ scenes: [], cap: expect.any(Number), truncated: false });
  });

  test("downloads stop at the cap and say so; CSV cells are escaped and never run as formulas", async () => {
    const chunks = [];
    for await (const chunk of t.services.dashboard.downloadRows({ q: "bulk", sort: "updated_desc" }, 7)) chunks.push(chunk);
    expect(chunks.flatMap((c) => c.rows).length).toBe(7);
    expect(chunks.at(-1)!.more).toBe(true);
    expect(csvField('=cmd, "quoted"')).toBe(`"'=cmd, ""quoted"""`);
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    const csv = await (await get("/scenes.csv?q=cmd")).text();
    expect(csv).toContain(`"'=cmd, ""quoted"""`);
  });

  test("a dashboard delete hides the scene at once, offers Undo, and deletes only when the window ends", async () => {
    const scene = await t.createScene({ name: "to delete", tsx: TSX });
    const post = (path: string) => t.app.request(`${TEST_ORIGIN}${path}`, {
      method: "POST",
      headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    const del = await post(`/scenes/${scene.id}/delete`);
    expect(del.status).toBe(303);
    expect(del.headers.get("location")).toBe(`/scenes?deleted=${scene.id}`);
    const list = await (await get(`/scenes?deleted=${scene.id}`)).text();
    expect(list).toContain("will be deleted in 10 s");
    expect(list).toContain(`action="/scenes/${scene.id}/undo-delete"`);
    expect(rowIds(list)).not.toContain(scene.id);
    expect((await t.api(`/api/scenes/${scene.id}`)).status).toBe(200); // still there inside the window

    const undo = await post(`/scenes/${scene.id}/undo-delete`);
    expect(undo.headers.get("location")).toBe(`/scenes/${scene.id}`);
    expect(rowIds(await (await htmx("/scenes?q=delete")).text())).toContain(scene.id);
    await Bun.sleep(50);
    expect((await t.api(`/api/scenes/${scene.id}`)).status).toBe(200);

    // Without an undo the scene is deleted once the window ends (a short window here).
    t.services.dashboard.scheduleDelete(scene.id, scene.name, 30);
    expect(rowIds(await (await htmx("/scenes?q=delete")).text())).not.toContain(scene.id);
    await Bun.sleep(300);
    expect((await t.api(`/api/scenes/${scene.id}`)).status).toBe(404);
    expect(t.services.dashboard.pendingDelete(scene.id)).toBeNull();
  });
});
