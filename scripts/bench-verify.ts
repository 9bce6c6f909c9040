// bun run bench:verify — write-time verification latency per realistic scene (QuickJS isolate in a worker),
// next to compiling the same scenes in the same run (interleaved, so machine noise hits both alike).
// "verify" is the time inside the isolate (what compileMeta.verify.ms records); "round trip" adds the
// worker hop the server pays. Contexts are reused as in the server, so the first run of a scene is
// reported separately ("cold").

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileScene } from "../src/compiler";
import { createVerifier, type SceneConfig } from "../src/verify";

const ROOT = join(import.meta.dir, "..");
const DIRS = ["test/fixtures/realistic", "scripts/sample-scenes"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const CONFIG: SceneConfig = { durationInFrames: 150, fps: 30, width: 1920, height: 1080 };
const TARGETS = { verifyP50: 3, verifyP99: 20, bothP50: 4 };

interface Scene {
  name: string;
  tsx: string;
  js: string;
}

interface Samples {
  compile: number[];
  verify: number[];
  roundTrip: number[];
  both: number[];
  cold: number;
}

function loadScenes(): Scene[] {
  return DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith(".tsx"))
      .sort()
      .flatMap((f) => {
        const tsx = readFileSync(join(ROOT, dir, f), "utf8");
        const compiled = compileScene(tsx, { cache: false });
        return compiled.ok ? [{ name: f.replace(/\.tsx$/, ""), tsx, js: compiled.js }] : [];
      }),
  );
}

/** Nearest-rank percentile of an unsorted sample. */
function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (n: number) => n.toFixed(2).padStart(7);
const mark = (value: number, target: number) => `${value <= target ? "✓" : "✗"} (≤ ${target} ms)`;

async function main(): Promise<void> {
  const scenes = loadScenes();
  const verifier = createVerifier({ workers: 1, deadlineMs: 1000 });
  const samples = new Map<string, Samples>(scenes.map((s) => [s.name, { compile: [], verify: [], roundTrip: [], both: [], cold: 0 }]));
  try {
    for (const scene of scenes) {
      const first = await verifier.verify(scene.js, 1, CONFIG);
      if (!first.ok) throw new Error(`${scene.name} does not verify: ${first.error?.message}`);
      samples.get(scene.name)!.cold = first.ms;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const scene of scenes) {
        const s = samples.get(scene.name)!;
        const started = performance.now();
        const compiled = compileScene(scene.tsx, { cache: false });
        const compiledAt = performance.now();
        const verified = await verifier.verify(compiled.js!, 1, CONFIG);
        const roundTrip = performance.now() - compiledAt;
        s.compile.push(compiledAt - started);
        s.verify.push(verified.ms);
        s.roundTrip.push(roundTrip);
        s.both.push(compiledAt - started + verified.ms);
      }
    }
  } finally {
    await verifier.close();
  }

  console.log(`${scenes.length} scenes × ${ROUNDS} rounds (version 1, ${CONFIG.durationInFrames} frames: renders 0, middle, last)\n`);
  console.log(`${"scene".padEnd(26)} ${"compile p50/p99".padStart(17)} ${"verify p50/p99".padStart(17)} ${"round trip p50".padStart(15)} ${"compile+verify p50".padStart(19)} ${"cold verify".padStart(12)}`);
  const all: Samples = { compile: [], verify: [], roundTrip: [], both: [], cold: 0 };
  for (const [name, s] of samples) {
    console.log(`${name.padEnd(26)} ${ms(pct(s.compile, 50))} /${ms(pct(s.compile, 99))} ${ms(pct(s.verify, 50))} /${ms(pct(s.verify, 99))} ${ms(pct(s.roundTrip, 50)).padStart(15)} ${ms(pct(s.both, 50)).padStart(19)} ${ms(s.cold).padStart(12)}`);
    for (const key of ["compile", "verify", "roundTrip", "both"] as const) all[key].push(...s[key]);
  }
  const worst = (p: number, key: "verify" | "both") => Math.max(...[...samples.values()].map((s) => pct(s[key], p)));
  console.log(`\nall scenes: compile p50 ${pct(all.compile, 50).toFixed(2)} / p99 ${pct(all.compile, 99).toFixed(2)} ms; verify p50 ${pct(all.verify, 50).toFixed(2)} / p99 ${pct(all.verify, 99).toFixed(2)} ms; round trip p50 ${pct(all.roundTrip, 50).toFixed(2)} ms`);
  console.log("targets per realistic scene (worst scene shown):");
  console.log(`  verification p50 ${worst(50, "verify").toFixed(2)} ms ${mark(worst(50, "verify"), TARGETS.verifyP50)}`);
  console.log(`  verification p99 ${worst(99, "verify").toFixed(2)} ms ${mark(worst(99, "verify"), TARGETS.verifyP99)}`);
  console.log(`  compile + verify p50 ${worst(50, "both").toFixed(2)} ms ${mark(worst(50, "both"), TARGETS.bothP50)}`);
}

await main();
