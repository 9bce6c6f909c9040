// Font files from the installed `@fontsource/*` packages (latin subset, woff2), read on first use and kept.

import { FONT_FAMILIES, type FontFamilyEntry } from "../../runtime/extras/catalog.ts";

const files = new Map<string, Promise<Uint8Array>>();

function fontPath(entry: FontFamilyEntry, weight: number): string {
  return Bun.resolveSync(`${entry.package}/files/${entry.slug}-latin-${weight}-normal.woff2`, import.meta.dir);
}

/** Every installed file is at most a few tens of KiB; all of them together stay near 1 MiB in memory. */
export function readFontFile(entry: FontFamilyEntry, weight: number): Promise<Uint8Array> {
  const key = `${entry.slug}-${weight}`;
  let file = files.get(key);
  if (!file) {
    file = Bun.file(fontPath(entry, weight)).bytes();
    file.catch(() => files.delete(key));
    files.set(key, file);
  }
  return file;
}

/** The installed weight closest to `weight` (ties go to the heavier one, as CSS does above 500). */
export function nearestWeight(entry: FontFamilyEntry, weight: number): number {
  return entry.weights.reduce((best, w) => (Math.abs(w - weight) < Math.abs(best - weight) || (Math.abs(w - weight) === Math.abs(best - weight) && w > best) ? w : best));
}

export { FONT_FAMILIES };
