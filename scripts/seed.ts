// `bun run seed`: the sample scenes, and with --scenes N --events M a large synthetic data set
// (set-based inserts in chunks, with a progress line) for benchmarks. Uses DATABASE_URL like the server.
import { parseArgs } from "node:util";
import { compileScene } from "../src/compiler/index.ts";
import { openDatabase, type Database } from "../src/db/open.ts";
import * as q from "../src/db/queries.ts";
import * as seedSql from "./seed-sql.ts";
import { readSampleDir, seedSampleScenes } from "../src/services/samples.ts";
import { databaseOptions, loadConfigWith } from "../src/config.ts";
import { createServices } from "../src/services/index.ts";

const USAGE = `usage: bun scripts/seed.ts [--scenes N] [--events M] [--runtime-events K] [--no-samples] [--database-url URL]
  --scenes N          synthetic scenes (several projects, v1+v2, ~6% failed, ~4% pending)
  --events M          synthetic compile events over the last 90 days
  --runtime-events K  synthetic runtime events (default: events / 10)
  --no-samples        skip the sample scenes (by default they are added when the database has none)`;

const { values } = parseArgs({
  options: {
    scenes: { type: "string", default: "0" },
    events: { type: "string", default: "0" },
    "runtime-events": { type: "string" },
    "no-samples": { type: "boolean", default: false },
    "database-url": { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = (name: string, raw: string | undefined, fallback: number) => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const sceneCount = count("scenes", values.scenes, 0);
const eventCount = count("events", values.events, 0);
const runtimeCount = count("runtime-events", values["runtime-events"], Math.floor(eventCount / 10));

/** Runs `insert(from, to)` over 1..total in chunks, printing one updating progress line. */
async function inChunks(label: string, total: number, chunk: number, insert: (from: number, to: number) => Promise<number>) {
  const started = performance.now();
  let done = 0;
  for (let from = 1; from <= total; from += chunk) {
    done += await insert(from, Math.min(total, from + chunk - 1));
    const secs = (performance.now() - started) / 1000;
    const rate = Math.round(done / Math.max(secs, 0.001));
    process.stdout.write(`\r[seed] ${label}: ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} (${Math.round((done / total) * 100)}%) ${secs.toFixed(1)} s, ${rate.toLocaleString("en-US")}/s   `);
  }
  process.stdout.write("\n");
  return { done, seconds: (performance.now() - started) / 1000 };
}

/** Real artifacts of the compiling samples (v1 and v2) so synthetic rows look and run like real ones. */
function buildTemplates(): seedSql.SyntheticSceneTemplates {
  const samples = readSampleDir();
  const t: seedSql.SyntheticSceneTemplates = { names: [], tsx: [], jsV1: [], jsV2: [], metaV1: [], metaV2: [], brokenTsx: "", errorJson: "" };
  for (const sample of samples) {
    const v1 = compileScene(sample.tsx, { version: 1, trigger: "create" });
    const v2 = compileScene(sample.tsx, { version: 2, trigger: "create" });
    if (!v1.ok) {
      if (!t.brokenTsx) {
        t.brokenTsx = sample.tsx;
        t.errorJson = JSON.stringify(v1.error);
      }
      continue;
    }
    if (!v2.ok) continue;
    t.names.push(sample.name);
    t.tsx.push(sample.tsx);
    t.jsV1.push(v1.js);
    t.jsV2.push(v2.js);
    t.metaV1.push(JSON.stringify(v1.meta));
    t.metaV2.push(JSON.stringify(v2.meta));
  }
  return t;
}

async function seedSynthetic(db: Database) {
  const salt = crypto.randomUUID().slice(0, 8);
  const totals: string[] = [];
  if (sceneCount > 0) {
    const templates = buildTemplates();
    const r = await inChunks("scenes", sceneCount, 5_000, (from, to) => seedSql.insertSyntheticScenes(db, salt, from, to, templates));
    totals.push(`${r.done} scenes in ${r.seconds.toFixed(1)} s`);
  }
  if (eventCount > 0) {
    const r = await inChunks("compile events", eventCount, 100_000, (from, to) =>
      seedSql.insertSyntheticCompileEvents(db, salt, sceneCount, to - from + 1));
    totals.push(`${r.done} compile events in ${r.seconds.toFixed(1)} s`);
  }
  if (runtimeCount > 0) {
    const r = await inChunks("runtime events", runtimeCount, 100_000, (from, to) =>
      seedSql.insertSyntheticRuntimeEvents(db, salt, sceneCount, to - from + 1));
    totals.push(`${r.done} runtime events in ${r.seconds.toFixed(1)} s`);
  }
  if (totals.length) {
    await db.query("analyze");
    console.log(`[seed] synthetic run ${salt}: ${totals.join(", ")}`);
  }
}

const config = loadConfigWith({
  compileTargetVersion: 1,
  ...(values["database-url"] ? { databaseUrl: values["database-url"] } : {}),
});
const db = await openDatabase(config.databaseUrl, databaseOptions(config));
try {
  if (!values["no-samples"] && (await q.countScenes(db)) === 0) {
    const n = await seedSampleScenes(createServices(db, config).scenes);
    console.log(`[seed] ${n} sample scenes`);
  }
  await seedSynthetic(db);
} finally {
  await db.close();
}
