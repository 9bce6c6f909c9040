// Idempotency-Key on POST /api/scenes: a retry gets the first attempt's scene, never a duplicate.
import { beforeAll, expect, test } from "bun:test";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";

const TSX = `export default function Scene() { return <div>hi</div>; }`;

describeEachDriver("idempotent create", (ctx) => {
  let t: TestApp;
  beforeAll(() => {
    t = buildTestApp(ctx.db);
  });
  const create = (key: string, body: unknown) =>
    t.api("/api/scenes", { method: "POST", json: body, headers: { "idempotency-key": key } });
  const countNamed = async (name: string) =>
    (await ctx.db.query<{ n: number }>("select count(*)::int8 as n from scenes where name = $1", [name]))[0]!.n;

  test("the same key and body twice: one scene, the second answer replays it", async () => {
    const key = crypto.randomUUID();
    const first = await create(key, { name: "idem once", tsx: TSX });
    expect(first.status).toBe(201);
    const again = await create(key, { name: "idem once", tsx: TSX });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).scene.id).toBe((await first.json()).scene.id);
    expect(await countNamed("idem once")).toBe(1);
  });

  test("the same key with another body is a 409; a bad key is a 400", async () => {
    const key = crypto.randomUUID();
    expect((await create(key, { name: "idem a", tsx: TSX })).status).toBe(201);
    const reused = await create(key, { name: "idem b", tsx: TSX });
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe("idempotency_key_reused");
    expect((await create("has space", { name: "idem c", tsx: TSX })).status).toBe(400);
    expect(await countNamed("idem b")).toBe(0);
  });

  test("ten concurrent requests with one key create one scene and all answer with it", async () => {
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => create(key, { name: "idem race", tsx: TSX })));
    const ids = new Set<string>();
    for (const res of answers) {
      expect(res.status).toBe(201);
      ids.add((await res.json()).scene.id);
    }
    expect(ids.size).toBe(1);
    expect(await countNamed("idem race")).toBe(1);
  });
});
