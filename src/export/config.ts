// Export settings: built by src/config.ts (exportConfigFromEnv), the one place that reads environment variables.

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

export const PUBLIC_DIR = join(import.meta.dir, "..", "..", "public");
