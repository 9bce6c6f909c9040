// `bun run bench:http`: the real server (`bun src/main.ts`, a child process) on a throwaway Postgres
// database, driven by autocannon at 32 connections: /healthz (the HTTP floor), create-only, and a
// create/edit/get mix — next to the limit measured in the same run: the same compile plus the bare
// create transaction straight from postgres.js at the same concurrency (scripts/bench-http-limit.ts).
//
// BENCH_SECONDS (default 30) sets each run's length, BENCH_ROUNDS (3) the alternating slices of creates and limit; BENCH_CONNECTIONS (32) the concurrency;
// BENCH_POOL (16) the pool of both the server (DATABASE_POOL_SIZE) and the limit;
// The server verifies every successful compile before it writes, so the limit verifies each compiled scene in
// the same QuickJS pool too (both sides do the same work); BENCH_VERIFY=0 measures the limit without it.
// BENCH_SERVER_ENV="K=V K2=V2" passes variables to the server (e.g. VERIFY_WORKERS).
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { loadConfigWith, testPostgresUrl } from "../src/config.ts";
import { measureLimit, type LimitResult } from "./bench-http-limit.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL = Number(process.env.BENCH_POOL ?? 16);
const VERIFY = process.env.BENCH_VERIFY !== "0";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERVER_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? "").split(/\s+/).filter(Boolean).map((pair) => [pair.split("=")[0]!, pair.slice(pair.indexOf("=") + 1)]),
);
/** BENCH_SERVER_DIR: run another checkout's server (before/after comparisons in one sitting). */
const SERVER_DIR = process.env.BENCH_SERVER_DIR ?? new URL("..", import.meta.url).pathname;
const TOKEN = "bench-http-token-0123456789";
const SCENE_TSX = readFileSync(new URL("../test/fixtures/realistic/lower-third-news.tsx", import.meta.url), "utf8");
const TARGET = { rate: 0.7, p99: 1.5 };

loadConfigWith({}); // fails early on a malformed variable, like the server would
const line = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface RunFigures {
  label: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

let seq = 0;
/** A create body whose TSX is unique, so every request really compiles (the compiler memoises). */
const createBody = () => JSON.stringify({ name: `bench ${seq}`, tsx: `${SCENE_TSX}\n// bench ${seq++}\n` });
const editBody = () => JSON.stringify({ tsx: `${SCENE_TSX}\n// edit ${seq++}\n` });

async function startServer(databaseUrl: string, logFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = Bun.spawn(["bun", "src/main.ts"], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN: TOKEN,
      DATABASE_POOL_SIZE: String(POOL),
      ...SERVER_ENV,
    },
    // The access log goes to a file, as it would to journald: the bench process does not parse it.
    stdout: Bun.file(logFile),
    stderr: "inherit",
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // The JSON start-up line (older builds printed plain text).
    const text = await Bun.file(logFile).text().catch(() => "");
    const match = /"url":"(http:\/\/[^"]+)"/.exec(text) ?? /listening on (http:\/\/\S+)/.exec(text);
    if (match) {
      return {
        url: match[1]!,
        async stop() {
          child.kill("SIGTERM");
          await child.exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    await Bun.sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error("server did not start within 30 s");
}

async function drive(label: string, options: autocannon.Options): Promise<RunFigures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { label, perSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Rounds of one kind as one figure: mean throughput, median p50 and p99, every error. */
function combineRounds(label: string, rounds: Omit<RunFigures, "label">[]): RunFigures {
  return {
    label,
    perSecond: rounds.reduce((sum, r) => sum + r.perSecond, 0) / rounds.length,
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function createScenes(url: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/scenes`, { method: "POST", headers: authJson, body: createBody() });
    ids.push(((await res.json()) as { scene: { id: string } }).scene.id);
  }
  return ids;
}

const authJson = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

const print = (r: RunFigures) =>
  line(`  ${r.label.padEnd(34)} ${fmt(r.perSecond).padStart(7)} req/s   p50 ${fmt(r.p50Ms, 1).padStart(6)} ms   p99 ${fmt(r.p99Ms, 1).padStart(6)} ms   errors ${r.errors}`);

const adminUrl = testPostgresUrl();
const name = `clapper_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;
const logFile = join(tmpdir(), `${name}.log`);
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
  line(`bench:http — ${SECONDS} s per run (creates and limit: ${ROUNDS} alternating slices), ${CONNECTIONS} connections, pool ${POOL}, limit verifies: ${VERIFY ? "yes" : "no"}, server env: ${JSON.stringify(SERVER_ENV)}, server ${SERVER_DIR}, ` +
    `${navigator.hardwareConcurrency} cores, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}, database ${name}`);
  server = await startServer(dbUrl.toString(), logFile);
  const { url } = server;
  const ids = await createScenes(url, 200);
  const create: autocannon.Request = { method: "POST", path: "/api/scenes", setupRequest: (req) => ({ ...req, body: createBody() }) };
  const edit: autocannon.Request = { method: "PATCH", setupRequest: (req) => ({ ...req, path: `/api/scenes/${pick(ids)}`, body: editBody() }) };
  const get: autocannon.Request = { method: "GET", setupRequest: (req) => ({ ...req, path: `/api/scenes/${pick(ids)}` }) };

  // Warm-up: JIT, pool connections, the table's first pages.
  await autocannon({ url, connections: CONNECTIONS, duration: 3, headers: authJson, requests: [create] });

  const healthz = await drive("GET /healthz (HTTP floor)", { url: `${url}/healthz` });
  const mix = await drive("mix 20% create/20% edit/60% get", { url, headers: authJson, requests: [create, get, edit, get, get] });
  // Creates and the limit alternate in ROUNDS slices, so a change in the shared machine's load hits both alike.
  const createRounds: RunFigures[] = [];
  const limitRounds: LimitResult[] = [];
  const slice = SECONDS / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    createRounds.push(await drive("POST /api/scenes (create only)", { url, headers: authJson, requests: [create], duration: slice }));
    limitRounds.push(await measureLimit({
      url: dbUrl.toString(), seconds: slice, warmupSeconds: round === 0 ? 3 : 0, connections: CONNECTIONS, poolSize: POOL, tsx: SCENE_TSX, verify: VERIFY,
    }));
  }
  const creates = combineRounds("POST /api/scenes (create only)", createRounds);
  const limit = combineRounds(`limit: compile + bare tx${VERIFY ? " + verify" : ""}`, limitRounds);

  print(healthz);
  print(creates);
  print(mix);
  print(limit);
  const rate = creates.perSecond / limit.perSecond;
  const p99 = creates.p99Ms / limit.p99Ms;
  const errors = creates.errors + mix.errors;
  line(`  creates/s vs limit ${fmt(rate, 2)}× (target ≥ ${TARGET.rate}×) ${rate >= TARGET.rate ? "OK" : "MISSED"}; ` +
    `create p99 vs limit ${fmt(p99, 2)}× (target ≤ ${TARGET.p99}×) ${p99 <= TARGET.p99 ? "OK" : "MISSED"}; ` +
    `errors ${errors} ${errors === 0 ? "OK" : "MISSED"}; load average now ${(await import("node:os")).loadavg()[0]!.toFixed(2)}`);
} finally {
  await server?.stop();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end({ timeout: 5 });
}
