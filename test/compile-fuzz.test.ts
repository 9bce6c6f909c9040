// A compile fuzz over HTTP against a real server process: random and mutated TSX from the sample
// scenes, lone surrogates, NUL, 10,000-deep parentheses/JSX/braces, huge string literals. No answer
// may be a 500 (or anything but the scene or error JSON shape), and the server must be alive and
// answering /healthz quickly afterwards.
import { seededRandom } from "./helpers/prng.ts";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readSampleDir } from "../src/services/samples.ts";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 7_301_2026);
const COUNT = 240;
const CONCURRENCY = 4;

const { rand, int, pick } = seededRandom(SEED);
const SAMPLES = readSampleDir().map((s) => s.tsx);
const TOKENS = ["<", ">", "</", "/>", "{", "}", "(", ")", "=>", "`", "${", "'", '"', "\\", "export", "default", "function", "const", "return", "import", "from", "<div>", "</div>", "useCurrentFrame()", ";", ",", ".", "...", "?.", "??", "as", "type", "interface", "\n", " ", "\u2028", "\ufeff", "💥", "\u0301", "/*", "*/", "//", "0x", "1e999", "NaN"];

const deep = (open: string, close: string, n: number, core = "1") => `export default () => ${open.repeat(n)}${core}${close.repeat(n)};`;

/** One hostile TSX source per call. */
function hostileTsx(): string {
  switch (int(10)) {
    case 0: // random token soup
      return Array.from({ length: 1 + int(200) }, () => pick(TOKENS)).join("");
    case 1: { // character flips in a real scene
      const chars = pick(SAMPLES).split("");
      for (let i = 0; i < 1 + int(10); i++) chars[int(chars.length)] = String.fromCharCode(int(0x10000));
      return chars.join("");
    }
    case 2: { // splice two samples together at random points
      const a = pick(SAMPLES), b = pick(SAMPLES);
      return a.slice(0, int(a.length)) + b.slice(int(b.length));
    }
    case 3: { // truncated sample
      const a = pick(SAMPLES);
      return a.slice(0, int(a.length));
    }
    case 4: // lone surrogates and NUL (unstorable: must be a 400)
      return pick(SAMPLES).replace(/\n/, pick(["\ud800", "\udfff", "\u0000", "a\ud83d", "\udc00b"]));
    case 5: // 10,000-deep nesting of each kind
      return pick([
        deep("(", ")", 10_000),
        deep("<div>", "</div>", 10_000, "x"),
        deep("[", "]", 10_000),
        deep("{a:", "}", 10_000),
        deep("() => ", "", 10_000),
        deep("`${", "}`", 10_000),
        deep("-", "", 10_000),
        deep("!", "", 10_000),
        deep("a?", ":b", 5_000),
      ]);
    case 6: // huge string / template literal (under the 256 KB TSX limit)
      return `export default () => <div>{${pick(['"', "'", "`"])}${"x".repeat(200_000)}${pick(['"', "'", "`", ""])}}</div>;`;
    case 7: // many siblings / many attributes
      return `export default () => <div ${Array.from({ length: 5000 }, (_, i) => `a${i}="${i}"`).join(" ")}>${"<b/>".repeat(5000)}</div>;`;
    case 8: // odd but valid-looking code
      return pick([
        "export default function Scene(){ while(true){} }",
        "export default function Scene(){ return eval('1') }",
        "import x from 'fs'; export default () => <div>{x}</div>;",
        "export default async function* Scene(){ yield <div/> }",
        "export default class extends Object { render(){ return <div/> } }",
        "export default () => <></>;",
        "",
        "   ",
        "\ufeffexport default () => <div/>",
      ]);
    default: // random mix of sample lines
      return Array.from({ length: 1 + int(40) }, () => pick(pick(SAMPLES).split("\n"))).join("\n");
  }
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ DATABASE_URL: "memory://" });
});
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.child.exited;
});

test(`compile fuzz over HTTP: ${COUNT} hostile TSX sources, zero 500s, server healthy after (seed ${SEED})`, async () => {
  const auth = { authorization: `Bearer ${server.token}`, "content-type": "application/json" };
  const statuses = new Map<number, number>();
  const bad: string[] = [];
  let sceneId: string | null = null;
  let next = 0;

  async function send(tsx: string) {
    const n = next;
    // Creates, edits of one scene, and recompiles, so every compile path is fuzzed.
    const kind = sceneId ? n % 3 : 0;
    const res =
      kind === 0
        ? await fetch(`${server.url}/api/scenes`, { method: "POST", headers: auth, body: JSON.stringify({ name: `fuzz ${n}`, tsx }) })
        : kind === 1
          ? await fetch(`${server.url}/api/scenes/${sceneId}`, { method: "PATCH", headers: auth, body: JSON.stringify({ tsx }) })
          : await fetch(`${server.url}/api/scenes/${sceneId}/compile`, { method: "POST", headers: auth, body: JSON.stringify({ version: pick([1, 2]) }) });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const body = (await res.json().catch(() => null)) as { scene?: { id: string }; error?: { code: string; message: string } } | null;
    if (res.status >= 500 || !body || (!body.scene && !(body.error?.code && body.error.message))) {
      bad.push(`${res.status} ${JSON.stringify(body).slice(0, 200)} for ${JSON.stringify(tsx.slice(0, 120))}`);
    }
    if (res.status === 201 && body?.scene) sceneId ??= body.scene.id;
  }

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) {
        const tsx = hostileTsx();
        next++;
        await send(tsx);
      }
    }),
  );

  expect(bad).toEqual([]);
  expect(statuses.get(500) ?? 0).toBe(0);
  // Several outcomes happened: stored scenes, compile failures still stored, unstorable 400s, size 422s.
  expect(statuses.get(201) ?? 0).toBeGreaterThan(10);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  expect(server.child.exitCode).toBeNull();
  const started = performance.now();
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(server.output()).not.toContain("Internal server error");
  expect(server.output()).not.toMatch(/failed: (RangeError|TypeError|InternalError)/);
}, 120_000);
