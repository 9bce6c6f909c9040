// bun run bench:compile — per-scene compile latency and throughput against raw sucrase on the same
// inputs, measured in the same run (interleaved) so machine noise hits both alike.

import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { transform } from "sucrase";
import { compileScene } from "../src/compiler";

const ROOT = join(import.meta.dir, "..");
const CORPUS_DIRS = ["test/fixtures/realistic", "scripts/sample-scenes", "test/fixtures/compiler"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

interface Scene { file: string; tsx: string; lines: number }

function loadCorpus(): Scene[] {
  const scenes: Scene[] = [];
  for (const dir of CORPUS_DIRS) {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).filter((f) => f.endsWith(".tsx")).sort()) {
      const tsx = readFileSync(join(abs, f), "utf8");
      if (compileScene(tsx).ok) scenes.push({ file: `${dir}/${f}`, tsx, lines: tsx.split("\n").length });
    }
  }
  return scenes;
}

const rawSucrase = (tsx: string) =>
  transform(tsx, { transforms: ["typescript", "jsx"], jsxRuntime: "classic", production: true }).code;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const total = s.reduce((a, b) => a + b, 0);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: total / s.length, total, count: s.length };
}

function progress(done: number, total: number): void {
  if (!process.stdout.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} rounds`);
  if (done === total) process.stdout.write("\n");
}

const corpus = loadCorpus();
const realistic = corpus.filter((s) => s.lines >= 100 && s.lines <= 500);
if (realistic.length === 0) throw new Error("no realistic (100–500 line) scenes found in " + CORPUS_DIRS.join(", "));
const bytes = realistic.reduce((n, s) => n + s.tsx.length, 0);
console.log(`corpus: ${corpus.length} scenes; realistic (100–500 lines): ${realistic.length}, ${realistic.map((s) => s.lines).join("/")} lines, ${(bytes / 1024).toFixed(1)} KiB`);

// Warm the JIT for all three paths before measuring.
for (let i = 0; i < 50; i++) {
  for (const s of corpus) { compileScene(s.tsx, { cache: false }); compileScene(s.tsx, { version: 2, cache: false }); rawSucrase(s.tsx); }
}

const t = { v1: [] as number[], v2: [] as number[], raw: [] as number[], cached: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  for (const s of realistic) {
    let start = performance.now();
    rawSucrase(s.tsx);
    t.raw.push(performance.now() - start);
    start = performance.now();
    compileScene(s.tsx, { version: 1, cache: false });
    t.v1.push(performance.now() - start);
    start = performance.now();
    compileScene(s.tsx, { version: 2, cache: false });
    t.v2.push(performance.now() - start);
    start = performance.now();
    compileScene(s.tsx, { version: 1 });
    t.cached.push(performance.now() - start);
  }
  if (round % 10 === 9 || round === ROUNDS - 1) progress(round + 1, ROUNDS);
}

const raw = stats(t.raw);
const row = (name: string, x: ReturnType<typeof stats>) =>
  `${name.padEnd(26)} p50 ${x.p50.toFixed(3).padStart(7)} ms   p99 ${x.p99.toFixed(3).padStart(7)} ms   ` +
  `${(x.count / (x.total / 1000)).toFixed(0).padStart(6)} scenes/s   ${((bytes * ROUNDS) / 1048576 / (x.total / 1000)).toFixed(1).padStart(5)} MiB/s   ` +
  `ratio vs raw sucrase (mean) ${(x.mean / raw.mean).toFixed(2)}×`;
console.log(`\n${realistic.length} realistic scenes × ${ROUNDS} rounds, interleaved:`);
console.log(row("raw sucrase.transform", raw));
const v1 = stats(t.v1);
console.log(row("compileScene v1", v1));
console.log(row("compileScene v2", stats(t.v2)));
console.log(row("identical rewrite (cache)", stats(t.cached)));
console.log(`\ntargets: p50 ≤ 0.5 ms ${v1.p50 <= 0.5 ? "✓" : "✗"}   p99 ≤ 4 ms ${v1.p99 <= 4 ? "✓" : "✗"}   ≤ 1.5× raw sucrase ${v1.mean / raw.mean <= 1.5 ? "✓" : "✗"}`);
