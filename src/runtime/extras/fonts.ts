// `RemotionGoogleFonts.loadFont`: registers the font files the page delivered as FontFaces; never touches the network.

import { findFontFamily, normaliseWeights, unknownFontWarning } from "./catalog.ts";
import type { DeliveredFont, RemotionLike } from "./types.ts";

export interface LoadFontOptions {
  weights?: readonly unknown[];
  [other: string]: unknown;
}

export interface LoadFontResult {
  fontFamily: string;
  /** Resolves when every face of the family that reached the frame is loaded. */
  waitUntilDone: () => Promise<void>;
}

export const FALLBACK_FAMILY = "sans-serif";

/** Faces already added to `document.fonts`, by family/weight/style: the bytes of one key never differ. */
const registered = new Map<string, FontFace>();

function faceKey(family: string, weight: number, style: string): string {
  return `${family}\u0000${weight}\u0000${style}`;
}

/** Adds every delivered font to the document (once) and resolves when all of them are usable. */
export function registerFonts(fonts: readonly DeliveredFont[]): Promise<FontFace[]> {
  const faces = fonts.map((font) => {
    const key = faceKey(font.family, font.weight, font.style);
    let face = registered.get(key);
    if (!face) {
      face = new FontFace(font.family, font.data, { weight: String(font.weight), style: font.style });
      document.fonts.add(face);
      registered.set(key, face);
    }
    return face;
  });
  return Promise.all(faces.map((face) => face.load()));
}

export function createFontLoader(Remotion: RemotionLike, fonts: readonly DeliveredFont[], warn: (message: string) => void) {
  const ready = registerFonts(fonts);
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };

  function loadFont(family?: unknown, options: LoadFontOptions = {}): LoadFontResult {
    const entry = typeof family === "string" ? findFontFamily(family) : null;
    if (!entry) {
      warnOnce(unknownFontWarning(family));
      return { fontFamily: FALLBACK_FAMILY, waitUntilDone: () => Promise.resolve() };
    }
    const delivered = new Set(fonts.filter((f) => f.family === entry.family).map((f) => f.weight));
    const wanted = Array.isArray(options.weights) ? normaliseWeights(options.weights) : [...entry.weights];
    const missing = wanted.filter((w) => !delivered.has(w));
    if (missing.length > 0) {
      warnOnce(`Font ${entry.family} weight ${missing.join(", ")} was not delivered to the frame: the browser substitutes the nearest`);
    }
    // Export waits for every delayRender; the faces were handed in with the scene, so this settles at once.
    const handle = Remotion.delayRender(`Loading font ${entry.family}`);
    const done = ready.then(
      () => Remotion.continueRender(handle),
      (error: unknown) => {
        warnOnce(`Font ${entry.family} could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
        Remotion.continueRender(handle);
      },
    );
    return { fontFamily: entry.family, waitUntilDone: () => done };
  }

  return { loadFont, ready };
}
