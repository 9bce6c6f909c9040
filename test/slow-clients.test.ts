// Slow clients against a real server process (HTTP_IDLE_TIMEOUT_S=2): headers sent byte by byte, a
// request line then silence, a body trickling in or stalled. Every such connection is closed by the
// server within seconds, none gets a 2xx, and /healthz keeps answering meanwhile.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connect } from "node:net";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.ts";

const IDLE_S = 2;
/** The most any slow connection may live: Bun cuts incomplete headers after ~10 s, bodies after the idle timeout. */
const LIMIT_MS = 20_000;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ DATABASE_URL: "memory://", HTTP_IDLE_TIMEOUT_S: String(IDLE_S) });
});
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.child.exited;
});

interface Outcome {
  /** Milliseconds until the server closed the socket, or null if it was still open at LIMIT_MS. */
  closedAfterMs: number | null;
  response: string;
}

/** Writes `chunks` with `gapMs` between them; records when the server closes the connection. */
function slowClient(chunks: (string | Buffer)[], gapMs: number): Promise<Outcome> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const started = Date.now();
    let response = "";
    let done = false;
    const finish = (closedAfterMs: number | null) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ closedAfterMs, response });
    };
    const socket = connect(Number(port), hostname, async () => {
      for (const chunk of chunks) {
        if (done || socket.destroyed) return;
        socket.write(chunk);
        await Bun.sleep(gapMs);
      }
    });
    socket.on("data", (d) => (response += d.toString()));
    socket.on("error", () => {});
    socket.on("close", () => finish(Date.now() - started));
    setTimeout(() => finish(null), LIMIT_MS);
  });
}

test("slow headers and slow bodies are disconnected; no connection is held; /healthz stays up", async () => {
  const { host } = new URL(server.url);
  const body = JSON.stringify({ name: "slow", tsx: "export default () => <div>slow</div>;" });
  const headers = `POST /api/scenes HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const longGet = `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Pad: ${"a".repeat(200)}\r\n\r\n`;

  const clients = [
    // Headers one byte every 250 ms (would take over 50 s).
    slowClient(longGet.split(""), 250),
    // A request line, then nothing.
    slowClient(["GET /healthz HT"], 60_000),
    // Complete headers, then the body one byte every 500 ms (would take over a minute).
    slowClient([headers, ...body.split("")], 500),
    // Complete headers, then the body stalls after a few bytes.
    slowClient([headers, body.slice(0, 5)], 60_000),
    // Many idle half-open requests at once.
    ...Array.from({ length: 30 }, () => slowClient(["POST /api/scenes HTTP/1.1\r\nHost: x\r\n"], 60_000)),
  ];

  // While they hang on, the server answers others promptly.
  for (let i = 0; i < 5; i++) {
    await Bun.sleep(500);
    const started = performance.now();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  }

  const outcomes = await Promise.all(clients);
  for (const [i, outcome] of outcomes.entries()) {
    expect(outcome.closedAfterMs, `client ${i}`).not.toBeNull();
    expect(outcome.closedAfterMs!, `client ${i}`).toBeLessThan(LIMIT_MS);
    expect(outcome.response, `client ${i}`).not.toMatch(/^HTTP\/1\.1 2/);
  }
  // The slow bodies stored nothing (the only scenes are the seeded samples).
  const list = await fetch(`${server.url}/api/scenes?q=slow`, { headers: { authorization: `Bearer ${server.token}` } });
  expect(((await list.json()) as { scenes: unknown[] }).scenes).toEqual([]);
  expect(server.child.exitCode).toBeNull();
}, 60_000);
