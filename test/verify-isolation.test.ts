// Verification runs off the event loop: while hostile scenes verify, an HTTP server in this process keeps
// answering within 50 ms. The control runs the same isolate on the main thread and must miss that bound.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { compileScene } from "../src/compiler";
import { createVerifier } from "../src/verify";
import { Isolate } from "../src/verify/isolate.ts";
import { standInSource } from "../src/verify/stand-in-bundle.ts";

const CONFIG = { durationInFrames: 90, fps: 30, width: 1280, height: 720 };
const HOSTILE = [
  `export default function Spin() { for (;;) {} }`,
  `export default function Hog() { const keep = []; for (;;) keep.push(new Float64Array(1 << 18)); }`,
  `function Deep(): any { return Deep(); }\nexport default function Recurse() { return Deep(); }`,
].map((tsx) => compileScene(tsx, { version: 2 }).js!);

let server: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ ok: true }) });
});
afterAll(() => server.stop(true));

/** Probes /healthz back to back until `done` settles; returns the slowest answer in ms. */
async function slowestProbe(done: Promise<unknown>): Promise<{ max: number; probes: number }> {
  let finished = false;
  void done.finally(() => (finished = true));
  let max = 0;
  let probes = 0;
  while (!finished || probes < 20) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    await response.json();
    max = Math.max(max, performance.now() - started);
    probes++;
    await Bun.sleep(5);
  }
  return { max, probes };
}

test("healthz answers within 50 ms while hostile scenes verify in the worker pool", async () => {
  const verifier = createVerifier({ workers: 1, deadlineMs: 100 });
  try {
    await verifier.verify(compileScene("export default function W() { return <div/>; }", { version: 2 }).js!, 2, CONFIG); // warm
    const work = Promise.all(HOSTILE.flatMap((js) => [js, js]).map((js) => verifier.verify(js, 2, CONFIG)));
    const { max, probes } = await slowestProbe(work);
    const results = await work;
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(probes).toBeGreaterThan(20);
    expect(max).toBeLessThan(50);
  } finally {
    await verifier.close();
  }
}, 30_000);

test("control: the same isolate on the main thread blocks the server beyond 50 ms", async () => {
  const isolate = await Isolate.create(await standInSource(), { deadlineMs: 100, memoryBytes: 64 * 1024 * 1024 });
  try {
    const blocking = (async () => {
      await Bun.sleep(20);
      for (let i = 0; i < 3; i++) {
        isolate.verify({ js: HOSTILE[0], version: 2, config: CONFIG });
        await Bun.sleep(1);
      }
    })();
    const { max } = await slowestProbe(blocking);
    expect(max).toBeGreaterThan(50);
  } finally {
    isolate.dispose();
  }
}, 30_000);
