// Dashboard over app.request() on both drivers: auth redirects, CSRF, escaping, and each page's behaviour.
import { beforeAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeEachDriver } from "./helpers/db.ts";
import { routes } from "../src/server/routes.ts";
import { browserRequest, buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";

const SAMPLES_DIR = join(import.meta.dir, "..", "scripts", "sample-scenes");
const samples = readdirSync(SAMPLES_DIR)
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => ({ name: f.replace(/\.tsx$/, ""), tsx: readFileSync(join(SAMPLES_DIR, f), "utf8") }));

/** Every dashboard route a signed-out browser could request, with the method it uses. */
const DASHBOARD_ROUTES: [string, string][] = [
  ["GET", "/"],
  ["GET", "/?days=90"],
  ["GET", "/overview/charts?days=7"],
  ["GET", "/scenes"],
  ["GET", "/scenes?q=title&status=failed"],
  ["GET", "/scenes/bulk-recompile"],
  ["POST", "/scenes/bulk-recompile"],
  ["GET", "/scenes/00000000-0000-4000-8000-000000000000"],
  ["GET", "/scenes/00000000-0000-4000-8000-000000000000/diff?from=1&to=2"],
  ["POST", "/scenes/00000000-0000-4000-8000-000000000000/edit"],
  ["POST", "/scenes/00000000-0000-4000-8000-000000000000/recompile"],
  ["POST", "/scenes/00000000-0000-4000-8000-000000000000/delete"],
  ["GET", "/failures"],
];

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDriver("dashboard", (ctx) => {
  let t: TestApp;
  let cookie = "";
  const ids: Record<string, string> = {};

  /** A browser-like request: same-origin, with the session cookie once logged in. */
  const browse = browserRequest(() => t, () => cookie);
  const htmx = (path: string, init: RequestInit = {}) =>
    browse(path, { ...init, headers: { ...(init.headers as Record<string, string>), "hx-request": "true" } });

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    for (const s of samples) ids[s.name] = (await t.createScene(s)).id;
    ids.xss = (await t.createScene({ name: "<script>alert(1)</script>", tsx: samples[0]!.tsx })).id;
  });

  test("every dashboard route redirects to /login without a session", async () => {
    for (const [method, path] of DASHBOARD_ROUTES) {
      const res = await browse(path, { method, body: method === "POST" ? form({ tsx: "x" }) : undefined });
      expect(res.status, `${method} ${path}`).toBe(303);
      expect(res.headers.get("location"), `${method} ${path}`).toStartWith("/login?next=");
    }
  });

  test("a wrong token is refused with the form again; the right one sets an HttpOnly SameSite=Strict cookie", async () => {
    const wrong = await browse("/login", { method: "POST", body: form({ token: "nope", next: "/scenes" }) });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("not the admin token");

    const res = await browse("/login", { method: "POST", body: form({ token: TEST_TOKEN, next: "//evil.example/" }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    cookie = setCookie.split(";")[0]!;
  });

  test("a POST without a same-origin Origin is refused with 403 and changes nothing", async () => {
    const before = await (await t.api(`/api/scenes/${ids["title-card"]}`)).json();
    for (const origin of ["http://evil.example", "null"]) {
      const res = await browse(`/scenes/${ids["title-card"]}/edit`, {
        method: "POST",
        headers: { origin },
        body: form({ tsx: "export default () => null;" }),
      });
      expect(res.status).toBe(403);
    }
    const login = await browse("/login", { method: "POST", headers: { origin: "http://evil.example" }, body: form({ token: TEST_TOKEN }) });
    expect(login.status).toBe(403);
    const after = await (await t.api(`/api/scenes/${ids["title-card"]}`)).json();
    expect(after.scene.revision).toBe(before.scene.revision);
  });

  test("pages carry a strict nonce CSP and every script tag has that nonce", async () => {
    for (const path of ["/", "/scenes", `/scenes/${ids["title-card"]}`, "/failures", "/login"]) {
      // /login redirects a signed-in browser, so it is fetched without the session cookie.
      const res = path === "/login" ? await t.app.request(`${TEST_ORIGIN}${path}`) : await browse(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toContain("unsafe-inline");
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
      expect(html.includes("{&quot;allowEval&quot;:false")).toBe(true);
    }
  });

  test("a scene named <script>alert(1)</script> renders as text on every page that shows it", async () => {
    for (const path of ["/scenes", `/scenes/${ids.xss}`, "/scenes?q=alert"]) {
      const html = await (await browse(path)).text();
      expect(html, path).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html, path).not.toContain("<script>alert(1)</script>");
    }
  });

  test("overview embeds the headline numbers and chart data in the first paint; the range switch swaps charts", async () => {
    const html = await (await browse("/")).text();
    expect(html).toContain("With current JS");
    const charts = [...html.matchAll(/<clapper-chart id="([^"]+)" data-chart="([^"]+)"/g)];
    expect(charts.map((m) => m[1])).toEqual(["chart-compiles", "chart-latency", "chart-runtime", "chart-versions"]);
    const compiles = JSON.parse(charts[0]![2]!.replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
    expect(compiles.labels).toHaveLength(30);
    const today = compiles.series.map((s: { data: number[] }) => s.data.at(-1)).reduce((a: number, b: number) => a + b, 0);
    expect(today).toBe(samples.length + 1); // every create compiled today
    const failedToday = compiles.series.find((s: { label: string }) => s.label === "failed").data.at(-1);
    expect(failedToday).toBe(samples.filter((s) => ["broken-missing-brace", "unknown-import"].includes(s.name)).length);

    const fragment = await (await htmx("/overview/charts?days=7")).text();
    expect(fragment).toStartWith('<div id="charts"');
    expect(fragment).toContain('data-days="7"');
    expect(fragment).toContain('hx-swap-oob="true"');
    expect(fragment).not.toContain("<html");
    const seven = JSON.parse(/data-chart="([^"]+)"/.exec(fragment)![1]!.replaceAll("&quot;", '"'));
    expect(seven.labels).toHaveLength(7);
  });

  test("scenes: counts per status tab, search narrows, filters and sort apply, htmx gets the fragment only", async () => {
    const page = await (await browse("/scenes")).text();
    expect(page).toMatch(/All <span class="count"[^>]*>(\d+)<\/span>/);
    expect(Number(/All <span class="count"[^>]*>(\d+)<\/span>/.exec(page)![1])).toBe(samples.length + 1);
    expect(Number(/failed <span class="count"[^>]*>(\d+)<\/span>/.exec(page)![1])).toBe(2);
    const rowsOf = (html: string) => [...html.matchAll(/data-scene-id="([^"]+)"/g)].map((m) => m[1]);
    expect(rowsOf(page)).toHaveLength(samples.length + 1);

    const search = await (await htmx("/scenes?q=stat-counter")).text();
    expect(search).toStartWith('<div id="scene-results"');
    expect(rowsOf(search)).toEqual([ids["stat-counter"]]);

    const byError = await (await htmx("/scenes?q=canvas-confetti")).text();
    expect(rowsOf(byError)).toEqual([ids["unknown-import"]]);
    const byId = await (await htmx(`/scenes?q=${ids["title-card"]!.slice(0, 8)}`)).text();
    expect(rowsOf(byId)).toContain(ids["title-card"]);

    const failed = await (await htmx("/scenes?status=failed")).text();
    expect(new Set(rowsOf(failed))).toEqual(new Set([ids["broken-missing-brace"], ids["unknown-import"]]));
    expect(rowsOf(await (await htmx("/scenes?version=2")).text())).toEqual([]);
    expect(await (await htmx("/scenes?version=2")).text()).toContain("No scenes match");

    const byName = rowsOf(await (await htmx("/scenes?sort=name_asc")).text());
    const names = byName.map((id) => Object.entries(ids).find(([, v]) => v === id)![0]);
    expect(names.filter((n) => n !== "xss")).toEqual(samples.map((s) => s.name).sort());

    // Junk filter values fall back to "no filter" instead of failing.
    expect((await browse("/scenes?status=bogus&version=9&project=not-a-uuid&sort=x")).status).toBe(200);
    expect((await browse("/scenes?cursor=garbage")).status).toBe(400);
    // A well-formed cursor whose values the query could not cast is refused too, not a 500.
    const forged = (sort: string, key: string, id: string) => Buffer.from(JSON.stringify({ sort, key, id })).toString("base64url");
    expect((await browse(`/scenes?cursor=${forged("updated_desc", "yesterday", ids["title-card"]!)}`)).status).toBe(400);
    expect((await browse(`/scenes?sort=name_asc&cursor=${forged("name_asc", "a", "-".repeat(36))}`)).status).toBe(400);
  });

  test("bulk recompile: the confirm step counts the matches, the POST recompiles exactly those", async () => {
    const confirm = await (await htmx("/scenes/bulk-recompile?status=failed")).text();
    expect(confirm).toContain("This recompiles 2 matching scenes now.");
    const before = await (await t.api(`/api/scenes/${ids["title-card"]}`)).json();
    const res = await htmx("/scenes/bulk-recompile", { method: "POST", body: form({ status: "failed" }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Recompiled 2 scenes: 0 ok, 2 failed.");
    const after = await (await t.api(`/api/scenes/${ids["title-card"]}`)).json();
    // Not failed, so not recompiled: its JS keeps its build time (a recompile of the same TSX keeps the hash).
    expect(after.scene.jsCompiledAt).toBe(before.scene.jsCompiledAt);
    expect(after.scene.compileMeta.trigger).not.toBe("recompile");
    const events = await ctx.db.query<{ n: number }>(
      "select count(*)::int as n from compile_events where trigger = 'recompile'",
    );
    expect(events[0]!.n).toBe(2);
  });

  test("scene detail: TSX once (in the editor, numbered), highlighted JS, error line marked, meta and history", async () => {
    const ok = await (await browse(`/scenes/${ids["title-card"]}`)).text();
    expect(ok).toContain('id="tsx-L1"');
    expect(ok).toContain('id="js-L1"');
    expect(ok).toContain('class="hljs-keyword"');
    expect(ok).toContain("TitleCard");
    // The TSX appears once: in the editor, not again in a read-only view.
    expect(ok.split("export default function TitleCard").length - 1).toBe(1);
    expect(ok).toContain('id="compile-history"');

    const broken = await (await browse(`/scenes/${ids["broken-missing-brace"]}`)).text();
    expect(broken).toContain("Compile error at line 5");
    expect(broken).toMatch(/<span id="tsx-L5" class="error-line">5<\/span>/);
    expect(broken).toContain('href="#tsx-L5"');
    expect((await browse("/scenes/not-a-uuid")).status).toBe(404);
    expect((await browse("/scenes/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  test("errors render by route kind: pages get the HTML error page, /api/* the JSON shape", async () => {
    const unknownId = "00000000-0000-4000-8000-000000000000";
    for (const path of ["/no-such-page", `/scenes/${unknownId}`, "/scenes/not-a-uuid/diff?from=1&to=2", `/backfill/${unknownId}`, `/scenes/${unknownId}/preview`, `/projects/${unknownId}/preview`]) {
      const res = await browse(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers.get("content-type")).toStartWith("text/html");
      expect(await res.text()).toContain('data-status="404"');
    }
    for (const path of [`/api/scenes/${unknownId}`, "/api/scenes/not-a-uuid/js", `/api/backfill/${unknownId}`, "/api/no-such-route"]) {
      const res = await t.api(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers.get("content-type")).toStartWith("application/json");
      expect((await res.json()).error.code).toBe("not_found");
    }
  });

  test("every page route with an :id answers the HTML 404 page for an unknown or malformed id, also from htmx", async () => {
    const pageRoutes = routes.filter((r) => r.path.includes(":id") && !r.path.startsWith("/api/"));
    expect(pageRoutes.length).toBeGreaterThanOrEqual(10);
    for (const { method, path } of pageRoutes) {
      for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
        for (const request of [browse, htmx]) {
          const url = `${path.replace(":id", id)}${path.endsWith("/diff") ? "?from=1&to=2" : ""}`;
          const res = await request(url, { method, body: method === "POST" ? form({ tsx: "x", revision: "1" }) : undefined });
          const where = { method, url, htmx: request === htmx };
          expect({ ...where, status: res.status }).toEqual({ ...where, status: 404 });
          expect(res.headers.get("content-type")).toStartWith("text/html");
          expect(await res.text()).toContain('data-status="404"');
        }
      }
    }
    for (const path of ["/no-such-page", "/scenes/a/b/c", "/scenes/00000000-0000-4000-8000-000000000000/nope"]) {
      const res = await browse(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).toContain('data-status="404"');
    }
  });

  test("an edit keeps the scene's compilation version unless the form asks for another", async () => {
    const id = (await t.createScene({ name: "v2 edit", tsx: samples.find((s) => s.name === "title-card")!.tsx })).id;
    await t.api(`/api/scenes/${id}/compile`, { method: "POST", json: { version: 2 } });
    const v2 = (await (await t.api(`/api/scenes/${id}`)).json()).scene;
    expect(v2.compilationVersion).toBe(2);
    const page = await (await browse(`/scenes/${id}`)).text();
    expect(page).toMatch(/<option value="2" selected="">version 2 \(current\)<\/option>/);

    const edited = v2.tsx.replace("TitleCard", "TitleCardEdited");
    const res = await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: edited, revision: String(v2.revision) }) });
    expect(await res.text()).toContain(`Revision ${v2.revision + 1} saved and compiled to version 2.`);
    const kept = (await (await t.api(`/api/scenes/${id}`)).json()).scene;
    expect({ version: kept.compilationVersion, metaVersion: kept.compileMeta.targetVersion }).toEqual({ version: 2, metaVersion: 2 });

    // The API's PATCH keeps it too; the form's choice moves it.
    const patched = await (await t.api(`/api/scenes/${id}`, { method: "PATCH", json: { tsx: edited + "\n" } })).json();
    expect(patched.scene.compilationVersion).toBe(2);
    await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: edited, revision: String(patched.scene.revision), version: "1" }) });
    expect((await (await t.api(`/api/scenes/${id}`)).json()).scene.compilationVersion).toBe(1);
  });

  test("edit: a syntax error is saved with its line, the JS is kept; a fix compiles; the diff shows the change", async () => {
    const id = ids["stat-counter"]!;
    const original = (await (await t.api(`/api/scenes/${id}`)).json()).scene;
    const lines = original.tsx.split("\n");
    lines.splice(8, 0, "const oops = ;"); // becomes line 9
    const broken = lines.join("\n");
    const res = await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: broken, revision: String(original.revision) }) });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toStartWith('<div id="scene-body"');
    expect(body.includes("does not compile (line 9)")).toBe(true);
    expect(body.includes('class="badge badge-stale"')).toBe(true);
    const stored = (await (await t.api(`/api/scenes/${id}`)).json()).scene;
    expect(stored.tsx).toBe(broken);
    expect(stored.js).toBe(original.js);
    expect(stored.compilationError.line).toBe(9);
    expect(body.includes('<span id="tsx-L9" class="error-line">')).toBe(true);

    const stale = await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: "const lost = 1;", revision: String(original.revision) }) });
    expect(stale.status).toBe(409);
    expect((await stale.text()).includes("const lost = 1;")).toBe(true); // the operator's text comes back in the editor

    const empty = await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: "  ", revision: String(stored.revision) }) });
    expect(empty.status).toBe(422);
    expect((await empty.text()).includes("tsx must not be empty")).toBe(true);

    const fixed = await htmx(`/scenes/${id}/edit`, { method: "POST", body: form({ tsx: original.tsx, revision: String(stored.revision) }) });
    expect((await fixed.text()).includes(`Revision ${stored.revision + 1} saved and compiled to version 1.`)).toBe(true);

    const diff = await (await htmx(`/scenes/${id}/diff?from=${original.revision}&to=${stored.revision}`)).text();
    expect(diff.includes('<tr class="diff-add"><td class="ln"></td><td class="ln">9</td>')).toBe(true);
    expect(diff.includes("+ const oops = ;")).toBe(true);
    expect((await htmx(`/scenes/${id}/diff?from=x&to=2`)).status).toBe(400);
    expect((await htmx(`/scenes/${id}/diff?from=99999999999&to=2`)).status).toBe(400); // beyond int4: not a 500
  });

  test("recompile to version 2 from the detail page, then delete redirects to the list with its undo", async () => {
    const id = ids["typed-timeline"]!;
    const res = await htmx(`/scenes/${id}/recompile`, { method: "POST", body: form({ version: "2" }) });
    expect(await res.text()).toContain("Recompiled to version 2.");
    expect((await (await t.api(`/api/scenes/${id}`)).json()).scene.compilationVersion).toBe(2);

    const del = await htmx(`/scenes/${id}/delete`, { method: "POST", body: form({}) });
    expect(del.headers.get("hx-redirect")).toBe(`/scenes?deleted=${id}`);
    // The undo window itself is covered by test/scene-list.test.ts; here the delete is made final now.
    expect(t.services.dashboard.undoDelete(id)).toBe(true);
    await t.services.dashboard.remove(id);
    expect((await t.api(`/api/scenes/${id}`)).status).toBe(404);
    delete ids["typed-timeline"];
  });

  test("failures groups errors by normalised message and links to the scenes", async () => {
    const html = await (await browse("/failures")).text();
    expect(html).toContain("grouped by error");
    const rows = [...html.matchAll(/<td class="error-text mono">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const pattern of rows) expect(pattern).not.toMatch(/\d/); // numbers normalised away
    expect(html).toContain(`/scenes/${ids["unknown-import"]}`);
  });

  test("logout ends the session", async () => {
    const res = await browse("/logout", { method: "POST", body: form({}) });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toContain("clapper_session=;");
    cookie = "";
    expect((await browse("/")).status).toBe(303);
  });
});
