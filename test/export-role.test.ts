// CLAPPER_ROLE and the export start-up: which instance renders, what a render-only instance answers, and the one
// line printed when Chromium or ffmpeg is missing (the server still starts).

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportConfigFromEnv, loadConfig } from "../src/config.ts";
import { startExportRuntime, workerOnlyFetch } from "../src/server/exports/runtime.ts";
import { buildTestApp, TEST_ORIGIN } from "./helpers/app.ts";
import { openTestDatabase, type TestDatabase } from "./helpers/db.ts";

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), "clapper-export-role-"));

beforeAll(async () => {
  database = await openTestDatabase("pglite");
});
afterAll(async () => {
  await database?.dispose();
});

test("CLAPPER_ROLE parses all (default), web and worker; anything else is refused at start", () => {
  expect(loadConfig({}).role).toBe("all");
  expect(loadConfig({ CLAPPER_ROLE: "web" }).role).toBe("web");
  expect(loadConfig({ CLAPPER_ROLE: "worker" }).role).toBe("worker");
  expect(() => loadConfig({ CLAPPER_ROLE: "render" })).toThrow(/CLAPPER_ROLE/);
  const config = loadConfig({ CHROMIUM_PATH: "/opt/c", FFMPEG_PATH: "/opt/f", EXPORT_DIR: "/x", EXPORT_CONCURRENCY: "3", EXPORT_RETENTION_DAYS: "7", EXPORT_MAX_BYTES: "1000000", EXPORT_CHUNK_FRAMES: "90" });
  expect(config.export).toMatchObject({ chromiumPath: "/opt/c", ffmpegPath: "/opt/f", exportDir: "/x", concurrency: 3, retentionDays: 7, maxTotalBytes: 1_000_000, chunkFrames: 90 });
  expect(() => loadConfig({ EXPORT_CONCURRENCY: "0" })).toThrow(/EXPORT_CONCURRENCY/);
});

test("a render-only instance answers /healthz and 404 JSON for everything else", async () => {
  const { app } = buildTestApp(database.db);
  const fetch = workerOnlyFetch((request) => app.fetch(request));
  expect((await fetch(new Request(`${TEST_ORIGIN}/healthz`), undefined)).status).toBe(200);
  const other = await fetch(new Request(`${TEST_ORIGIN}/api/scenes`), undefined);
  expect(other.status).toBe(404);
  expect((await other.json()).error.message).toContain("CLAPPER_ROLE=worker");
});

test("roles all and worker start render slots, web does not; missing Chromium prints one line and starts none", async () => {
  const { services } = buildTestApp(database.db, { export: exportConfigFromEnv({}, { exportDir: dir, concurrency: 1 }) });
  for (const [role, renders] of [["all", true], ["worker", true], ["web", false]] as const) {
    const lines: string[] = [];
    const runtime = await startExportRuntime({ role }, services, (line) => lines.push(line));
    expect(runtime.workers !== null, role).toBe(renders);
    expect(lines).toEqual([]);
    await runtime.stop();
  }
  const missing = buildTestApp(database.db, { export: exportConfigFromEnv({ CHROMIUM_PATH: join(dir, "nope") }, { exportDir: dir }) });
  const lines: string[] = [];
  const runtime = await startExportRuntime({ role: "all" }, missing.services, (line) => lines.push(line));
  expect(runtime.workers).toBeNull();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(join(dir, "nope"));
  expect(lines[0]).toContain("apt-get install -y chromium ffmpeg");
  await runtime.stop();
});

test("a web instance without Chromium still queues exports (202): worker instances render them", async () => {
  const tools = exportConfigFromEnv({ CHROMIUM_PATH: join(dir, "nope") }, { exportDir: dir });
  const tsx = `import { AbsoluteFill } from "remotion";\nexport default function S() { return <AbsoluteFill>hi</AbsoluteFill>; }\n`;
  const web = buildTestApp(database.db, { role: "web", export: tools });
  const scene = await web.createScene({ name: "queued on web", tsx });
  const res = await web.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "mp4" } });
  expect(res.status).toBe(202);
  expect(await web.services.exports.unavailableMessage()).toBeNull();
  // The same tools on a rendering instance: 503 naming what is missing.
  const all = buildTestApp(database.db, { role: "all", export: tools });
  const refused = await all.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "mp4" } });
  expect(refused.status).toBe(503);
  expect((await refused.json()).error.code).toBe("export_unavailable");
  await web.services.exports.cancel((await res.json()).export?.id ?? "");
});
