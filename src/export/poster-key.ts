// Which still a scene's poster thumbnail is and where the dashboard finds it: a pure rule shared by the pages that
// show posters and the service that renders them (src/export/posters.ts).

/** Poster width in pixels (the height follows the scene's aspect ratio): sharp at 2× in an 80 px list cell. */
export const POSTER_WIDTH = 320;

/** What a poster depends on: the stored artifact (its hash and version) and the composition it plays in. */
export interface PosterSubject {
  id: string;
  /** Hash of the stored JS; null when the scene has no stored artifact (nothing to render). */
  hash: string | null;
  compilationVersion: number;
  durationInFrames: number;
  width: number;
  height: number;
}

/**
 * The hash of a scene's stored artifact, or null when it has none. Stored JS and its compile time are written
 * together, so `jsCompiledAt` says whether there is stored JS without loading it (list rows carry no JS).
 * The scene table's SQL says the same with `js_code is null` (src/db/queries/scene-lists.ts), and the poster
 * service, which has the JS, with `js === null`.
 */
export function storedArtifactHash(scene: { jsCompiledAt: Date | null; compileMeta: { hash?: string | null } | null }): string | null {
  return scene.jsCompiledAt ? scene.compileMeta?.hash ?? null : null;
}

/** The middle frame: past the intro animations, before the outro. */
export function posterFrame(durationInFrames: number): number {
  return Math.max(0, Math.floor(durationInFrames / 2));
}

/**
 * The cache key (and file name) of a scene's poster, or null without a stored artifact. Everything the still
 * depends on is in it, so a recompile, a version switch or a resize is a new poster and an old one is never shown.
 */
export function posterKey(s: PosterSubject): string | null {
  if (!s.hash || !/^[0-9a-f]{16,}$/.test(s.hash)) return null;
  return `${s.hash.slice(0, 32)}-v${s.compilationVersion}-${s.width}x${s.height}-f${posterFrame(s.durationInFrames)}-w${POSTER_WIDTH}`;
}

/** The poster's URL (the key in the query makes it cacheable for good), or null without a stored artifact. */
export function posterUrl(s: PosterSubject): string | null {
  const key = posterKey(s);
  return key ? `/scenes/${s.id}/poster.png?v=${key}` : null;
}
