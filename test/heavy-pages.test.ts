// A 20,000-line revision diff and scene page must not freeze the server: while they are requested from
// a real server process, a probe loop on /healthz never waits more than 100 ms.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { loginCookie, startServerProcess, type ServerProcess } from "./helpers/server-process.ts";

const LINES = 20_000;
let server: ServerProcess;
let cookie: string;
let sceneId: string;

/** A component holding an array of `lines` distinct strings, one a line (valid TSX, under the 256 KB cap). */
function bigScene(tag: string, lines = LINES): string {
  const body = Array.from({ length: lines }, (_, i) => `"${tag}${i}",`).join("\n");
  return `const items = [\n${body}\n];\nexport default function Scene() {\n  return <div>{items.length}</div>;\n}\n`;
}

beforeAll(async () => {
  server = await startServerProcess({ DATABASE_URL: "memory://" });
  cookie = await loginCookie(server);
  const auth = { authorization: `Bearer ${server.token}`, "content-type": "application/json" };
  const created = await fetch(`${server.url}/api/scenes`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: "big", tsx: bigScene("a") }),
  });
  expect(created.status).toBe(201);
  sceneId = ((await created.json()) as { scene: { id: string } }).scene.id;
  const patched = await fetch(`${server.url}/api/scenes/${sceneId}`, {
    method: "PATCH",
    headers: auth,
    body: JSON.stringify({ tsx: bigScene("b") }),
  });
  expect(patched.status).toBe(200);
}, 60_000);

afterAll(async () => {
  // SIGKILL: a server stuck on its event loop would not act on SIGTERM.
  server?.child.kill("SIGKILL");
  await server?.child.exited;
});

/** Runs `work` while probing /healthz back to back; returns the slowest probe and work's result. */
async function probeDuring<T>(work: () => Promise<T>): Promise<{ worstMs: number; result: T }> {
  let done = false;
  let worstMs = 0;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      worstMs = Math.max(worstMs, performance.now() - started);
      await Bun.sleep(5);
    }
  })();
  await Bun.sleep(50);
  try {
    return { worstMs, result: await work() };
  } finally {
    done = true;
    await probe;
  }
}

test("a 20,000-line revision diff answers 'too large' and never delays /healthz past 100 ms", async () => {
  const { worstMs, result } = await probeDuring(async () => {
    const res = await fetch(`${server.url}/scenes/${sceneId}/diff?from=1&to=2`, { headers: { cookie } });
    return { status: res.status, html: await res.text() };
  });
  expect(result.status).toBe(200);
  expect(result.html).toContain("differ too much to diff");
  expect(worstMs).toBeLessThan(100);
}, 60_000);

test("a 20,000-line scene page is shown plain and capped, and never delays /healthz past 100 ms", async () => {
  const { worstMs, result } = await probeDuring(async () => {
    const res = await fetch(`${server.url}/scenes/${sceneId}`, { headers: { cookie } });
    return { status: res.status, html: await res.text() };
  });
  expect(result.status).toBe(200);
  expect(result.html).toContain("Too large to highlight");
  expect(result.html).toMatch(/\d+ more lines not shown/);
  expect(result.html.length).toBeLessThan(5_000_000);
  expect(worstMs).toBeLessThan(100);
}, 60_000);

test("a small edit is still diffed into hunks", async () => {
  const auth = { authorization: `Bearer ${server.token}`, "content-type": "application/json" };
  const created = await fetch(`${server.url}/api/scenes`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: "small", tsx: bigScene("c", 50) }),
  });
  const id = ((await created.json()) as { scene: { id: string } }).scene.id;
  await fetch(`${server.url}/api/scenes/${id}`, {
    method: "PATCH",
    headers: auth,
    body: JSON.stringify({ tsx: bigScene("c", 50).replace('"c7",', '"c70",') }),
  });
  const html = await (await fetch(`${server.url}/scenes/${id}/diff?from=1&to=2`, { headers: { cookie } })).text();
  expect(html).toContain("&quot;c70&quot;,");
  expect(html).toContain("@@ -");
}, 30_000);
