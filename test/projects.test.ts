// Projects on both drivers: the API (list, search, cursor, names), the /projects page, the picker, the
// scene page's project block and the project-filtered list in play order.
import { beforeAll, expect, test } from "bun:test";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";
import { signIn, type DashboardBrowser } from "./helpers/session.ts";

const TSX = `export default function S() { return <div>hi</div>; }`;
const BROKEN = `export default function S() { return <div>hi</div>; `;

describeEachDriver("projects", (ctx) => {
  let t: TestApp;
  let browser: DashboardBrowser;
  const big = crypto.randomUUID();
  const small = "ffffffff-0000-4000-8000-000000000001"; // sorts last: beyond the picker's first options
  const sceneIds: string[] = [];

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    browser = await signIn(t);
    // Play order is by position, not by creation: created 2, 0, 1.
    sceneIds[2] = (await t.createScene({ name: "Outro", tsx: TSX, projectId: big, position: 2, durationInFrames: 90, fps: 30 })).id;
    sceneIds[0] = (await t.createScene({ name: "Intro", tsx: TSX, projectId: big, position: 0, durationInFrames: 150, fps: 30 })).id;
    sceneIds[1] = (await t.createScene({ name: "Middle", tsx: BROKEN, projectId: big, position: 1, durationInFrames: 300, fps: 60 })).id;
    await t.createScene({ name: "Lonely", tsx: TSX, projectId: small, durationInFrames: 45, fps: 30 });
    // Filler projects so the small one is not among the picker's first options.
    for (let i = 0; i < 22; i++) await t.createScene({ name: `Filler ${i}`, tsx: TSX, projectId: crypto.randomUUID() });
  });

  test("GET /api/projects: scenes, duration in seconds at each scene's fps, status counts, last change", async () => {
    const res = await t.api(`/api/projects?q=${big.slice(0, 8)}`);
    expect(res.status).toBe(200);
    const { projects } = await res.json();
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ id: big, name: null, scenes: 3, durationSeconds: 5 + 5 + 3 });
    expect(projects[0].statusCounts).toMatchObject({ compiled: 2, failed: 1, stale: 0, pending: 0 });
    expect(Date.parse(projects[0].lastChange)).toBeGreaterThan(Date.now() - 600_000);
  });

  test("GET /api/projects pages with a cursor through every project exactly once", async () => {
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 20; i++) {
      const res = await t.api(`/api/projects?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      const body = await res.json();
      seen.push(...body.projects.map((p: { id: string }) => p.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    expect(seen).toContain(small);
    expect((await t.api("/api/projects?cursor=nope")).status).toBe(400);
  });

  test("PUT /api/projects/:id names a project; search finds it by name; bad names are 400", async () => {
    const res = await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "  Tiny Teaser  " } });
    expect(res.status).toBe(200);
    expect((await res.json()).project).toMatchObject({ id: small, name: "Tiny Teaser" });
    const found = await (await t.api("/api/projects?q=teaser")).json();
    expect(found.projects.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([[small, "Tiny Teaser"]]);

    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "" } })).status).toBe(400);
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "x".repeat(201) } })).status).toBe(400);
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "a\u0000b" } })).status).toBe(400);
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "\ud800" } })).status).toBe(400);
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { title: "x" } })).status).toBe(400);
    const bad = await t.api("/api/projects/not-a-uuid", { method: "PUT", json: { name: "x" } });
    expect(bad.status).toBe(404);
    expect((await bad.json()).error.code).toBe("not_found");
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", body: "name=x" })).status).toBe(400);
    expect((await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "x" }, headers: { authorization: "" } })).status).toBe(401);
  });

  test("/projects lists names or ids, seconds and status counts; search swaps the table", async () => {
    await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "Tiny Teaser" } });
    const html = await (await browser.get("/projects")).text();
    expect(html).toContain('aria-current="page">Projects</a>');
    expect(html).toContain("Tiny Teaser");
    expect(html).toContain(big); // unnamed: shown by its id
    const row = html.slice(html.indexOf(`data-project-id="${big}"`));
    expect(row).toContain('data-seconds="13"');
    expect(row).toContain("13.0 s");
    expect(row).toContain('data-status-count="failed">1 failed');
    expect(row).toContain(`href="/projects/${big}/preview"`);
    const searched = await (await browser.get("/projects?q=tiny", true)).text();
    expect(searched).toStartWith('<div id="project-results">');
    expect(searched).toContain("Tiny Teaser");
    expect(searched).not.toContain(big);
  });

  test("the project picker finds a small project by name, beyond the first options", async () => {
    await t.api(`/api/projects/${small}`, { method: "PUT", json: { name: "Tiny Teaser" } });
    const first = await (await browser.get("/scenes")).text();
    expect(first).not.toContain(`value="${small}"`);
    const options = await (await browser.get("/projects/options?projectSearch=teas", true)).text();
    expect(options).toContain(`<option value="${small}">Tiny Teaser (1)</option>`);
    expect(options).not.toContain(big);
    // The selected project stays an option whatever the search.
    const kept = await (await browser.get(`/projects/options?projectSearch=zzz&project=${big}`, true)).text();
    expect(kept).toContain(`<option value="${big}" selected="">`);
  });

  test("a project's scene list is in play order and its counts are the project's", async () => {
    const html = await (await browser.get(`/scenes?project=${big}`)).text();
    const order = [...html.matchAll(/data-scene-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(sceneIds);
    expect(html).toContain("Play order");
    expect(html).toMatch(/data-count="all">3</);
    expect(html).toMatch(/data-count="failed">1</);
  });

  test("the scene page names its project, its place and its neighbours", async () => {
    await t.api(`/api/projects/${big}`, { method: "PUT", json: { name: "Launch film" } });
    const html = await (await browser.get(`/scenes/${sceneIds[1]}`)).text();
    expect(html).toContain("<strong>Launch film</strong>");
    expect(html).toContain("2 of 3");
    expect(html).toContain(`href="/scenes/${sceneIds[0]}" rel="prev"`);
    expect(html).toContain(`href="/scenes/${sceneIds[2]}" rel="next"`);
    const last = await (await browser.get(`/scenes/${sceneIds[2]}`)).text();
    expect(last).toContain("3 of 3");
    expect(last).toContain("last scene");
  });
});
