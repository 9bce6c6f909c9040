// The server bounds runtime events per scene, whoever sends them: identical events within the dedupe
// window are stored once, and a scene over its per-minute rate gets 429 with Retry-After.
import { beforeAll, expect, test } from "bun:test";
import { listRuntimeEvents } from "../src/db/queries.ts";
import { RUNTIME_EVENTS_PER_SCENE_PER_MINUTE } from "../src/services/runtime-event-gate.ts";
import { describeEachDriver } from "./helpers/db.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";

const TSX = `export default function Scene() { return <div>hi</div>; }`;

describeEachDriver("runtime event gate", (ctx) => {
  let t: TestApp;
  beforeAll(() => {
    t = buildTestApp(ctx.db);
  });
  const post = (id: string, body: unknown) => t.api(`/api/scenes/${id}/runtime-events`, { method: "POST", json: body });

  test("an identical event repeated at once is stored once", async () => {
    const scene = await t.createScene({ name: "dupes", tsx: TSX });
    for (let i = 0; i < 5; i++) {
      expect((await post(scene.id, { context: "preview", kind: "error", message: "same" })).status).toBe(204);
    }
    expect(await listRuntimeEvents(ctx.db, scene.id)).toHaveLength(1);
  });

  test("more distinct events than the per-scene rate get 429; other scenes are not affected", async () => {
    const noisy = await t.createScene({ name: "noisy", tsx: TSX });
    const quiet = await t.createScene({ name: "quiet", tsx: TSX });
    const statuses: number[] = [];
    for (let i = 0; i < RUNTIME_EVENTS_PER_SCENE_PER_MINUTE + 5; i++) {
      const res = await post(noisy.id, { context: "preview", kind: "error", message: `distinct ${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 204)).toHaveLength(RUNTIME_EVENTS_PER_SCENE_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await listRuntimeEvents(ctx.db, noisy.id)).toHaveLength(RUNTIME_EVENTS_PER_SCENE_PER_MINUTE);
    expect((await post(quiet.id, { context: "preview", kind: "ok" })).status).toBe(204);
  });
});
