// SIGTERM on a real server process: in-flight requests (here a slowly uploaded create) finish with
// their normal answer, new connections are refused, and the process exits 0; a request slower than
// the deadline is cut and the process still exits.
import { expect, test } from "bun:test";
import { connect } from "node:net";
import { startServerProcess } from "./helpers/server-process.ts";

const TSX = `export default function Scene() { return <div>slow</div>; }`;

/**
 * POST /api/scenes over a raw socket: headers and the first quarter of the body at once, the rest
 * trickling in over `ms` milliseconds. Resolves to the HTTP status line's code, or "cut".
 */
function slowCreate(url: string, token: string, ms: number, onFirstChunk: () => void): Promise<number | "cut"> {
  const { hostname, port } = new URL(url);
  const body = Buffer.from(JSON.stringify({ name: "slow upload", tsx: TSX }));
  const quarter = Math.ceil(body.length / 4);
  return new Promise((resolve) => {
    let response = "";
    const socket = connect(Number(port), hostname, async () => {
      socket.write(
        `POST /api/scenes HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      for (let i = 0; i < 4 && !socket.destroyed; i++) {
        socket.write(body.subarray(i * quarter, (i + 1) * quarter));
        if (i === 0) onFirstChunk();
        await Bun.sleep(ms / 4);
      }
    });
    socket.on("data", (chunk) => (response += chunk.toString()));
    socket.on("error", () => {});
    socket.on("close", () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve(status ? Number(status[1]) : "cut");
    });
  });
}

/** Waits until /healthz answers quickly, i.e. start-up work (seeding, cache warm-up) is over. */
async function settled(url: string) {
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await fetch(`${url}/healthz`);
    if (performance.now() - started < 20) return;
    await Bun.sleep(100);
  }
}

/** Starts a create whose body trickles in over `ms`; resolves once the server has it, with the answer still to come. */
async function slowUploadUnderway(server: { url: string; token: string }, ms: number): Promise<{ status: Promise<number | "cut"> }> {
  let firstChunk!: () => void;
  const started = new Promise<void>((resolve) => (firstChunk = resolve));
  const pending = slowCreate(server.url, server.token, ms, firstChunk);
  await started;
  // Give a loaded machine time to hand the request to the handler before the signal.
  await Bun.sleep(500);
  return { status: pending };
}

test("SIGTERM lets an in-flight slow upload finish with 201, refuses new connections, exits 0", async () => {
  const server = await startServerProcess({ DATABASE_URL: "memory://" });
  try {
    await settled(server.url);
    const { status: pending } = await slowUploadUnderway(server, 1200);
    server.child.kill("SIGTERM");
    await Bun.sleep(150);
    const refused = await fetch(`${server.url}/healthz`).then(() => "answered", () => "refused");
    expect(refused).toBe("refused");
    expect(await pending).toBe(201);
    expect(server.output()).toContain("waiting for 1 in-flight request(s)");
    expect(await server.child.exited).toBe(0);
    expect(server.output()).toContain("stopped");
  } finally {
    server.child.kill("SIGKILL");
  }
}, 60_000);

test("a request slower than SHUTDOWN_DEADLINE_MS is cut and the process exits 0 soon after", async () => {
  const server = await startServerProcess({ DATABASE_URL: "memory://", SHUTDOWN_DEADLINE_MS: "300" });
  try {
    await settled(server.url);
    const { status: pending } = await slowUploadUnderway(server, 10_000);
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    expect(await server.child.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(3000);
    expect(server.output()).toContain("deadline of 300 ms passed");
    expect(await pending).toBe("cut");
  } finally {
    server.child.kill("SIGKILL");
  }
}, 60_000);
