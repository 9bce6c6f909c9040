// Legacy-database builder for tests and bench:backfill: realistic sample TSX, made unique per row.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Queryable } from "../db/open.ts";
import { insertLegacyScenes, type LegacySceneWrite } from "../db/queries.ts";
import { loadSampleScenes as loadSampleDir } from "./samples.ts";

const ROOT = join(import.meta.dir, "../..");
/** Where realistic scenes live in the repository (any that exist are used). */
const SAMPLE_DIRS = ["scripts/sample-scenes", "test/fixtures/realistic"];

/** TSX samples from SAMPLE_DIRS in a stable order, named by file ("title-card-intro"). */
export function loadSampleScenes(dirs = SAMPLE_DIRS): { name: string; tsx: string }[] {
  return dirs
    .map((dir) => join(ROOT, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => loadSampleDir(dir).map(({ file, tsx }) => ({ name: file.replace(/\.tsx$/, ""), tsx })));
}

/**
 * Legacy row n: sample n mod k with a header comment naming the row, so no two rows share TSX (real
 * tables hold distinct scenes; identical TSX would only measure the compiler's result cache).
 */
function legacyScene(samples: { name: string; tsx: string }[], n: number, compilationVersion = 1): LegacySceneWrite {
  const sample = samples[n % samples.length]!;
  return { name: `${sample.name} #${n}`, tsx: `// legacy scene ${n}\n${sample.tsx}`, compilationVersion };
}

/** Inserts `count` legacy scenes in chunks; onChunk reports rows inserted so far. */
export async function seedLegacyScenes(
  db: Queryable,
  count: number,
  options: { samples?: { name: string; tsx: string }[]; chunk?: number; start?: number; onChunk?(done: number): void } = {},
): Promise<number> {
  const samples = options.samples ?? loadSampleScenes();
  if (samples.length === 0) throw new Error(`No sample scenes found in ${SAMPLE_DIRS.join(", ")}`);
  const chunk = options.chunk ?? 1000;
  const start = options.start ?? 0;
  let done = 0;
  while (done < count) {
    const size = Math.min(chunk, count - done);
    const rows = Array.from({ length: size }, (_, i) => legacyScene(samples, start + done + i));
    done += await insertLegacyScenes(db, rows);
    options.onChunk?.(done);
  }
  return done;
}
