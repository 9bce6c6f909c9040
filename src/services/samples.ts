// The sample scenes (scripts/sample-scenes/*.tsx), seeded into an empty database as one demo project.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SceneService } from "./scenes.ts";

export const SAMPLE_SCENES_DIR = fileURLToPath(new URL("../../scripts/sample-scenes", import.meta.url));

/** Fixed id so the demo project's preview URL is stable across fresh databases. */
export const SAMPLE_PROJECT_ID = "00000000-0000-4000-8000-00000000c1a9";

export interface SampleScene {
  file: string;
  name: string;
  tsx: string;
}

/** "quarterly-report.tsx" → "Quarterly report". */
const titleFromFile = (file: string) => {
  const words = file.replace(/\.tsx$/, "").replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function readSampleDir(dir = SAMPLE_SCENES_DIR): SampleScene[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tsx"))
    .sort()
    .map((file) => ({ file, name: titleFromFile(file), tsx: readFileSync(`${dir}/${file}`, "utf8") }));
}

/** Creates every sample through the normal write path (so each gets a revision and a compile event). */
export async function seedSampleScenes(scenes: SceneService, samples = readSampleDir()): Promise<number> {
  for (const [position, sample] of samples.entries()) {
    await scenes.create({ name: sample.name, tsx: sample.tsx, projectId: SAMPLE_PROJECT_ID, position });
  }
  return samples.length;
}
