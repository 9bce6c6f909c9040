// Icon bodies from the installed `@iconify-json/*` sets: a set is read on first use and kept; aliases are resolved.

import { ICON_SETS, parseIconName } from "../../runtime/extras/catalog.ts";
import type { IconData } from "../../runtime/extras/types.ts";

interface IconSetJson {
  prefix: string;
  width?: number;
  height?: number;
  icons: Record<string, Partial<IconData> & { body: string; hidden?: boolean }>;
  aliases?: Record<string, { parent: string; rotate?: number; hFlip?: boolean; vFlip?: boolean } & Partial<IconData>>;
}

/** Iconify's default view box when neither the icon nor its set says. */
const DEFAULT_SIZE = 16;
/** An alias chain longer than this is a broken set, not a real icon. */
const MAX_ALIAS_DEPTH = 8;

const sets = new Map<string, Promise<IconSetJson>>();

/** Reads one set (up to ~8 MB of JSON) once per process; concurrent first uses share the read. */
export function loadIconSet(prefix: string): Promise<IconSetJson> {
  let set = sets.get(prefix);
  if (!set) {
    const path = Bun.resolveSync(`${ICON_SETS[prefix]}/icons.json`, import.meta.dir);
    set = Bun.file(path).json() as Promise<IconSetJson>;
    set.catch(() => sets.delete(prefix)); // a failed read is retried next time rather than cached
    sets.set(prefix, set);
  }
  return set;
}

/** The icon's data, or null when the set has no such icon (or `name` is not a known `prefix:name`). */
export async function findIcon(fullName: string): Promise<IconData | null> {
  const parsed = parseIconName(fullName);
  if (!parsed) return null;
  const set = await loadIconSet(parsed.prefix);
  return resolveIcon(set, parsed.name);
}

export function resolveIcon(set: IconSetJson, name: string): IconData | null {
  let hFlip = false;
  let vFlip = false;
  let rotate = 0;
  const overrides: Partial<IconData> = {};
  let current = name;
  for (let depth = 0; depth <= MAX_ALIAS_DEPTH; depth++) {
    const icon = Object.hasOwn(set.icons, current) ? set.icons[current] : undefined;
    if (icon) {
      const data: IconData = {
        body: icon.body,
        width: overrides.width ?? icon.width ?? set.width ?? DEFAULT_SIZE,
        height: overrides.height ?? icon.height ?? set.height ?? DEFAULT_SIZE,
        left: overrides.left ?? icon.left ?? 0,
        top: overrides.top ?? icon.top ?? 0,
      };
      return applyTransforms(data, hFlip, vFlip, rotate % 4);
    }
    const alias = set.aliases && Object.hasOwn(set.aliases, current) ? set.aliases[current] : undefined;
    if (!alias) return null;
    // The alias nearest the name wins for sizes; flips and rotations add up along the chain.
    for (const key of ["width", "height", "left", "top"] as const) if (alias[key] !== undefined) overrides[key] ??= alias[key];
    if (alias.hFlip) hFlip = !hFlip;
    if (alias.vFlip) vFlip = !vFlip;
    rotate += alias.rotate ?? 0;
    current = alias.parent;
  }
  return null;
}

/** Flips and quarter turns of an alias, as an SVG transform around the view box. */
function applyTransforms(data: IconData, hFlip: boolean, vFlip: boolean, quarterTurns: number): IconData {
  if (!hFlip && !vFlip && quarterTurns === 0) return data;
  const left = data.left ?? 0;
  const top = data.top ?? 0;
  const transforms: string[] = [];
  if (quarterTurns) transforms.push(`rotate(${quarterTurns * 90} ${left + data.width / 2} ${top + data.height / 2})`);
  if (hFlip) transforms.push(`translate(${2 * left + data.width} 0) scale(-1 1)`);
  if (vFlip) transforms.push(`translate(0 ${2 * top + data.height}) scale(1 -1)`);
  return { ...data, body: `<g transform="${transforms.join(" ")}">${data.body}</g>` };
}
