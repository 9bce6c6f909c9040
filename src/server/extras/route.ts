// GET /api/extras/assets?icon=mdi:rocket&font=Inter:400,700[&extra=Name:asset] — the icon bodies and font files a preview page hands
// into its sandboxed frame (the frame itself has no network access). Answers ResolvedAssets as JSON.

import type { Context } from "hono";
import type { SceneAssets } from "../../compiler/types.ts";
import { normaliseWeights } from "../../runtime/extras/catalog.ts";
import type { AppEnv } from "../context.ts";
import { sendError } from "../errors.ts";
import { resolveSceneAssets } from "./resolve.ts";

/** More than any scene (or project preview) uses; bounds the work one request can ask for. */
export const MAX_ICONS = 500;
export const MAX_FONTS = 20;
const MAX_PARAM_LENGTH = 200;

/** `Family` or `Family:400,700` → a font request; null when malformed. */
export function parseFontParam(value: string): SceneAssets["fonts"][number] | null {
  const colon = value.lastIndexOf(":");
  const family = (colon === -1 ? value : value.slice(0, colon)).trim();
  if (family === "") return null;
  if (colon === -1) return { family, weights: null };
  const parts = value.slice(colon + 1).split(",").filter(Boolean);
  const weights = normaliseWeights(parts);
  return weights.length === parts.length && weights.length > 0 ? { family, weights } : null;
}

export function parseAssetsQuery(icons: string[], fonts: string[], extras: string[] = []): SceneAssets | string {
  if (icons.length + extras.length > MAX_ICONS) return `At most ${MAX_ICONS} icons and extra assets per request.`;
  if (fonts.length > MAX_FONTS) return `At most ${MAX_FONTS} fonts per request.`;
  const tooLong = [...icons, ...fonts, ...extras].find((v) => v.length > MAX_PARAM_LENGTH);
  if (tooLong !== undefined) return `A parameter is longer than ${MAX_PARAM_LENGTH} characters.`;
  const parsedFonts: SceneAssets["fonts"] = [];
  for (const value of fonts) {
    const font = parseFontParam(value);
    if (!font) return `Malformed font ${JSON.stringify(value)}: expected "Family" or "Family:400,700".`;
    parsedFonts.push(font);
  }
  const parsed: SceneAssets = { icons, fonts: parsedFonts };
  for (const value of extras) {
    // `Name:asset`: the extra's name is an identifier, so the first colon ends it.
    const match = /^([A-Za-z_$][\w$]*):(.+)$/s.exec(value);
    if (!match) return `Malformed extra ${JSON.stringify(value)}: expected "ExtraName:asset".`;
    parsed.extras ??= {};
    (parsed.extras[match[1]] ??= []).push(match[2]);
  }
  return parsed;
}

export async function getExtrasAssets(c: Context<AppEnv>) {
  const parsed = parseAssetsQuery(c.req.queries("icon") ?? [], c.req.queries("font") ?? [], c.req.queries("extra") ?? []);
  if (typeof parsed === "string") return sendError(c, 400, "bad_request", parsed);
  const resolved = await resolveSceneAssets(parsed);
  // The answer depends only on the query and the installed packages.
  c.header("Cache-Control", "private, max-age=3600");
  return c.json(resolved);
}
