// Poster thumbnails: a PNG still of a scene's middle frame, rendered by the export pipeline (the render page, the
// preview's runtime, renderChunk) into EXPORT_DIR/posters/<key>.png and kept there, keyed by the artifact hash.
//
// A poster is asked for by an <img> in a dashboard list, so a request never waits for Chromium: a missing poster is
// queued and answered "rendering"; the page asks again (src/client/posters.ts). One render lane, one poster at a
// time, so thumbnails take at most one lane's worth of CPU next to exports; the lane closes its Chromium when the
// queue is empty.

import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { RenderJob } from "../client/render.tsx";
import { mergeAssets } from "../client/scene-api.ts";
import type { SceneRow } from "../db/queries.ts";
import { errorFields, type Logger } from "../observability/logger.ts";
import { resolveSceneAssets } from "../server/extras/resolve.ts";
import { unavailableMessage, type ExportAvailability } from "./availability.ts";
import type { ExportConfig } from "./config.ts";
import { POSTER_WIDTH, posterFrame, posterKey } from "./poster-key.ts";
import { emptyRenderSlot, releaseRenderSlot, renderChunk } from "./render.ts";

export type PosterAnswer =
  | { state: "ready"; key: string; path: string }
  | { state: "rendering"; key: string }
  /** none: nothing stored to render; failed: its render failed (not tried again for 10 minutes). */
  | { state: "none" | "failed"; reason: string }
  | { state: "unavailable"; reason: string };

export interface PosterService {
  /** The scene's poster: ready (a file), or queued now and rendering, or why there is none. */
  get(scene: SceneRow): Promise<PosterAnswer>;
  /** Posters rendered by this process (a cached one is never rendered twice). */
  readonly rendered: number;
  /**
   * Deletes posters not written or shown for EXPORT_RETENTION_DAYS (those of old artifacts: a recompile is a new
   * key, so the old file is never asked for again). A deleted poster that is asked for again is rendered again.
   * Returns how many files it deleted.
   */
  prune(now?: Date): Promise<number>;
  close(): Promise<void>;
}

/** More waiting posters than a few list pages show: later requests are answered "rendering" and retried. */
const MAX_QUEUED = 120;
/** Failed keys remembered, so a scene that cannot render is not tried on every page view. */
const MAX_FAILED = 1000;
/** …for this long: a failure may be the machine's (Chromium would not start, a full disk), not the scene's. */
const FAILURE_MEMORY_MS = 10 * 60 * 1000;
/** Time for Chromium to start and the render page to load, on top of the settle timeout of the frame itself. */
const RENDER_GRACE_MS = 30_000;

export function createPosterService(
  config: ExportConfig,
  deps: { availability: () => Promise<ExportAvailability>; logger: Logger },
): PosterService {
  const dir = resolve(config.exportDir, "posters");
  const queue = new Map<string, SceneRow>();
  const failed = new Map<string, { reason: string; at: number }>();
  const slot = emptyRenderSlot();
  let draining: Promise<void> | null = null;
  let closed = false;
  let rendered = 0;
  /** The render in flight (aborted by close). */
  let current: AbortController | null = null;
  const renderTimeoutMs = config.settleTimeoutMs + RENDER_GRACE_MS;

  const fileOf = (key: string) => join(dir, `${key}.png`);

  /** Renders one poster; the scene's own failure (it threw, it did not load) fails it instead of caching its card. */
  async function render(key: string, scene: SceneRow, signal: AbortSignal): Promise<void> {
    const job: RenderJob = {
      mode: "scene",
      scenes: [{
        id: scene.id, name: scene.name, js: scene.js, tsx: null, compilationVersion: scene.compilationVersion,
        durationInFrames: scene.durationInFrames, fps: scene.fps, width: scene.width, height: scene.height,
      }],
      settleTimeoutMs: config.settleTimeoutMs,
      assets: await resolveSceneAssets(mergeAssets([scene.compileMeta?.assets ?? undefined])),
    };
    const frame = posterFrame(scene.durationInFrames);
    const partial = join(dir, `${key}.${process.pid}.partial.png`);
    await mkdir(dir, { recursive: true });
    const failures: string[] = [];
    try {
      await renderChunk(config, {
        job, format: "png", from: frame, to: frame + 1, quality: 100, scale: POSTER_WIDTH / scene.width, output: partial,
        slot, jobKey: key, signal, onFailure: (failure) => failures.push(failure.message),
      });
      if (failures.length) throw new Error(`The scene fails at frame ${frame}: ${failures[0]}`);
      // Renamed into place, so a reader never sees half a file (and two instances writing it is harmless).
      await rename(partial, fileOf(key));
      rendered++;
    } finally {
      await rm(partial, { force: true });
    }
  }

  /**
   * One render with a deadline: a scene that never settles (or a wedged Chromium) must not hold the lane. On
   * timeout or close the slot's Chromium is closed, which also ends a launch or a load that ignores the signal.
   */
  async function renderBounded(key: string, scene: SceneRow): Promise<void> {
    const controller = new AbortController();
    current = controller;
    const timer = setTimeout(() => controller.abort(new Error(`The poster did not render within ${renderTimeoutMs / 1000} s`)), renderTimeoutMs);
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener("abort", () => {
        void releaseRenderSlot(slot);
        reject(controller.signal.reason);
      }, { once: true }),
    );
    aborted.catch(() => {});
    try {
      await Promise.race([render(key, scene, controller.signal), aborted]);
    } finally {
      clearTimeout(timer);
      current = null;
    }
  }

  /** Renders queued posters one by one until the queue is empty, then gives Chromium's memory back. */
  async function drain(): Promise<void> {
    for (;;) {
      while (!closed && queue.size) {
        const [key, scene] = queue.entries().next().value!;
        try {
          await renderBounded(key, scene);
        } catch (error) {
          if (closed) break;
          const reason = error instanceof Error ? error.message : String(error);
          if (failed.size >= MAX_FAILED) failed.delete(failed.keys().next().value!);
          failed.set(key, { reason, at: Date.now() });
          deps.logger.warn({ sceneId: scene.id, key, ...errorFields(error) }, "poster render failed");
        } finally {
          queue.delete(key);
        }
      }
      await releaseRenderSlot(slot);
      // A poster queued while Chromium was closing: render it now (no await between this check and the reset).
      if (closed || !queue.size) {
        draining = null;
        return;
      }
    }
  }

  return {
    get rendered() {
      return rendered;
    },
    async get(scene) {
      // This row has its JS: whether there is any is read off it, not off jsCompiledAt (list rows carry no JS).
      const key = scene.js === null ? null : posterKey({ ...scene, hash: scene.compileMeta?.hash ?? null });
      if (!key) {
        return { state: "none", reason: scene.js === null
          ? "The scene has no stored JS yet: it gets a poster once it compiles."
          : "The stored JS has no artifact hash (a legacy row): recompile or backfill it to get a poster." };
      }
      const path = fileOf(key);
      if (await stat(path).then((s) => s.isFile(), () => false)) {
        // Shown now: the access time keeps it from retention (noatime mounts would not record it).
        const now = new Date();
        await utimes(path, now, now).catch(() => {});
        return { state: "ready", key, path };
      }
      const failure = failed.get(key);
      if (failure && Date.now() - failure.at < FAILURE_MEMORY_MS) return { state: "failed", reason: failure.reason };
      failed.delete(key);
      const missing = unavailableMessage(await deps.availability());
      if (missing) return { state: "unavailable", reason: missing };
      if (!queue.has(key) && queue.size < MAX_QUEUED && !closed) {
        queue.set(key, scene);
        draining ??= drain();
      }
      return { state: "rendering", key };
    },
    async prune(now = new Date()) {
      const cutoff = now.getTime() - config.retentionDays * 24 * 60 * 60 * 1000;
      const names = await readdir(dir).catch(() => [] as string[]);
      let deleted = 0;
      for (const name of names) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile() && Math.max(info.mtimeMs, info.atimeMs) < cutoff && (await rm(path).then(() => true, () => false))) deleted++;
      }
      return deleted;
    },
    async close() {
      closed = true;
      queue.clear();
      current?.abort(new Error("Poster service closed"));
      await draining;
      await releaseRenderSlot(slot);
    },
  };
}
