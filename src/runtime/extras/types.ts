// The shapes that travel between server, dashboard page and frame for the runtime extras.

/** One icon as Iconify stores it: an SVG body for a `0 0 width height` (offset by left/top) view box. */
export interface IconData {
  body: string;
  width: number;
  height: number;
  left?: number;
  top?: number;
}

/** One font file handed into the frame (latin subset, woff2); never fetched by the frame itself. */
export interface DeliveredFont {
  family: string;
  weight: number;
  style: "normal" | "italic";
  data: ArrayBuffer;
}

/** What the page hands into the frame before the first frame: exactly what `compileMeta.assets` lists. */
export interface DeliveredAssets {
  icons: Record<string, IconData>;
  fonts: DeliveredFont[];
  /** A deployment extra's data by extra name, then by asset name (see ExtraDefinition.isAsset). */
  extras?: Record<string, Record<string, unknown>>;
}

export const NO_ASSETS: DeliveredAssets = { icons: {}, fonts: [] };

/** The subset of React the extras use; passed in so this folder imports no runtime library itself. */
export interface ReactLike {
  createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

/** The subset of `remotion` the extras use. */
export interface RemotionLike {
  delayRender(label?: string): number;
  continueRender(handle: number): void;
}
