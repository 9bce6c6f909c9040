// Builds the preview's browser bundles (sandbox player runtime + dashboard host) into public/build/ with Bun.build.

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
/** Served at /build/preview/; a directory of its own so a rebuild can clear it without touching other bundles. */
export const BUILD_DIR = join(ROOT, "public", "build", "preview");
export const BUILD_URL = "/build/preview/";
export const PREVIEW_MANIFEST = join(BUILD_DIR, "manifest.json");

/** Entry name → URL path under /build/, plus which files make up the player runtime. */
export interface PreviewManifest {
  entries: { sandbox: string; host: string; stylesheet: string; render: string };
  /** Files loaded when the sandbox boots (entry + statically imported chunks): the player runtime. */
  runtimeFiles: string[];
  /** Chunks only loaded on demand (the in-browser fallback compiler). */
  lazyFiles: string[];
}

const ENTRYPOINTS = {
  sandbox: join(ROOT, "src", "client", "sandbox.tsx"),
  host: join(ROOT, "src", "client", "preview-host.ts"),
  stylesheet: join(ROOT, "src", "client", "preview.css"),
  render: join(ROOT, "src", "client", "render.tsx"),
};

export async function buildPreviewBundles(): Promise<PreviewManifest> {
  await rm(BUILD_DIR, { recursive: true, force: true });
  await mkdir(BUILD_DIR, { recursive: true });
  const result = await Bun.build({
    entrypoints: Object.values(ENTRYPOINTS),
    outdir: BUILD_DIR,
    target: "browser",
    format: "esm",
    splitting: true,
    minify: true,
    sourcemap: "none",
    naming: { entry: "[name]-[hash].[ext]", chunk: "chunk-[hash].[ext]" },
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
  if (!result.success) {
    throw new Error(`Preview bundle failed:\n${result.logs.map((log) => String(log)).join("\n")}`);
  }
  const files = result.outputs.map((output) => ({ output, name: relative(BUILD_DIR, output.path) }));
  const entryName = (source: string) => {
    const stem = source.split("/").at(-1)!.replace(/\.(tsx?|css)$/, "");
    const pattern = new RegExp(`^${stem}-[a-z0-9]+\\.(js|css)$`);
    const found = files.find((f) => f.output.kind !== "chunk" && pattern.test(f.name));
    if (!found) throw new Error(`Preview bundle: no output for ${source}`);
    return found.name;
  };
  const sandbox = entryName(ENTRYPOINTS.sandbox);
  const runtimeFiles = await staticClosure(sandbox);
  const manifest: PreviewManifest = {
    entries: { sandbox, host: entryName(ENTRYPOINTS.host), stylesheet: entryName(ENTRYPOINTS.stylesheet), render: entryName(ENTRYPOINTS.render) },
    runtimeFiles,
    lazyFiles: files.map((f) => f.name).filter((name) => name.endsWith(".js") && !runtimeFiles.includes(name) && name.startsWith("chunk-")),
  };
  await writeFile(PREVIEW_MANIFEST, JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The entry plus every chunk it imports statically (`import … from "./x.js"`), transitively. */
async function staticClosure(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const code = await readFile(join(BUILD_DIR, name), "utf8");
    // Static imports only: a dynamic `import("./chunk")` is exactly what must stay out of the runtime size.
    for (const match of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+)["']/g)) {
      queue.push(match[1]);
    }
  }
  return [...seen];
}

export async function readPreviewManifest(): Promise<PreviewManifest> {
  return JSON.parse(await readFile(PREVIEW_MANIFEST, "utf8")) as PreviewManifest;
}
