// resolveSceneAssets: turns compileMeta.assets into the icon bodies and font files the page hands into the frame.

import { findFontFamily, unknownFontWarning, unknownIconWarning } from "../../runtime/extras/catalog.ts";
import type { IconData } from "../../runtime/extras/types.ts";
import type { SceneAssets } from "../../compiler/types.ts";
import { findIcon } from "./icons.ts";
import { nearestWeight, readFontFile } from "./fonts.ts";
import { resolveExtraAssets } from "./providers.ts";

export interface ResolvedFont {
  family: string;
  weight: number;
  style: "normal";
  /** base64 of the woff2 file; the page decodes it to an ArrayBuffer for the frame. */
  data: string;
}

export interface ResolvedAssets {
  icons: Record<string, IconData>;
  fonts: ResolvedFont[];
  /** Only when the scene lists assets of a deployment's extra. */
  extras?: Record<string, Record<string, unknown>>;
  warnings: string[];
}

export async function resolveSceneAssets(assets: SceneAssets): Promise<ResolvedAssets> {
  const warnings: string[] = [];
  const icons: Record<string, IconData> = {};
  await Promise.all(
    [...new Set(assets.icons)].map(async (name) => {
      const icon = await findIcon(name);
      if (icon) icons[name] = icon;
      else warnings.push(unknownIconWarning(name));
    }),
  );
  const fonts: ResolvedFont[] = [];
  const seen = new Set<string>();
  for (const request of assets.fonts) {
    const entry = findFontFamily(request.family);
    if (!entry) {
      warnings.push(unknownFontWarning(request.family));
      continue;
    }
    for (const wanted of request.weights ?? entry.weights) {
      const weight = nearestWeight(entry, wanted);
      if (weight !== wanted) warnings.push(`Font ${entry.family} has no weight ${wanted}; weight ${weight} is used`);
      const key = `${entry.family}/${weight}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const bytes = await readFontFile(entry, weight);
      fonts.push({ family: entry.family, weight, style: "normal", data: Buffer.from(bytes).toString("base64") });
    }
  }
  if (!assets.extras || Object.keys(assets.extras).length === 0) return { icons, fonts, warnings: warnings.sort() };
  const deployment = await resolveExtraAssets(assets.extras);
  return { icons, fonts, extras: deployment.extras, warnings: [...warnings, ...deployment.warnings].sort() };
}
