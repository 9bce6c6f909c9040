// The runtime extras registry: every name a scene may use besides `remotion` and React
// (`window.X` in version 1, `Extras.X` in version 2). A deployment adds its own extra HERE (see README.md).

import { createIconifyIcon } from "./iconify.ts";
import { createFontLoader } from "./fonts.ts";
import type { DeliveredAssets, ReactLike, RemotionLike } from "./types.ts";

export type { DeliveredAssets, DeliveredFont, IconData, ReactLike, RemotionLike } from "./types.ts";
export { NO_ASSETS } from "./types.ts";

/** What an extra gets when a frame loads scenes. */
export interface ExtraContext {
  React: ReactLike;
  Remotion: RemotionLike;
  /** Exactly the assets the scenes' compileMeta.assets listed, handed in by the page. */
  assets: DeliveredAssets;
  /** Reported to the host page and shown next to the preview. */
  warn(message: string): void;
  /** Work the first frame must wait for (e.g. decoding fonts). */
  beforeFirstFrame(work: Promise<unknown>): void;
}

export interface ExtraDefinition {
  /** Exposed as `window[name]` (version 1) and `Extras[name]` (version 2); the compiler stops warning about it. */
  name: string;
  create(context: ExtraContext): unknown;
  /**
   * Optional asset provider, compile side: true when a string literal of a scene names one of this extra's assets.
   * Pure (it runs inside the compiler); matches land in compileMeta.assets.extras[name], are resolved on the server
   * by the function registered under the same name in src/server/extras/providers.ts, and reach `create` as
   * `context.assets.extras[name]`.
   */
  isAsset?(literal: string): boolean;
}

const BUILT_IN: ExtraDefinition[] = [
  { name: "IconifyIcon", create: (ctx) => createIconifyIcon(ctx.React, ctx.assets.icons, ctx.warn) },
  {
    name: "RemotionGoogleFonts",
    create: (ctx) => {
      const { loadFont, ready } = createFontLoader(ctx.Remotion, ctx.assets.fonts, ctx.warn);
      ctx.beforeFirstFrame(ready);
      return { loadFont };
    },
  },
];

/** A deployment's own extras: add definitions to this list (names must be identifiers starting with a capital). */
const DEPLOYMENT: ExtraDefinition[] = [];

export const EXTRAS: readonly ExtraDefinition[] = [...BUILT_IN, ...DEPLOYMENT];

/** The names, for the compiler's window-global check and version-2 rewrite. */
export const EXTRA_NAMES: readonly string[] = EXTRAS.map((extra) => extra.name);

/** Instantiates every extra for one load; a failing extra is reported and left out rather than breaking the frame. */
export function createExtras(context: ExtraContext): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const extra of EXTRAS) {
    try {
      values[extra.name] = extra.create(context);
    } catch (error) {
      context.warn(`Extra ${extra.name} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return values;
}
