// `unverified` in the dashboard: the scene page shows the verification error (message, frame, TSX line
// linked and highlighted), the status tab lists it, the overview charts count it per day, /failures
// groups it, and /verify lists it with the way to fix it. Both drivers, through app.request.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { FAILS_VERIFICATION, VERIFIES } from "./helpers/verify-scenes.ts";

const GOOD = VERIFIES;
const BAD = FAILS_VERIFICATION;

/** The chart specs of the overview fragment, by element id (they travel as escaped JSON attributes). */
function chartSpecs(html: string): Record<string, { series: { label: string; data: number[] }[] }> {
  const specs: Record<string, any> = {};
  for (const m of html.matchAll(/<clapper-chart id="([^"]+)" data-chart="([^"]*)"/g)) {
    const json = m[2]!.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
    specs[m[1]!] = JSON.parse(json);
  }
  return specs;
}

describeEachDriver("unverified in the dashboard", (ctx) => {
  let t: TestApp;
  let cookie = "";
  let good: Record<string, any>;
  let bad: Record<string, any>;

  const browse = async (path: string) => {
    const res = await t.app.request(`${TEST_ORIGIN}${path}`, { headers: { cookie } });
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    t = buildTestApp(ctx.db, { verifyWorkers: 1 });
    const login = await t.app.request(`${TEST_ORIGIN}/login`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TEST_TOKEN, next: "/" }).toString(),
    });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toContain("=");
    good = await t.createScene({ name: "fine scene", tsx: GOOD });
    bad = await t.createScene({ name: "broken scene", tsx: BAD });
    expect(bad.status).toBe("unverified");
  });
  afterAll(() => t.services.close());

  test("scene page: badge, message, frame and line with a link to that line, highlighted in the TSX view", async () => {
    const html = await browse(`/scenes/${bad.id}`);
    expect(html).toContain('class="badge badge-unverified"');
    const card = html.slice(html.indexOf('id="verify-error"'), html.indexOf("</section>", html.indexOf('id="verify-error"')));
    expect(card).toContain("Verification failed at frame 0, line 4");
    expect(card).toMatch(/inputRange|outputRange|same length/i);
    expect(card).toContain('href="#tsx-L4"');
    expect(html).toMatch(/<span id="tsx-L4" class="error-line"/);
    const fine = await browse(`/scenes/${good.id}`);
    expect(fine).not.toContain('id="verify-error"');
    expect(fine).toMatch(/Verification<\/dt><dd>ok · frames 0, 74, 149/);
  });

  test("the unverified status tab lists the failing scene, not the good one", async () => {
    const html = await browse(`/scenes?status=unverified`);
    expect(html).toContain(`/scenes/${bad.id}`);
    expect(html).not.toContain(`/scenes/${good.id}`);
  });

  test("overview charts: a daily unverified series next to compile failures, and unverified per version", async () => {
    const specs = chartSpecs(await browse(`/overview/charts?days=7`));
    const compiles = specs["chart-compiles"]!;
    const unverified = compiles.series.find((s) => s.label === "unverified")!;
    expect(unverified.data.at(-1)).toBe(1);
    expect(compiles.series.find((s) => s.label === "write-time ok")!.data.at(-1)).toBe(1);
    expect(compiles.series.find((s) => s.label === "backfill ok")!.data.at(-1)).toBe(0);
    const versions = specs["chart-versions"]!.series.find((s) => s.label === "unverified")!;
    expect(versions.data.reduce((a, b) => a + b, 0)).toBe(1);
  });

  test("/failures has a verification-failures group with the scene as an example", async () => {
    const html = await browse(`/failures`);
    const section = html.slice(html.indexOf('id="verify-failures"'));
    expect(section).toContain("failures-unverified");
    expect(section).toContain(`/scenes/${bad.id}`);
    expect(section).toContain('href="/scenes?status=unverified"');
    expect(section).not.toContain(`/scenes/${good.id}`);
  });

  test("/verify lists the scene under failed verification, pointing to the TSX line to fix", async () => {
    const html = await browse(`/verify`);
    expect(html).toMatch(/data-check="unverified">1</);
    const section = html.slice(html.indexOf('id="verify-unverified"'));
    // One way to the fix: the Fix column's link to the line; the error column says where it threw.
    expect(section.split(`href="/scenes/${bad.id}#tsx-L4"`)).toHaveLength(2);
    expect(section).toContain(`data-fix="edit">Edit the TSX at line 4</a>`);
    expect(section).toContain("frame 0, line 4");
  });
});
