// Whether this machine can export: Chromium, ffmpeg (with the encoders used) and the built render page.

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

/** ffmpeg's encoder list, read by a child process off the event loop ("" when it fails or takes over 5 s). */
async function ffmpegEncoders(ffmpeg: string): Promise<string> {
  try {
    const child = Bun.spawn([ffmpeg, "-hide_banner", "-encoders"], { stdout: "pipe", stderr: "ignore", timeout: 5000 });
    const [text] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    return text;
  } catch {
    return "";
  }
}

/** Checks the binaries exist and ffmpeg has libx264 and libvpx-vp9; the answer of a `503 export_unavailable`. */
export async function exportAvailability(config: Pick<ExportConfig, "chromiumPath" | "ffmpegPath" | "publicDir">): Promise<ExportAvailability> {
  const missing: ExportAvailability["missing"] = [];
  if (!executable(config.chromiumPath)) {
    missing.push({ component: "chromium", message: `Chromium not found at ${config.chromiumPath} (set CHROMIUM_PATH)`, install: APT });
  }
  const ffmpeg = executable(config.ffmpegPath);
  if (!ffmpeg) {
    missing.push({ component: "ffmpeg", message: `ffmpeg not found as ${config.ffmpegPath} (set FFMPEG_PATH)`, install: APT });
  } else {
    const encoders = await ffmpegEncoders(ffmpeg);
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
