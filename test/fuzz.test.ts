// 2,000 malformed requests against the real app on PGlite: never a 500, always the error shape,
// no half-written scene, and /healthz still answers.
import { seededRandom } from "./helpers/prng.ts";
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Database } from "../src/db/open.ts";
import { readSampleDir } from "../src/services/samples.ts";
import { buildTestApp, type TestApp } from "./helpers/app.ts";
import { openTestDatabase, type TestDatabase } from "./helpers/db.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20240229);
const COUNT = 2000;

const { rand, int, pick } = seededRandom(SEED);
const SAMPLE_TSX = readSampleDir().map((s) => s.tsx);

const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
const nestedJsx = (depth: number) => `export default () => ${"<div>".repeat(depth)}x${"</div>".repeat(depth)};`;
const weirdValues = [null, true, 0, -1, 1e308, "", "x".repeat(5000), [], {}, [[[]]], { a: { b: {} } }, "\u0000", "\ud800", NaN];

/** One malformed body per call, from a mix of the failure families. */
function malformedBody(): { body: BodyInit; contentType: string | null } {
  const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: "application/json" });
  const valid = { name: "fuzz", tsx: pick(SAMPLE_TSX), fps: 30 };
  switch (int(9)) {
    case 0: // random bytes, random content type
      return { body: randomBytes(int(400)), contentType: pick(["application/json", "text/plain", null, "application/octet-stream"]) };
    case 1: { // truncated JSON
      const text = JSON.stringify(valid);
      return { body: text.slice(0, int(text.length)), contentType: "application/json" };
    }
    case 2: // wrong types in every field
      return json({ name: pick(weirdValues), tsx: pick(weirdValues), projectId: pick(weirdValues), position: pick(weirdValues), fps: pick(weirdValues) });
    case 3: // huge strings (some above the TSX limit, a few above the body limit)
      return json({ name: "x".repeat(int(3) === 0 ? 300 : 50), tsx: "a".repeat(pick([10_000, 300_000, 1_100_000])) });
    case 4: // deeply nested JSX
      return json({ name: "deep", tsx: nestedJsx(pick([50, 500, 3000, 20_000])) });
    case 5: // deeply nested JSON
      return { body: `${"[".repeat(int(50_000))}1`, contentType: "application/json" };
    case 6: // mutated TSX (random character flips in a real scene)
      {
        const tsx = pick(SAMPLE_TSX).split("");
        for (let i = 0; i < 1 + int(8); i++) tsx[int(tsx.length)] = String.fromCharCode(int(0x3000));
        return json({ ...valid, tsx: tsx.join("") });
      }
    case 7: // invalid UTF-8 inside otherwise valid JSON
      {
        const bytes = new TextEncoder().encode(JSON.stringify(valid));
        bytes[int(bytes.length)] = pick([0xc3, 0xff, 0xfe, 0x80]);
        return { body: bytes, contentType: "application/json" };
      }
    default: // non-object JSON or extra fields
      return json(pick([[valid], "scene", 42, { ...valid, extra: true }, { tsx: valid.tsx }, { ...valid, version: "2" }]));
  }
}

let opened: TestDatabase;
let db: Database;
let t: TestApp;
let sceneId: string;

beforeAll(async () => {
  opened = await openTestDatabase("pglite");
  db = opened.db;
  t = buildTestApp(db);
  sceneId = (await t.createScene({ name: "target", tsx: SAMPLE_TSX[0]! })).id;
});
afterAll(() => opened.dispose());

test(`fuzz: ${COUNT} malformed requests, zero 500s (seed ${SEED})`, async () => {
  const targets = [
    { method: "POST", path: () => "/api/scenes" },
    { method: "PATCH", path: () => `/api/scenes/${sceneId}` },
    { method: "POST", path: () => `/api/scenes/${sceneId}/compile` },
    { method: "POST", path: () => `/api/scenes/${sceneId}/runtime-events` },
    { method: "PATCH", path: () => `/api/scenes/${pick(["x", "%00", "../etc", crypto.randomUUID()])}` },
  ];
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const target = pick(targets);
    const { body, contentType } = malformedBody();
    const headers: Record<string, string> = {};
    if (contentType) headers["content-type"] = contentType;
    if (int(10) === 0) headers["if-match"] = pick(['"1"', "garbage", '"99999999999"', "*"]);
    const res = await t.api(target.path(), { method: target.method, body, headers });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) failures.push(`#${i} ${target.method} ${target.path()} → ${res.status} ${await res.text()}`);
    else if (res.status >= 400) {
      const payload = await res.json().catch(() => null);
      if (!payload?.error?.code || typeof payload.error.message !== "string") {
        failures.push(`#${i} ${res.status} without the error shape`);
      }
    } else await res.arrayBuffer();
  }
  console.log(`[fuzz] seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(failures).toEqual([]);
  expect(statuses.get(500) ?? 0).toBe(0);
  // Some malformed edits are still valid writes (e.g. mutated TSX): those must be whole.
  expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);

  const health = await t.app.request("/healthz");
  expect(health.status).toBe(200);
  // Every write was one transaction: the scene's revision count equals its revision number.
  const { scene } = await (await t.api(`/api/scenes/${sceneId}`)).json();
  const { revisions } = await (await t.api(`/api/scenes/${sceneId}/revisions`)).json();
  expect(revisions.length).toBe(scene.revision);
  expect(scene.js).not.toBeNull(); // a compiled artifact survives any number of bad edits
}, 300_000);
