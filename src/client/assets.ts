// Server side: URLs of the built preview bundles, read from the manifest bundle.ts writes (hashed names,
// cached forever). Handlers pass them to views as props; views never read the build output themselves.

import { readFileSync, statSync } from "node:fs";
import { BUILD_URL, PREVIEW_MANIFEST, type PreviewManifest } from "./bundle.ts";

export interface PreviewAssets {
  sandboxScript: string;
  hostScript: string;
  stylesheet: string;
  /** Chunks the sandbox imports at boot, preloaded so the first frame does not wait on a waterfall. */
  sandboxPreloads: string[];
}

let cached: { mtimeMs: number; assets: PreviewAssets } | null = null;

/** Re-read only when the manifest changes, so a rebuild during `bun --watch` is picked up. */
export function previewAssets(): PreviewAssets {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(PREVIEW_MANIFEST).mtimeMs;
  } catch {
    throw new Error(`Preview bundles are missing (${PREVIEW_MANIFEST}); run \`bun run build\` first`);
  }
  if (cached?.mtimeMs === mtimeMs) return cached.assets;
  const manifest = JSON.parse(readFileSync(PREVIEW_MANIFEST, "utf8")) as PreviewManifest;
  const assets: PreviewAssets = {
    sandboxScript: BUILD_URL + manifest.entries.sandbox,
    hostScript: BUILD_URL + manifest.entries.host,
    stylesheet: BUILD_URL + manifest.entries.stylesheet,
    sandboxPreloads: manifest.runtimeFiles.filter((f) => f !== manifest.entries.sandbox).map((f) => BUILD_URL + f),
  };
  cached = { mtimeMs, assets };
  return assets;
}
