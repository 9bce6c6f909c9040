// Characters Postgres cannot store and header-breaking characters, in every field an outside test found
// a 500 with: refused with 400 naming the field and the position, never a 500, never silently altered.
import { beforeAll, expect, test } from "bun:test";
import { compileScene } from "../src/compiler/index.ts";
import { safeNext } from "../src/server/dashboard/login.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { browserRequest, buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";

const TSX = `export default function Scene() { return <div>hi</div>; }`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDriver("hostile input", (ctx) => {
  let t: TestApp;
  let cookie = "";
  let sceneId = "";

  const browse = browserRequest(() => t, () => cookie);

  beforeAll(async () => {
    t = buildTestApp(ctx.db);
    sceneId = (await t.createScene({ name: "target", tsx: TSX })).id;
    const login = await browse("/login", { method: "POST", body: form({ token: TEST_TOKEN, next: "/" }) });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  });

  /** Page routes render the dashboard's HTML error page: same status, the message names the field. */
  async function expectUnstorablePage(res: Response, field: string) {
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('data-status="400"');
    expect(html).toContain(field);
  }

  async function expectUnstorable(res: Response, field: string) {
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe("unstorable_character");
    expect(body.error.details.field).toBe(field);
    expect(typeof body.error.details.offset).toBe("number");
    expect(body.error.message).toContain(field);
  }

  test("U+0000 and lone surrogates in scene fields are a 400 naming the field and offset", async () => {
    await expectUnstorable(await t.api("/api/scenes", { method: "POST", json: { name: "a\u0000b", tsx: TSX } }), "name");
    await expectUnstorable(await t.api("/api/scenes", { method: "POST", json: { name: "x\ud800", tsx: TSX } }), "name");
    await expectUnstorable(await t.api("/api/scenes", { method: "POST", json: { name: "ok", tsx: `const s = "\ud800";\n${TSX}` } }), "tsx");
    await expectUnstorable(await t.api("/api/scenes", { method: "POST", json: { name: "ok", tsx: `${TSX}\u0000` } }), "tsx");
    await expectUnstorable(await t.api(`/api/scenes/${sceneId}`, { method: "PATCH", json: { name: "\udc00" } }), "name");
    // Raw JSON text with the escape, exactly as a client would send it.
    const raw = await t.api("/api/scenes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"name":"n","tsx":"const a = \\"\\ud800\\";"}`,
    });
    await expectUnstorable(raw, "tsx");
    // A proper surrogate pair (an emoji) is stored unchanged.
    const emoji = await t.createScene({ name: "rocket \ud83d\ude80", tsx: TSX });
    expect(emoji.name).toBe("rocket \ud83d\ude80");
  });

  test("U+0000 in a runtime-event message is a 400", async () => {
    const res = await t.api(`/api/scenes/${sceneId}/runtime-events`, {
      method: "POST",
      json: { context: "preview", kind: "error", message: "boom\u0000" },
    });
    await expectUnstorable(res, "message");
  });

  test("U+0000 in the q of /api/scenes and /scenes, and in bulk-recompile, is a 400", async () => {
    await expectUnstorable(await t.api("/api/scenes?q=a%00b"), "query.q");
    await expectUnstorablePage(await browse("/scenes?q=a%00b"), "query.q");
    await expectUnstorablePage(await browse("/scenes/bulk-recompile?q=%00"), "query.q");
    await expectUnstorablePage(await browse("/scenes/bulk-recompile", { method: "POST", body: form({ q: "\u0000" }) }), "q");
  });

  test("/vendor/%00 and /build/%00 unauthenticated are a 400, and %0a cannot reach a log line", async () => {
    for (const path of ["/vendor/%00", "/build/%00", "/vendor/%0a[clapper]%20forged", "/build/x%0d%0ay"]) {
      const res = await t.app.request(`${TEST_ORIGIN}${path}`);
      expect(res.status, path).toBe(400);
      // Not an /api route, so the HTML error page; the control character never reaches it or the log.
      const html = await res.text();
      expect(html).toContain('data-status="400"');
      expect(html).not.toMatch(/[\u0000\r\n]\[clapper\]/);
    }
  });

  test("/login?next= with CR, LF, tab or backslash never reaches the Location header", async () => {
    for (const next of ["/a%0d%0aSet-Cookie:%20x=1", "/%0a", "/%09/evil.example", "/\\evil.example", "/%5cevil.example", "/caf%C3%A9"]) {
      const res = await browse(`/login?next=${next}`);
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe("/");
    }
    for (const next of ["/\t/evil", "/\n/x", "//evil", "/\\/evil", "https://evil"]) expect(safeNext(next)).toBe("/");
    expect(safeNext("/scenes?q=a%20b")).toBe("/scenes?q=a%20b");
  });

  test("a compile error quoting U+0000 or a lone surrogate comes out storable (escaped)", async () => {
    // The code frame quotes the TSX; a scene compiled outside the API (backfill, in-browser) may hold them.
    const tsx = `const s = "\ud800 \u0000";\nexport default function Scene() { return <div>; }`;
    const result = compileScene(tsx, { version: 1 });
    expect(result.ok).toBe(false);
    const text = `${result.error?.message}\n${result.error?.frame}`;
    expect(text).not.toMatch(/\u0000|[\ud800-\udfff]/);
    expect(result.error?.frame).toContain("\\uD800 \\u0000");
    // And storable: the same error JSON goes into jsonb without a 500.
    const rows = await ctx.db.query<{ e: { frame: string } }>("select $1::jsonb as e", [result.error]);
    expect(rows[0]!.e.frame).toBe(result.error!.frame!);
  });
});

