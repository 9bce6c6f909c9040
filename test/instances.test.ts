// Two server processes on different ports against one Postgres database, started at the same moment:
// migrations and sample seeding happen once, writes through both are all kept with consistent
// revisions, one If-Match edit of a pair wins, exactly one backfill runs across both (the other
// gets 409), and two export worker processes never claim the same chunk.
import { afterAll, beforeAll, expect, test } from "bun:test";
import postgres from "postgres";
import type { Queryable } from "../src/db/open.ts";
import { insertExport, insertExportChunks } from "../src/db/queries/exports.ts";
import { readSampleDir } from "../src/services/samples.ts";
import { createThrowawayPostgres, type ThrowawayPostgres } from "./helpers/db.ts";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.ts";
import { inconsistentScenes, missingWrites, startWriteLoad } from "./helpers/write-load.ts";

const TOKEN = `t-${crypto.randomUUID()}`;
const CLAIM_WORKER = new URL("./helpers/claim-worker.ts", import.meta.url).pathname;

let pg: ThrowawayPostgres;
let sql: postgres.Sql;
let q: Queryable;
let a: ServerProcess;
let b: ServerProcess;
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

beforeAll(async () => {
  pg = await createThrowawayPostgres();
  sql = postgres(pg.url, { max: 4, onnotice: () => {} });
  q = { query: async (text, params) => (await sql.unsafe(text, params as never[])) as never };
  // CLAPPER_ROLE=web: the replicas serve HTTP only, so the queue test below sees exactly its two claim processes.
  const env = { DATABASE_URL: pg.url, ADMIN_TOKEN: TOKEN, COMPILE_TARGET_VERSION: "1", CLAPPER_ROLE: "web" };
  // Both start on the empty database at once, as a deployment of N replicas does.
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
}, 90_000);

afterAll(async () => {
  for (const s of [a, b]) s?.child.kill("SIGKILL");
  await Promise.all([a, b].map((s) => s?.child.exited));
  await sql?.end({ timeout: 2 });
  await pg?.drop();
});

test("both processes started on one empty database: migrations applied once, samples seeded once", async () => {
  const journal = await q.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const migrations = (await Bun.file(new URL("../drizzle/meta/_journal.json", import.meta.url)).json()) as { entries: unknown[] };
  expect(journal[0]!.n).toBe(migrations.entries.length);
  const scenes = await q.query<{ n: number }>(`select count(*)::int as n from scenes`);
  expect(scenes[0]!.n).toBe(readSampleDir().length);
});

test("writes through both processes are all kept, revisions consistent; If-Match pairs across them: one wins", async () => {
  const load = startWriteLoad([a.url, b.url], TOKEN, 8);
  while (load.acked.length < 200) await Bun.sleep(50);
  const acked = await load.stop();
  expect(await missingWrites(q, acked)).toEqual([]);
  expect(await inconsistentScenes(q)).toEqual([]);

  const created = await fetch(`${a.url}/api/scenes`, { method: "POST", headers: auth, body: JSON.stringify({ name: "contended", tsx: "export default () => <div>0</div>;" }) });
  const id = ((await created.json()) as { scene: { id: string } }).scene.id;
  for (let round = 1; round <= 15; round++) {
    const statuses = await Promise.all(
      [a, b].map(async (server, i) => {
        const res = await fetch(`${server.url}/api/scenes/${id}`, {
          method: "PATCH",
          headers: { ...auth, "if-match": `"${round}"` },
          body: JSON.stringify({ tsx: `export default () => <div>${round}-${i}</div>;` }),
        });
        await res.body?.cancel();
        return res.status;
      }),
    );
    expect(statuses.sort()).toEqual([200, 409]);
  }
  const scene = (await (await fetch(`${b.url}/api/scenes/${id}`, { headers: auth })).json()) as { scene: { revision: number } };
  expect(scene.scene.revision).toBe(16);
}, 60_000);

test("one backfill at a time across both processes: the other gets 409, even while it runs", async () => {
  const body = JSON.stringify({ targetVersion: 2, batchSize: 1 });
  const answers = await Promise.all([a, b].map((s) => fetch(`${s.url}/api/backfill`, { method: "POST", headers: auth, body })));
  const statuses = answers.map((r) => r.status);
  expect(statuses.sort()).toEqual([202, 409]);
  const winner = answers.find((r) => r.status === 202)!;
  const loser = answers.find((r) => r.status === 409)!;
  const runId = ((await winner.json()) as { run: { id: string } }).run.id;
  expect(((await loser.json()) as { error: { code: string } }).error.code).toBe("backfill_running");

  // While it runs, both processes refuse a second run and both see the same run.
  for (const s of [a, b]) {
    const again = await fetch(`${s.url}/api/backfill`, { method: "POST", headers: auth, body });
    const status = again.status;
    const error = ((await again.json()) as { error?: { code: string } }).error?.code;
    const run = (await (await fetch(`${s.url}/api/backfill/${runId}`, { headers: auth })).json()) as { run: { status: string } };
    if (run.run.status === "running") {
      expect(status).toBe(409);
      expect(error).toBe("backfill_running");
    }
  }
  const deadline = Date.now() + 45_000;
  let status = "";
  while (Date.now() < deadline && status !== "succeeded") {
    status = ((await (await fetch(`${b.url}/api/backfill/${runId}`, { headers: auth })).json()) as { run: { status: string } }).run.status;
    await Bun.sleep(100);
  }
  expect(status).toBe("succeeded");
  const runs = await q.query<{ n: number }>(`select count(*)::int as n from backfill_runs`);
  expect(runs[0]!.n).toBe(1);
}, 60_000);

test("two export worker processes claiming from one queue never render a chunk twice", async () => {
  const CHUNKS = 40;
  const exportIds: string[] = [];
  for (let e = 0; e < 3; e++) {
    const row = await insertExport(q, { kind: "scene", sceneId: null, projectId: null, format: "mp4", options: {} as never, framesTotal: CHUNKS * 10, sceneHashes: [] });
    await insertExportChunks(q, row.id, Array.from({ length: CHUNKS }, (_, i) => ({ from: i * 10, to: i * 10 + 10 })));
    exportIds.push(row.id);
  }
  const workers = ["worker-a", "worker-b"].map((id) =>
    Bun.spawn(["bun", CLAIM_WORKER, pg.url, id], { stdout: "pipe", stderr: "pipe" }),
  );
  const outputs = await Promise.all(
    workers.map(async (w) => {
      const [out, err, code] = await Promise.all([new Response(w.stdout).text(), new Response(w.stderr).text(), w.exited]);
      expect(code, err).toBe(0);
      return JSON.parse(out.trim().split("\n").at(-1)!) as { workerId: string; rendered: string[] };
    }),
  );
  const all = outputs.flatMap((o) => o.rendered);
  expect(all.length).toBe(3 * CHUNKS);
  expect(new Set(all).size).toBe(all.length);
  // Both processes did part of the work (so the claims really raced), and the table agrees.
  for (const o of outputs) expect(o.rendered.length).toBeGreaterThan(0);
  const rows = await q.query<{ status: string; attempts: number; worker: string; n: number }>(
    `select status, attempts, worker_id as worker, count(*)::int as n from export_chunks where export_id = any($1::uuid[]) group by 1, 2, 3`,
    [exportIds],
  );
  for (const row of rows) {
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(1);
    expect(outputs.find((o) => o.workerId === row.worker)!.rendered.length).toBe(row.n);
  }
}, 60_000);
