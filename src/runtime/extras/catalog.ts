// What the built-in extras can serve: icon-set prefixes and font families installed from the registry.
// Pure data, shared by the compiler (to recognise assets in tokens), the server (to resolve them) and the frame.

/** Icon-set prefix → the `@iconify-json/*` package that holds its `icons.json`. */
export const ICON_SETS: Readonly<Record<string, string>> = {
  mdi: "@iconify-json/mdi",
  "material-symbols": "@iconify-json/material-symbols",
  logos: "@iconify-json/logos",
  "simple-icons": "@iconify-json/simple-icons",
};

export interface FontFamilyEntry {
  /** The family name as scenes write it and as the FontFace is registered. */
  family: string;
  /** The `@fontsource/*` package; its `files/<slug>-latin-<weight>-normal.woff2` are served. */
  package: string;
  slug: string;
  weights: readonly number[];
}

const ALL_WEIGHTS = [100, 200, 300, 400, 500, 600, 700, 800, 900] as const;

export const FONT_FAMILIES: readonly FontFamilyEntry[] = [
  { family: "Inter", package: "@fontsource/inter", slug: "inter", weights: ALL_WEIGHTS },
  { family: "Roboto", package: "@fontsource/roboto", slug: "roboto", weights: ALL_WEIGHTS },
  { family: "Montserrat", package: "@fontsource/montserrat", slug: "montserrat", weights: ALL_WEIGHTS },
  { family: "Poppins", package: "@fontsource/poppins", slug: "poppins", weights: ALL_WEIGHTS },
  { family: "Open Sans", package: "@fontsource/open-sans", slug: "open-sans", weights: [300, 400, 500, 600, 700, 800] },
];

/** `prefix:name` with Iconify's naming rules (lowercase, digits, dashes). */
const ICON_NAME = /^([a-z0-9]+(?:-[a-z0-9]+)*):([a-z0-9]+(?:[-_][a-z0-9]+)*)$/;

/** The icon's prefix and name when `text` names an icon of a known set; null otherwise. */
export function parseIconName(text: string): { prefix: string; name: string } | null {
  const match = ICON_NAME.exec(text);
  if (!match || !Object.hasOwn(ICON_SETS, match[1])) return null;
  return { prefix: match[1], name: match[2] };
}

/** Matches "Open Sans", "open sans", "OpenSans" and "open-sans" to one family. */
function familyKey(family: string): string {
  return family.toLowerCase().replace(/[\s_-]+/g, "");
}

export function findFontFamily(family: string): FontFamilyEntry | null {
  const key = familyKey(family);
  return FONT_FAMILIES.find((entry) => familyKey(entry.family) === key) ?? null;
}

/** Weights as scenes write them (400, "400", "bold") → sorted unique numbers; unknown words are dropped. */
export function normaliseWeights(weights: readonly unknown[]): number[] {
  const named: Record<string, number> = { normal: 400, regular: 400, bold: 700 };
  const numbers = weights
    .map((w) => (typeof w === "number" ? w : named[String(w).toLowerCase()] ?? Number(w)))
    .filter((w) => Number.isInteger(w) && w >= 1 && w <= 1000);
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Warnings worded once, so the server's and the frame's reports of the same problem are one line in the preview. */
export const unknownIconWarning = (icon: string) => `Unknown icon ${JSON.stringify(icon)}: rendered as an empty box`;
export const unknownFontWarning = (family: unknown) => `Unknown font family ${JSON.stringify(family)}: using the system sans-serif`;
