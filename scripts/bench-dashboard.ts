// `bun run bench:dashboard`: server time per dashboard page at 100k scenes / 1M compile events on real Postgres.
// Creates a throwaway database, seeds it with scripts/seed.ts, times app.request() per page, drops the database.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../src/db/open.ts";
import { createApp } from "../src/server/app.ts";
import { loadConfig, testPostgresUrl } from "../src/config.ts";
import { createServices } from "../src/services/index.ts";

const { values } = parseArgs({
  options: {
    scenes: { type: "string", default: "100000" },
    events: { type: "string", default: "1000000" },
    requests: { type: "string", default: "30" },
    "admin-url": { type: "string", default: testPostgresUrl() },
    keep: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(values.requests);
const TARGET_P95_MS = 50;
const ORIGIN = "http://localhost";
const TOKEN = "bench-dashboard-token";

const dbName = `clapper_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const adminUrl = values["admin-url"]!;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

async function main() {
  await admin.unsafe(`create database ${dbName}`);
  console.log(`[bench] database ${dbName}; seeding ${values.scenes} scenes / ${values.events} events…`);
  const seeded = Bun.spawnSync(
    ["bun", "scripts/seed.ts", "--database-url", dbUrl, "--scenes", values.scenes!, "--events", values.events!],
    { cwd: `${import.meta.dir}/..`, stdout: "inherit", stderr: "inherit" },
  );
  if (seeded.exitCode !== 0) throw new Error(`seed failed with exit code ${seeded.exitCode}`);

  const db = await openDatabase(dbUrl);
  await db.query("analyze");
  const config = loadConfig({ ADMIN_TOKEN: TOKEN, LOG_LEVEL: "warn" });
  const app = createApp({ config, services: createServices(db, config) });
  const login = await app.request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: TOKEN }).toString(),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (login.status !== 303 || !cookie) throw new Error(`login failed: ${login.status}`);

  const sample = await db.query<{ id: string; project_id: string | null }>(
    "select id, project_id from scenes tablesample system (1) where project_id is not null limit 40",
  );
  const failing = await db.query<{ id: string }>("select id from scenes where compilation_error is not null limit 10");
  const firstPage = await app.request(`${ORIGIN}/scenes?sort=name_asc`, { headers: { cookie, "hx-request": "true" } });
  const firstProjects = await app.request(`${ORIGIN}/projects`, { headers: { cookie, "hx-request": "true" } });
  const projectCursor = /cursor=([0-9a-f-]{36})/.exec(await firstProjects.text())?.[1] ?? "";
  const cursor = /cursor=([^"&]+)/.exec(await firstPage.text())?.[1] ?? "";
  const project = sample[0]?.project_id ?? "";
  const detailIds = [...sample.map((s) => s.id), ...failing.map((f) => f.id)];

  type Case = { name: string; paths: () => string; htmx?: boolean; gated: boolean };
  let n = 0;
  const cases: Case[] = [
    { name: "baseline: GET /healthz", paths: () => "/healthz", gated: false },
    { name: "overview /", paths: () => "/", gated: true },
    { name: "overview charts 90 d (htmx)", paths: () => "/overview/charts?days=90", htmx: true, gated: true },
    { name: "scenes (default)", paths: () => "/scenes", gated: true },
    { name: "scenes status=failed", paths: () => "/scenes?status=failed", htmx: true, gated: true },
    { name: "scenes status=stale", paths: () => "/scenes?status=stale", htmx: true, gated: true },
    { name: "scenes status=pending", paths: () => "/scenes?status=pending", htmx: true, gated: true },
    { name: "scenes status=compiled&version=2", paths: () => "/scenes?status=compiled&version=2", htmx: true, gated: true },
    { name: "scenes project=…", paths: () => `/scenes?project=${project}`, htmx: true, gated: true },
    { name: "scenes sort=name_asc page 2", paths: () => `/scenes?sort=name_asc&cursor=${cursor}`, htmx: true, gated: true },
    { name: "scenes search q=title", paths: () => "/scenes?q=title", htmx: true, gated: true },
    { name: "scenes search q=<id prefix>", paths: () => `/scenes?q=${detailIds[n % detailIds.length]!.slice(0, 8)}`, htmx: true, gated: true },
    { name: "scenes search q=Unexpected (error text)", paths: () => "/scenes?q=Unexpected&status=failed", htmx: true, gated: true },
    { name: "scenes search, no match", paths: () => `/scenes?q=zz-nomatch-${n}`, htmx: true, gated: true },
    { name: "scenes search q=title status=failed", paths: () => "/scenes?q=title&status=failed", htmx: true, gated: true },
    { name: "scenes version=1 (capped counts)", paths: () => "/scenes?version=1", htmx: true, gated: true },
    { name: "scenes project=… play order", paths: () => `/scenes?project=${project}&sort=position_asc`, htmx: true, gated: true },
    { name: "overview live fragment (poll)", paths: () => "/overview/live?days=30", htmx: true, gated: true },
    { name: "projects /projects", paths: () => "/projects", gated: true },
    { name: "projects page 2 (htmx)", paths: () => `/projects?cursor=${projectCursor}`, htmx: true, gated: true },
    { name: "projects search q=<id prefix>", paths: () => `/projects?q=${sample[n % sample.length]!.project_id!.slice(0, 6)}`, htmx: true, gated: true },
    { name: "projects search, no match", paths: () => `/projects?q=zz-nomatch-${n}`, htmx: true, gated: true },
    { name: "project picker options q=<id prefix>", paths: () => `/projects/options?projectSearch=${sample[n % sample.length]!.project_id!.slice(0, 6)}`, htmx: true, gated: true },
    { name: "GET /api/projects", paths: () => "/api/projects", gated: true },
    { name: "scene detail /scenes/:id", paths: () => `/scenes/${detailIds[n % detailIds.length]}`, gated: true },
    { name: "failures /failures", paths: () => "/failures", gated: true },
    { name: "verify /verify", paths: () => "/verify", gated: false },
  ];

  console.log(`\n[bench] ${REQUESTS} requests per page via app.request() (server time), target p95 ≤ ${TARGET_P95_MS} ms`);
  console.log(`${"page".padEnd(44)} ${"first".padStart(8)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"max".padStart(8)}  ok?`);
  let failures = 0;
  for (const c of cases) {
    const times: number[] = [];
    let first = 0;
    for (let i = 0; i <= REQUESTS; i++) {
      n++;
      const headers: Record<string, string> = c.paths().startsWith("/api/") ? { authorization: `Bearer ${TOKEN}` } : { cookie };
      if (c.htmx) headers["hx-request"] = "true";
      const started = performance.now();
      const res = await app.request(`${ORIGIN}${c.paths()}`, { headers });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${c.name}: status ${res.status}`);
      if (i === 0) first = ms; // the first request may fill the aggregate cache; reported, not gated
      else times.push(ms);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    const ok = !c.gated || p95 <= TARGET_P95_MS;
    if (!ok) failures++;
    console.log(
      `${c.name.padEnd(44)} ${first.toFixed(1).padStart(8)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}  ${c.gated ? (ok ? "yes" : "NO") : "(baseline)"}`,
    );
  }
  console.log(`\n[bench] ${failures === 0 ? "all pages within" : `${failures} page(s) above`} p95 ≤ ${TARGET_P95_MS} ms`);
  await db.close();
  return failures;
}

let failures = 1;
try {
  failures = await main();
} finally {
  if (!values.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  else console.log(`[bench] kept ${dbUrl}`);
  await admin.end({ timeout: 5 });
}
process.exit(failures === 0 ? 0 : 1);
