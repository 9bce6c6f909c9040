// Legacy-database builder for tests and bench:backfill: realistic sample TSX, made unique per row.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Queryable } from "../src/db/open.ts";
import { readSampleDir } from "../src/services/samples.ts";

const ROOT = join(import.meta.dir, "..");
/** Where realistic scenes live in the repository (any that exist are used). */
const SAMPLE_DIRS = ["scripts/sample-scenes", "test/fixtures/realistic"];

/** TSX samples from SAMPLE_DIRS in a stable order, named by file ("title-card-intro"). */
export function loadRealisticScenes(dirs = SAMPLE_DIRS): { name: string; tsx: string }[] {
  return dirs
    .map((dir) => join(ROOT, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readSampleDir(dir).map(({ file, tsx }) => ({ name: file.replace(/\.tsx$/, ""), tsx })));
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
  const samples = options.samples ?? loadRealisticScenes();
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

/** A pre-Clapper scene: TSX only, no JS (what a backfill finds in an old database). */
export interface LegacySceneWrite {
  name: string;
  tsx: string;
  compilationVersion: number;
}

/**
 * Inserts legacy scenes (and their first revision) in one statement; seeds, tests and the backfill
 * benchmark use it to build old databases quickly. Returns how many rows were inserted.
 */
export async function insertLegacyScenes(db: Queryable, scenes: LegacySceneWrite[]): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as i(name text, tsx text, "compilationVersion" int)
     ),
     inserted as (
       insert into scenes (name, tsx_code, compilation_version, revision)
       select name, tsx, "compilationVersion", 1 from input
       returning id, name, tsx_code
     ),
     revisions as (
       insert into scene_revisions (scene_id, revision, name, tsx_code)
       select id, 1, name, tsx_code from inserted
     )
     select count(*)::int as n from inserted`,
    [JSON.stringify(scenes)],
  );
  return rows[0]!.n;
}
