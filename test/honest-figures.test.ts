// Honest figures on both drivers: tab counts follow the search, the overview is fresh after a backfill
// or a bulk recompile (no waiting for the cache TTL), backfill confirm step and outcome, /verify fixes
// and paging.
import { beforeAll, expect, test } from "bun:test";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";
import { signIn, type DashboardBrowser } from "./helpers/session.ts";

const TSX = `export default function S() { return <div>hi</div>; }`;
const BROKEN = `export default function S() { return <div>hi</div>; `;

/** The value of an overview stat card by its label. */
function stat(html: string, label: string): string {
  const match = new RegExp(`${label}</div><div class="stat-value">([^<]*)<`).exec(html);
  if (!match) throw new Error(`no stat "${label}" in the overview`);
  return match[1]!;
}

describeEachDriver("honest figures", (ctx) => {
  let t: TestApp;
  let browser: DashboardBrowser;

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    browser = await signIn(t);
    await t.createScene({ name: "Alpha intro", tsx: TSX });
    await t.createScene({ name: "Alpha outro", tsx: BROKEN });
    await t.createScene({ name: "Beta card", tsx: TSX });
    await t.createScene({ name: "Gamma card", tsx: BROKEN });
  });

  test("status tab counts and the result count follow the search", async () => {
    const all = await (await browser.get("/scenes")).text();
    expect(all).toMatch(/data-count="all">4</);
    expect(all).toMatch(/data-count="failed">2</);
    const searched = await (await browser.get("/scenes?q=alpha", true)).text();
    expect(searched).toMatch(/data-count="all">2</);
    expect(searched).toMatch(/data-count="failed">1</);
    expect(searched).toMatch(/data-count="compiled">1</);
    expect(searched).toContain('data-result-count="2"');
    const failedTab = await (await browser.get("/scenes?q=card&status=failed", true)).text();
    expect(failedTab).toContain('data-result-count="1"');
    expect(failedTab).toMatch(/data-count="all">2</);
    const none = await (await browser.get("/scenes?q=zzznothing", true)).text();
    expect(none).toMatch(/data-count="all">0</);
  });

  test("the overview fragment reflects a backfill at once, not after the cache TTL", async () => {
    const before = await (await browser.get("/overview/live?days=7", true)).text();
    expect(before).toContain('hx-trigger="every 10s, refresh"');
    expect(before).toMatch(/as of <time data-as-of="true" datetime="[^"]+">\d\d:\d\d:\d\d UTC<\/time>/);
    expect(stat(before, "Compiles · 24 h")).toBe("4");
    // Two scenes lose their JS; a backfill compiles every scene without JS (4), committing batches.
    await ctx.db.query("update scenes set js_code = null, js_revision = null where name in ('Alpha intro', 'Beta card')");
    const { done } = await t.services.backfill.start({ batchSize: 2 });
    expect(await done).toMatchObject({ status: "succeeded", processed: 4, failed: 2 });
    const after = await (await browser.get("/overview/live?days=7", true)).text();
    expect(stat(after, "Compiles · 24 h")).toBe("8");
    expect(stat(after, "Scenes")).toBe("4");
  });

  test("a bulk recompile refreshes the overview", async () => {
    await browser.get("/overview/live?days=7", true);
    const before = await (await browser.get("/overview/live?days=7", true)).text();
    const failing = Number(stat(before, "Failing now"));
    await ctx.db.query(`update scenes set tsx_code = $1 where name = 'Beta card'`, [BROKEN]);
    const res = await browser.post("/scenes/bulk-recompile", { q: "beta" }, true);
    expect(res.status).toBe(200);
    const after = await (await browser.get("/overview/live?days=7", true)).text();
    expect(Number(stat(after, "Failing now"))).toBe(failing + 1);
  });

  test("a run with failures is amber, not a green succeeded; an ended run reloads the history", async () => {
    const [run] = await t.services.backfill.list(1);
    expect(run!.failed).toBe(2);
    const progress = await browser.get(`/backfill/${run!.id}/progress`, true);
    expect(progress.headers.get("hx-trigger")).toBe("backfill-ended");
    const card = await progress.text();
    expect(card).toContain('class="badge badge-stale" data-run-status="succeeded" data-run-failures="2">succeeded with 2 failures');
    const page = await (await browser.get("/backfill")).text();
    expect(page).toContain('hx-get="/backfill/history" hx-trigger="backfill-ended from:body"');
    const history = await (await browser.get("/backfill/history", true)).text();
    expect(history).toStartWith('<div id="backfill-history"');
    expect(history).toContain("succeeded with 2 failures");
    expect(history).not.toContain('badge-compiled" data-run-status="succeeded"');
  });

  test("a backfill that rewrites stored JS states its count and asks to confirm; a missing-only run starts", async () => {
    const runsBefore = (await t.services.backfill.list(50)).length;
    const asked = await browser.post("/backfill", { mode: "upgrade", targetVersion: "2", batchSize: "50" }, true);
    const confirm = await asked.text();
    expect(confirm).toContain('data-confirm-total="4"');
    expect(confirm).toContain("Rewrite stored JS of 4 scenes?");
    expect(confirm).toContain('name="confirmed" value="1"');
    expect((await t.services.backfill.list(50)).length).toBe(runsBefore);
    // Back to the form, choices kept.
    const back = await (await browser.post("/backfill", { mode: "upgrade", targetVersion: "2", batchSize: "50", edit: "1" }, true)).text();
    expect(back).toContain("Start a backfill");
    expect(back).toContain('value="upgrade" checked=""');

    const started = await (await browser.post("/backfill", { mode: "upgrade", targetVersion: "2", batchSize: "50", confirmed: "1" }, true)).text();
    const id = /data-run-id="([0-9a-f-]{36})"/.exec(started)![1]!;
    expect(started).toContain("Started: 4 scenes to compile.");
    await waitForRun(id);

    await ctx.db.query("update scenes set js_code = null, js_revision = null where name = 'Alpha intro'");
    const missing = await (await browser.post("/backfill", { mode: "missing", batchSize: "50" }, true)).text();
    expect(missing).not.toContain("data-confirm-total");
    expect(missing).toContain("Started: 3 scenes to compile."); // the two broken scenes have no JS either
    await waitForRun(/data-run-id="([0-9a-f-]{36})"/.exec(missing)![1]!);
  });

  test("/verify points each row to its fix and pages through every row", async () => {
    // 55 scenes that were never compiled (written outside Clapper): missing JS, fixed by a backfill.
    await ctx.db.query(
      "insert into scenes (name, tsx_code, updated_at) select 'Legacy ' || i, $1, now() - i * interval '1 minute' from generate_series(1, 55) as i",
      [TSX],
    );
    const first = await (await browser.get("/verify")).text();
    expect(first).toMatch(/data-check="missing">57</); // 55 + the two broken scenes
    expect(first).toContain('data-fix="backfill">Backfill missing JS');

    const seen = new Set<string>();
    const pages: string[] = [];
    let path = "/verify";
    for (let i = 0; i < 5 && path; i++) {
      const html = await (await browser.get(path)).text();
      pages.push(html);
      const section = html.slice(html.indexOf('id="verify-missing"'), html.indexOf("</section>", html.indexOf('id="verify-missing"')));
      for (const m of section.matchAll(/<td><a href="\/scenes\/([0-9a-f-]{36})">/g)) seen.add(m[1]!);
      const next = /href="(\/verify\?check=missing&amp;cursor=[^"#]+)#verify-missing"/.exec(section)?.[1];
      path = next ? next.replaceAll("&amp;", "&") : "";
    }
    const missingCount = await ctx.db.query<{ n: number }>("select count(*)::int as n from scenes where js_code is null");
    expect(seen.size).toBe(missingCount[0]!.n);
    expect(pages).toHaveLength(2);
    // The broken scenes (no JS, TSX does not compile; edited last, so on page 2) need their TSX edited.
    const broken = await ctx.db.query<{ id: string }>("select id from scenes where compilation_error is not null and js_code is null");
    expect(broken).toHaveLength(2);
    for (const { id } of broken) expect(pages[1]).toContain(`href="/scenes/${id}#tsx-editor" class="btn btn-ghost" data-fix="edit"`);
    expect((await browser.get("/verify?check=missing&cursor=bogus")).status).toBe(400);
  });

  async function waitForRun(id: string) {
    for (let i = 0; i < 200; i++) {
      const run = await t.services.backfill.get(id);
      if (run.status !== "running" && run.status !== "queued") return run;
      await Bun.sleep(25);
    }
    throw new Error(`run ${id} did not end`);
  }
});
