// The modules a scene runs against — React, `remotion` and the runtime extras built from the assets the page handed
// in — for the preview frame (sandbox.tsx) and the export's render page (render.tsx) alike, so an icon or a font
// that shows in the preview shows in the export.

import * as React from "react";
import * as Remotion from "remotion";
import type { SceneModules } from "../runtime/artifact.ts";
import { createExtras, NO_ASSETS, type DeliveredAssets, type IconData, type ReactLike, type RemotionLike } from "../runtime/extras/index.ts";

/** Assets as the server resolves them (`GET /api/extras/assets`, the exporter): font files as base64. */
export interface WireAssets {
  icons: Record<string, IconData>;
  fonts: { family: string; weight: number; style: "normal"; data: string }[];
  extras?: Record<string, Record<string, unknown>>;
  warnings: string[];
}

function decodeBase64(data: string): ArrayBuffer {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** Server-resolved assets → what the extras take (font bytes as ArrayBuffers). */
export function deliverAssets(resolved: WireAssets): DeliveredAssets {
  const fonts = resolved.fonts.map((f) => ({ family: f.family, weight: f.weight, style: f.style, data: decodeBase64(f.data) }));
  return { icons: resolved.icons, fonts, extras: resolved.extras };
}

/** React, `remotion` and one load's extras, plus the work (font decoding) the first frame must wait for. */
export function sceneModules(assets: DeliveredAssets | undefined, warn: (message: string) => void): { modules: SceneModules; pending: Promise<unknown>[] } {
  const pending: Promise<unknown>[] = [];
  const extras = createExtras({
    React: React as unknown as ReactLike,
    Remotion: Remotion as unknown as RemotionLike,
    assets: assets ?? NO_ASSETS,
    warn,
    beforeFirstFrame: (work) => pending.push(work.catch(() => undefined)),
  });
  return { modules: { Remotion, React, extras }, pending };
}
