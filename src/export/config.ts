// Export settings: built once from an environment-like record by the caller; nothing in src/export reads process.env.

import { availableParallelism } from "node:os";
import { join } from "node:path";

export interface ExportConfig {
  chromiumPath: string;
  ffmpegPath: string;
  /** Where finished files (and chunk files while rendering) live; shared storage when several instances render. */
  exportDir: string;
  /** Render tabs per worker process. */
  concurrency: number;
  /** Frames per chunk: a longer video is split and rendered chunk by chunk, then joined without re-encoding. */
  chunkFrames: number;
  retentionDays: number;
  /** Finished exports beyond this many bytes in total are deleted oldest first. */
  maxTotalBytes: number;
  /** A claimed chunk whose worker stops renewing it for this long may be claimed by another worker. */
  leaseMs: number;
  /** How long one frame may wait for images and delayRender handles. */
  settleTimeoutMs: number;
  /** public/ (render page bundles under build/preview, and any other static assets scenes may load). */
  publicDir: string;
  /** How often an idle worker looks for work. */
  pollMs: number;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

export const PUBLIC_DIR = join(import.meta.dir, "..", "..", "public");

/** Reads CHROMIUM_PATH, FFMPEG_PATH, EXPORT_DIR, EXPORT_CONCURRENCY, EXPORT_CHUNK_FRAMES, EXPORT_RETENTION_DAYS, EXPORT_MAX_BYTES. */
export function exportConfigFromEnv(env: Env, overrides: Partial<ExportConfig> = {}): ExportConfig {
  return {
    chromiumPath: env.CHROMIUM_PATH || "/usr/bin/chromium",
    ffmpegPath: env.FFMPEG_PATH || "ffmpeg",
    exportDir: env.EXPORT_DIR || "./data/exports",
    concurrency: positiveInt(env, "EXPORT_CONCURRENCY", availableParallelism()),
    chunkFrames: positiveInt(env, "EXPORT_CHUNK_FRAMES", 300),
    retentionDays: positiveInt(env, "EXPORT_RETENTION_DAYS", 30),
    maxTotalBytes: positiveInt(env, "EXPORT_MAX_BYTES", 20 * 1024 ** 3),
    leaseMs: positiveInt(env, "EXPORT_LEASE_MS", 30_000),
    settleTimeoutMs: positiveInt(env, "EXPORT_SETTLE_TIMEOUT_MS", 10_000),
    publicDir: PUBLIC_DIR,
    pollMs: 500,
    ...overrides,
  };
}
