// The CLI on real Postgres: a run killed (SIGKILL) mid-way resumes to the same final state as an
// uninterrupted run, with no scene compiled twice by the run; a second start meanwhile is refused.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Database } from "../src/db/open.ts";
import { testServices } from "./helpers/app.ts";
import { seedLegacyScenes } from "../scripts/legacy-seed.ts";
import { ADMIN_POSTGRES_URL, openTestDatabase, type TestDatabase } from "./helpers/db.ts";

const CLI = new URL("../scripts/backfill-scene-js.ts", import.meta.url).pathname;
const ROWS = 1500;

let killed: TestDatabase;
let uninterrupted: TestDatabase;

async function urlOf(db: Database): Promise<string> {
  const [{ name }] = await db.query<{ name: string }>("select current_database() as name");
  const url = new URL(ADMIN_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function cli(db: string, ...args: string[]) {
  return Bun.spawn(["bun", CLI, "--database-url", db, ...args], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, BACKFILL_WORKERS: "0" },
  });
}

async function finish(proc: ReturnType<typeof cli>) {
  const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code, out, err };
}

/** Everything a backfill decides per scene, keyed by the (unique) name; timings differ run to run. */
async function finalState(db: Database) {
  const rows = await db.query<Record<string, unknown>>(
    `select name, js_code as js, js_revision as "jsRevision", compilation_version as "compilationVersion",
       compile_meta - 'timings' - 'verify' as meta, compile_meta->'verify'->'ok' as verified, compilation_error as error from scenes order by name`,
  );
  return rows;
}

beforeAll(async () => {
  [killed, uninterrupted] = await Promise.all([openTestDatabase("postgres"), openTestDatabase("postgres")]);
  await seedLegacyScenes(killed.db, ROWS);
  await seedLegacyScenes(uninterrupted.db, ROWS);
});

afterAll(async () => {
  await Promise.all([killed?.dispose(), uninterrupted?.dispose()]);
});

test("a killed run resumes to the same final state as an uninterrupted one", async () => {
  const reference = await finish(cli(await urlOf(uninterrupted.db), "--batch-size", "20"));
  // Some samples are broken on purpose: they fail, the run goes on, the exit code says so.
  expect(reference.code).toBe(1);
  expect(reference.out).toMatch(new RegExp(`processed ${ROWS} of ${ROWS}`));
  expect(reference.out).toContain("failed scenes:");

  const url = await urlOf(killed.db);
  const proc = cli(url, "--batch-size", "20");
  let processed = 0;
  for (let i = 0; i < 1000 && processed < 100; i++) {
    await Bun.sleep(10);
    const rows = await killed.db.query<{ processed: number }>("select processed from backfill_runs");
    processed = rows[0]?.processed ?? 0;
  }
  expect(processed).toBeGreaterThanOrEqual(100);
  // The CLI holds the lock in its own process: a start from here is refused.
  await expect(testServices(killed.db).backfill.start({})).rejects.toMatchObject({ status: 409, message: expect.stringContaining("another process") });
  proc.kill("SIGKILL");
  await proc.exited;

  const [run] = await killed.db.query<{ id: string; status: string; processed: number }>("select id, status, processed from backfill_runs");
  expect(run!.status).toBe("running");
  expect(run!.processed).toBeLessThan(ROWS);
  // Interrupted: a fresh start is refused with the way out, and the CLI says so too. (Postgres frees
  // the dead process's lock once its backend notices the closed socket: allow it a moment.)
  let refusal = "";
  for (let i = 0; i < 100 && !refusal.includes("--resume"); i++) {
    refusal = await testServices(killed.db).backfill.start({}).then(() => "started?!", (e: Error) => e.message);
    if (!refusal.includes("--resume")) await Bun.sleep(50);
  }
  expect(refusal).toContain(`was interrupted`);
  expect(refusal).toContain(`--resume ${run!.id}`);
  const refused = await finish(cli(url));
  expect(refused.code).toBe(2);
  expect(refused.err).toContain(`--resume ${run!.id}`);

  const resumed = await finish(cli(url, "--resume"));
  expect(resumed.out).toContain(`Backfill run ${run!.id}`);
  expect(resumed.out).toMatch(new RegExp(`resuming after \\d+`));
  expect(resumed.out).toMatch(new RegExp(`processed ${ROWS} of ${ROWS}`));
  expect(resumed.code).toBe(1);

  expect(await finalState(killed.db)).toEqual(await finalState(uninterrupted.db));
  const perScene = await killed.db.query<{ n: number }>(
    "select count(*)::int as n from compile_events where trigger = 'backfill' group by scene_id",
  );
  expect(perScene).toHaveLength(ROWS);
  expect(perScene.every((r) => r.n === 1)).toBe(true);
  const [counters] = await killed.db.query<{ status: string; processed: number; succeeded: number; failed: number; skipped: number }>(
    "select status, processed, succeeded, failed, skipped from backfill_runs",
  );
  const [reference_] = await uninterrupted.db.query("select status, processed, succeeded, failed, skipped from backfill_runs");
  expect(counters).toEqual(reference_ as typeof counters);
}, 120_000);

test("usage errors exit 2 with the usage text", async () => {
  const bad = await finish(cli(await urlOf(killed.db), "--batch-size", "ten"));
  expect(bad.code).toBe(2);
  expect(bad.err).toContain("--batch-size expects a whole number");
  expect(bad.err).toContain("Usage: bun run backfill");
});
