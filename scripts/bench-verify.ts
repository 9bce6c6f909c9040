// bun run bench:verify — write-time verification latency per realistic scene (QuickJS isolate in a worker),
// next to compiling the same scenes in the same run (interleaved, so machine noise hits both alike).
// "isolate" is the time inside QuickJS (what compileMeta.verify.ms records); "round trip" is what the server
// awaits (queue, worker hop, isolate), "hop" their difference. Contexts are reused as in the server, so the
// first run of a scene is reported separately ("cold"). The load average is printed: on a shared machine
// wall-clock figures include waiting for a core.

import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { compileScene } from "../src/compiler";
import { createVerifier, type SceneConfig } from "../src/verify";
import { threadCpuClock } from "../src/verify/thread-cpu.ts";

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
  /** CPU time of the threads: the isolate's (worker) and compile's (this thread); load-independent. */
  verifyCpu: number[];
  bothCpu: number[];
  cold: number;
}

const emptySamples = (): Samples => ({ compile: [], verify: [], roundTrip: [], both: [], verifyCpu: [], bothCpu: [], cold: 0 });

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
const pct2 = (n: number) => `${n.toFixed(2)} ms`;
const pair = (values: number[]) => `${ms(pct(values, 50))} /${ms(pct(values, 99))}`.padStart(19);
const hops = (s: Samples) => s.roundTrip.map((rt, i) => Math.max(0, rt - s.verify[i]!));
const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(" ");
const mark = (value: number, target: number) => `${value <= target ? "✓" : "✗"} (≤ ${target} ms)`;

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const scenes = loadScenes();
  const verifier = createVerifier({ workers: 1, deadlineMs: 1000, measureCpu: true });
  const cpu = threadCpuClock();
  const samples = new Map<string, Samples>(scenes.map((s) => [s.name, emptySamples()]));
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
        const cpuStarted = cpu?.() ?? 0;
        const compiled = compileScene(scene.tsx, { cache: false });
        const compileCpu = (cpu?.() ?? 0) - cpuStarted;
        const compiledAt = performance.now();
        const verified = await verifier.verify(compiled.js!, 1, CONFIG);
        const roundTrip = performance.now() - compiledAt;
        s.compile.push(compiledAt - started);
        s.verify.push(verified.ms);
        s.roundTrip.push(roundTrip);
        s.both.push(compiledAt - started + roundTrip);
        if (cpu && verified.cpuMs !== undefined) {
          s.verifyCpu.push(verified.cpuMs);
          s.bothCpu.push(compileCpu + verified.cpuMs);
        }
      }
    }
  } finally {
    await verifier.close();
  }

  console.log(`${scenes.length} scenes × ${ROUNDS} rounds (version 1, ${CONFIG.durationInFrames} frames: renders 0, middle, last)`);
  console.log(`load average (1/5/15 min) at start ${loadAtStart} · at end ${loadAverage()} on ${availableParallelism()} cores\n`);
  console.log("isolate = time inside QuickJS (verify.ms) · round trip = verify() as the server awaits it (queue, worker hop, isolate)");
  console.log("hop = round trip − isolate · compile+verify = compile + round trip (what a write waits for)\n");
  const header = ["compile p50/p99", "isolate p50/p99", "round trip p50/p99", "hop p50", "compile+verify p50", "cold"];
  console.log(`${"scene".padEnd(26)} ${header.map((h, i) => h.padStart(i < 3 ? 19 : 12)).join(" ")}`);
  const all = emptySamples();
  const row = (name: string, s: Samples, cold: string) =>
    `${name.padEnd(26)} ${pair(s.compile)} ${pair(s.verify)} ${pair(s.roundTrip)} ${ms(pct(hops(s), 50)).padStart(12)} ${ms(pct(s.both, 50)).padStart(12)} ${cold.padStart(12)}`;
  for (const [name, s] of samples) {
    console.log(row(name, s, ms(s.cold)));
    for (const key of ["compile", "verify", "roundTrip", "both", "verifyCpu", "bothCpu"] as const) all[key].push(...s[key]);
  }
  console.log(`${"-".repeat(26)}\n${row("ALL SCENES (pooled)", all, "")}`);
  type Key = "verify" | "both" | "verifyCpu" | "bothCpu";
  const worst = (p: number, key: Key) => Math.max(...[...samples.values()].map((s) => pct(s[key], p)));
  const worstName = (p: number, key: Key) =>
    [...samples].reduce((a, b) => (pct(b[1][key], p) > pct(a[1][key], p) ? b : a))[0];
  console.log("\ntargets (per realistic scene: worst scene; pooled over all scenes):");
  const line = (label: string, p: number, key: Key, target: number) =>
    console.log(`  ${label.padEnd(22)} worst ${pct2(worst(p, key))} ${mark(worst(p, key), target)} (${worstName(p, key)}) · pooled ${pct2(pct(all[key], p))} ${mark(pct(all[key], p), target)}`);
  line("verification p50", 50, "verify", TARGETS.verifyP50);
  line("verification p99", 99, "verify", TARGETS.verifyP99);
  line("compile + verify p50", 50, "both", TARGETS.bothP50);
  if (all.verifyCpu.length > 0) {
    console.log("\nthread CPU time (what the work costs without waiting for a core; Linux clock via bun:ffi):");
    console.log(`${"scene".padEnd(26)} ${"isolate CPU p50/p99".padStart(19)} ${"compile+verify CPU p50".padStart(23)}`);
    for (const [name, s] of [...samples, ["ALL SCENES (pooled)", all] as const]) {
      console.log(`${name.padEnd(26)} ${pair(s.verifyCpu)} ${ms(pct(s.bothCpu, 50)).padStart(23)}`);
    }
    console.log("targets on CPU time (worst scene; pooled):");
    line("verification p50", 50, "verifyCpu", TARGETS.verifyP50);
    line("verification p99", 99, "verifyCpu", TARGETS.verifyP99);
    line("compile + verify p50", 50, "bothCpu", TARGETS.bothP50);
  }
  console.log(`\n(wall-clock times include waiting for a core when the load average is above the core count)`);
}

await main();
