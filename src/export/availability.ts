// Whether this machine can export: Chromium, ffmpeg (with the encoders used) and the built render page.

import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";
import type { ExportConfig } from "./config.ts";

export interface ExportAvailability {
  ok: boolean;
  /** One entry per missing piece: what, where it was looked for, and how to install it. */
  missing: { component: "chromium" | "ffmpeg" | "render-bundle"; message: string; install: string }[];
}

const APT = "apt-get install -y chromium ffmpeg";

function executable(path: string): string | null {
  const resolved = path.includes("/") ? path : Bun.which(path);
  if (!resolved) return null;
  try {
    accessSync(resolved, constants.X_OK);
    return resolved;
  } catch {
    return null;
  }
}

/** Checks the binaries exist and ffmpeg has libx264 and libvpx-vp9; the answer of a `503 export_unavailable`. */
export function exportAvailability(config: Pick<ExportConfig, "chromiumPath" | "ffmpegPath" | "publicDir">): ExportAvailability {
  const missing: ExportAvailability["missing"] = [];
  if (!executable(config.chromiumPath)) {
    missing.push({ component: "chromium", message: `Chromium not found at ${config.chromiumPath} (set CHROMIUM_PATH)`, install: APT });
  }
  const ffmpeg = executable(config.ffmpegPath);
  if (!ffmpeg) {
    missing.push({ component: "ffmpeg", message: `ffmpeg not found as ${config.ffmpegPath} (set FFMPEG_PATH)`, install: APT });
  } else {
    const encoders = spawnSync(ffmpeg, ["-hide_banner", "-encoders"], { encoding: "utf8", timeout: 5000 }).stdout ?? "";
    const lacking = ["libx264", "libvpx-vp9"].filter((name) => !encoders.includes(name));
    if (lacking.length > 0) {
      missing.push({ component: "ffmpeg", message: `ffmpeg at ${ffmpeg} lacks the ${lacking.join(" and ")} encoder(s)`, install: APT });
    }
  }
  if (!existsSync(join(config.publicDir, "build", "preview", "manifest.json"))) {
    missing.push({ component: "render-bundle", message: "The render page is not built", install: "bun run build" });
  }
  return { ok: missing.length === 0, missing };
}

/** The one sentence the API's 503, the start-up line and the dashboard all show: what is missing and how to install it. */
export function unavailableMessage(availability: ExportAvailability): string | null {
  if (availability.ok) return null;
  const installs = [...new Set(availability.missing.map((m) => m.install))].join(" and ");
  return `Export unavailable: ${availability.missing.map((m) => m.message).join("; ")}. Install: ${installs}`;
}
