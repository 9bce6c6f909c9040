// `bun run backfill -- --reverify` as a process on real Postgres: verification again over stored JS, in
// batches with progress, writing compileMeta.verify only (no compile events), exit 1 when a scene fails it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { testServices } from "./helpers/app.ts";
import { ADMIN_POSTGRES_URL, openTestDatabase, type TestDatabase } from "./helpers/db.ts";
import type { Services } from "../src/services/index.ts";
import { FAILS_VERIFICATION, VERIFIES } from "./helpers/verify-scenes.ts";

const CLI = new URL("../scripts/backfill-scene-js.ts", import.meta.url).pathname;
const GOOD = VERIFIES;
const BAD = FAILS_VERIFICATION;

let opened: TestDatabase;
let services: Services;
let url: string;

beforeAll(async () => {
  opened = await openTestDatabase("postgres");
  services = testServices(opened.db, { verifyWorkers: 1 });
  const [{ name }] = await opened.db.query<{ name: string }>("select current_database() as name");
  const u = new URL(ADMIN_POSTGRES_URL);
  u.pathname = `/${name}`;
  url = u.toString();
});
afterAll(async () => {
  await services.close();
  await opened.dispose();
});

test("--reverify restores the verification of every stored artifact, batch by batch, without compile events", async () => {
  for (let i = 0; i < 4; i++) await services.scenes.create({ name: `good ${i}`, tsx: GOOD });
  const bad = await services.scenes.create({ name: "bad", tsx: BAD });
  expect(bad.status).toBe("unverified");
  // As if stored before verification existed.
  await opened.db.query(`update scenes set compile_meta = compile_meta - 'verify'`);
  const [{ n: events }] = await opened.db.query<{ n: number }>(`select count(*)::int as n from compile_events`);

  const proc = Bun.spawn(["bun", CLI, "--reverify", "--batch-size", "2", "--database-url", url], { stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  expect(err).toBe("");
  expect(code).toBe(1);
  expect(out).toContain("Re-verified 5 scenes");
  expect(out).toContain("4 ok, 1 unverified, 0 not verified");
  expect(out).toMatch(/progress 100\.0% 5\/5/);

  const rows = await opened.db.query<{ name: string; ok: boolean }>(
    `select name, (compile_meta->'verify'->>'ok')::boolean as ok from scenes order by name`,
  );
  expect(rows.map((r) => [r.name, r.ok])).toEqual([["bad", false], ["good 0", true], ["good 1", true], ["good 2", true], ["good 3", true]]);
  expect((await services.scenes.get(bad.id)).status).toBe("unverified");
  const [{ n: after }] = await opened.db.query<{ n: number }>(`select count(*)::int as n from compile_events`);
  expect(after).toBe(events);
});

test("--reverify refuses run options it cannot honour", async () => {
  const proc = Bun.spawn(["bun", CLI, "--reverify", "--target-version", "2", "--database-url", url], { stdout: "pipe", stderr: "pipe" });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  expect(code).toBe(2);
  expect(err).toContain("--reverify recompiles nothing");
});
