// The real entry point: `bun src/main.ts` on a fresh in-memory database serves /healthz and the samples.
import { expect, test } from "bun:test";
import { readSampleDir } from "../src/services/samples.ts";

const ENTRY = new URL("../src/main.ts", import.meta.url).pathname;

test("main.ts starts, seeds the samples once and answers /healthz within 15 s", async () => {
  const started = performance.now();
  const child = Bun.spawn(["bun", ENTRY], {
    env: { ...process.env, DATABASE_URL: "memory://", PORT: "0", HOST: "127.0.0.1", ADMIN_TOKEN: "", COMPILE_TARGET_VERSION: "2" },
    stdout: "pipe",
    stderr: "pipe",
  });
  try {
    // The JSON log (stdout) up to the listening line; the generated token is printed on stderr as plain text.
    const readUntil = async (stream: ReadableStream<Uint8Array>, pattern: RegExp) => {
      let text = "";
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`main.ts exited early:\n${text}`);
        text += decoder.decode(value);
      }
      reader.releaseLock();
      return text;
    };
    const output = await readUntil(child.stdout, /listening on \S+/);
    const notice = await readUntil(child.stderr, /log in: \S+/);
    const url = /listening on (http:\/\/[^\s"]+)/.exec(output)![1]!;
    const token = /generated one for this run: (\S+)/.exec(notice)![1]!;
    expect(notice).toContain(`log in: ${url}/login`);
    expect(notice).toMatch(/^ADMIN_TOKEN was not set; generated one for this run: \S+$/m); // plain text, not a JSON line
    expect(output).toContain(`seeded ${readSampleDir().length} sample scenes`);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, db: "pglite", flags: { compileTargetVersion: 2 } });
    expect(performance.now() - started).toBeLessThan(15_000);

    const auth = { authorization: `Bearer ${token}` };
    const list = await (await fetch(`${url}/api/scenes?limit=200`, { headers: auth })).json();
    expect(list.scenes).toHaveLength(readSampleDir().length);
    expect(list.scenes.filter((s: { status: string }) => s.status === "failed").length).toBeGreaterThanOrEqual(2);
    expect((await fetch(`${url}/api/scenes`)).status).toBe(401);

    // The whole JSON log, not only its start: main.ts prints the token after the listening line.
    child.kill();
    let log = output;
    const reader = child.stdout.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) log += new TextDecoder().decode(chunk.value);
    expect(log).toContain("request"); // the access lines of the requests above are in it
    expect(log).not.toContain(token); // never in the JSON log
  } finally {
    child.kill();
    await child.exited;
  }
}, 30_000);
