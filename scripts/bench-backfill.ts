// `bun run bench:backfill`: backfill throughput on a throwaway Postgres database against the
// single-threaded compile-only throughput of the same rows, measured in the same run.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../src/db/open.ts";
import { selectBackfillBatch } from "../src/db/queries.ts";
import { compileCandidates } from "../src/services/backfill-compile.ts";
import { loadConfig } from "../src/config.ts";
import { resolveOptions } from "../src/services/backfill.ts";
import { createServices } from "../src/services/index.ts";
import { seedLegacyScenes, loadRealisticScenes } from "./legacy-seed.ts";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    rows: { type: "string", default: "100000" },
    "baseline-rows": { type: "string", default: "3000" },
    "batch-size": { type: "string", default: "100" },
    workers: { type: "string", default: String(Math.max(1, navigator.hardwareConcurrency)) },
    "admin-url": { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
  },
});
const ROWS = Number(values.rows);
const BASELINE_ROWS = Math.min(ROWS, Number(values["baseline-rows"]));
const BATCH = Number(values["batch-size"]);
const WORKERS = Number(values.workers);
const TARGET_RATIO = 0.7;
const TARGET_SECONDS = 120;

const name = `clapper_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const admin = postgres(values["admin-url"]!, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(values["admin-url"]!);
url.pathname = `/${name}`;
const db = await openDatabase(url.toString());

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const line = (s: string) => process.stdout.write(`${s}\n`);

try {
  const samples = loadRealisticScenes();
  const avgBytes = samples.reduce((sum, s) => sum + s.tsx.length, 0) / samples.length;
  line(`bench:backfill — ${fmt(ROWS)} legacy rows from ${samples.length} realistic samples (avg ${fmt(avgBytes / 1024, 1)} KiB, each row unique), ` +
    `batch ${BATCH}, ${WORKERS} compile worker(s), ${navigator.hardwareConcurrency} cores, database ${name}`);

  let t = performance.now();
  await seedLegacyScenes(db, ROWS, {
    samples,
    chunk: 2000,
    onChunk: (done) => process.stdout.write(`\r  seeding ${fmt(done)}/${fmt(ROWS)}`),
  });
  line(`\r  seeded ${fmt(ROWS)} rows in ${fmt((performance.now() - t) / 1000, 1)} s`);
  await db.query("vacuum analyze scenes");

  // Baseline: the backfill's own first rows (ids are random, so a random sample of all of them),
  // compiled on one thread, no database.
  const baselineRows = await selectBackfillBatch(db, resolveOptions({ batchSize: BATCH }), null, BASELINE_ROWS);
  compileCandidates(baselineRows.slice(0, 50), null); // warm up the JIT
  t = performance.now();
  for (let i = 0; i < baselineRows.length; i += BATCH) compileCandidates(baselineRows.slice(i, i + BATCH), null);
  const compileOnlyRate = baselineRows.length / ((performance.now() - t) / 1000);
  line(`  compile-only, single thread: ${fmt(compileOnlyRate)} scenes/s (${fmt(baselineRows.length)} of the rows)`);

  t = performance.now();
  let lastPrint = 0;
  const { backfill } = createServices(db, loadConfig());
  const handle = await backfill.start({ batchSize: BATCH }, {
    workers: WORKERS,
    onProgress: (run) => {
      if (performance.now() - lastPrint < 2000) return;
      lastPrint = performance.now();
      process.stdout.write(`\r  backfill ${fmt(run.processed)}/${fmt(run.total ?? 0)} (${fmt((run.processed / ((performance.now() - t) / 1000)))} scenes/s)`);
    },
  });
  const run = await handle.done;
  const seconds = (performance.now() - t) / 1000;
  const rate = run.processed / seconds;
  const ratio = rate / compileOnlyRate;
  line(`\r  backfill: ${run.status}, ${fmt(run.processed)} processed (${fmt(run.succeeded)} ok, ${fmt(run.failed)} failed, ${fmt(run.skipped)} skipped)   `);
  line("");
  line(`  backfill throughput   ${fmt(rate)} scenes/s`);
  line(`  compile-only baseline ${fmt(compileOnlyRate)} scenes/s (single thread)`);
  line(`  ratio                 ${fmt(ratio, 2)}  (target ≥ ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? "OK" : "MISSED"}`);
  const projected = ROWS === 100_000 ? seconds : (seconds * 100_000) / ROWS;
  line(`  total time            ${fmt(seconds, 1)} s for ${fmt(ROWS)} rows${ROWS === 100_000 ? "" : ` (≈ ${fmt(projected)} s for 100,000)`} ` +
    `(target < ${TARGET_SECONDS} s for 100,000) ${projected < TARGET_SECONDS ? "OK" : "MISSED"}`);
  if (run.status !== "succeeded" || run.processed !== ROWS) process.exitCode = 1;
} finally {
  await db.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end({ timeout: 5 });
}
