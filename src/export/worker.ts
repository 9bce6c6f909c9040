// Export workers: slots in this process that claim chunks from Postgres, render them in a shared headless Chromium,
// renew their lease while they work (and notice a cancel there), and join the chunks when the last one is done.

import { createLogger, errorFields, type Logger } from "../observability/logger.ts";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
import type { RenderFailure } from "../client/render.tsx";
import type { Database } from "../db/open.ts";
import { insertRuntimeEvent } from "../db/queries.ts";
import { projectTimeline } from "../runtime/timeline.ts";
import type { ExportConfig } from "./config.ts";
import { buildRenderJob, PermanentExportError, resolveJobAssets } from "./job.ts";
import * as q from "../db/queries.ts";
import { emptyRenderSlot, ExportCancelled, joinChunks, releaseRenderSlot, renderChunk, type RenderSlot } from "./render.ts";
import { exportPaths } from "./service.ts";

export const MAX_CHUNK_ATTEMPTS = 3;

export interface ExportWorkers {
  workerId: string;
  /** Looks for work now instead of at the next poll (call after queueing an export). */
  wake(): void;
  /** Stops claiming, aborts running chunks (they are queued again for any worker) and closes Chromium. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  workerId?: string;
  /** Slots (render tabs) in this process; EXPORT_CONCURRENCY by default. */
  concurrency?: number;
  /** Where failed claims are reported; default: a JSON logger on stdout. */
  logger?: Logger;
}

/**
 * Where one attempt at a chunk is written. Each attempt (and worker) gets its own file, so an old owner cleaning
 * up after losing its lease never deletes the file of the worker that took the chunk over; the join reads the
 * path finishChunk stored.
 */
export function chunkFile(partsDir: string, index: number, attempt: number, workerId: string, format: string): string {
  const worker = workerId.replace(/[^A-Za-z0-9_-]/g, "_");
  return resolve(partsDir, `chunk-${String(index).padStart(5, "0")}-a${attempt}-${worker}.${format}`);
}

/** Starts `concurrency` worker slots, each with its own lazily launched Chromium, closed again while it is idle. */
export function startExportWorkers(db: Database, config: ExportConfig, options: WorkerOptions = {}): ExportWorkers {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const exportDir = resolve(config.exportDir);
  const log = options.logger ?? createLogger();
  const controllers = new Set<AbortController>();
  let stopped = false;
  const wakers = new Set<() => void>();
  const idle = () =>
    new Promise<void>((resolveIdle) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolveIdle();
      };
      const timer = setTimeout(done, config.pollMs);
      wakers.add(done);
    });

  /** A failure becomes an `export` runtime event against the scene it belongs to (or the export's first scene). */
  const recordEvent = async (exp: Pick<q.ExportRow, "sceneHashes">, sceneId: string | null, message: string, retryCount: number) => {
    const target = sceneId ?? exp.sceneHashes[0]?.sceneId;
    if (target) await insertRuntimeEvent(db, { sceneId: target, context: "export", kind: "error", message, retryCount }).catch(() => false);
  };

  async function runChunk({ chunk, export: exp }: q.ClaimedChunk, renderSlot: RenderSlot): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    const paths = exportPaths(exportDir, exp);
    const output = chunkFile(paths.parts, chunk.index, chunk.attempts, workerId, exp.format);
    let framesDone = 0;
    const renew = setInterval(async () => {
      const status = await q.renewChunk(db, exp.id, chunk.index, workerId, config.leaseMs, framesDone).catch(() => undefined);
      // Cancelled, failed elsewhere, deleted, or our lease was taken over: stop at once.
      if (status === null || status === "cancelled" || status === "failed") controller.abort();
    }, Math.min(250, config.leaseMs / 3));
    try {
      const scenes = await q.selectScenesByIds(db, exp.sceneHashes.map((s) => s.sceneId));
      const job = buildRenderJob(exp, scenes, config.settleTimeoutMs);
      job.assets = await resolveJobAssets(scenes);
      const timeline = projectTimeline(job.scenes, { fps: job.fps });
      const onFailure = (failure: RenderFailure) => {
        const index = job.scenes.findIndex((s) => s.id === failure.sceneId);
        const segment = exp.kind === "project" ? timeline.segments[index] : timeline.segments[0];
        // A scene's failure is recorded by the chunk holding its first frame, so N chunks do not record it N times.
        const owns = !segment || (segment.from >= chunk.frameFrom && segment.from < chunk.frameTo) || failure.phase === "render";
        if (!owns) return;
        void q.addSceneFailure(db, exp.id, { sceneId: failure.sceneId, message: failure.message, line: failure.line }).then((added) =>
          added ? recordEvent(exp, failure.sceneId, `${failure.message}${failure.line ? ` (line ${failure.line})` : ""}`, chunk.attempts - 1) : undefined,
        );
      };
      await renderChunk(config, {
        job, format: exp.format, from: chunk.frameFrom, to: chunk.frameTo, quality: exp.options.quality, scale: exp.options.scale,
        output, signal: controller.signal, onFrame: (n) => (framesDone = n), onFailure, slot: renderSlot, jobKey: exp.id,
      });
      clearInterval(renew);
      if (!(await q.finishChunk(db, exp.id, chunk.index, workerId, output))) return;
      await maybeJoin(exp);
    } catch (error) {
      clearInterval(renew);
      await rm(output, { force: true });
      if (error instanceof ExportCancelled && !stopped) return;
      const permanent = error instanceof PermanentExportError;
      // Stopping (a deploy) is not the chunk's fault: it goes back without spending an attempt.
      if (stopped && !permanent) {
        await q.releaseChunk(db, exp.id, chunk.index, workerId).catch(() => false);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const status = await q.failChunk(db, exp.id, chunk.index, workerId, { message, chunk: chunk.index, attempt: chunk.attempts, workerId }, !permanent, MAX_CHUNK_ATTEMPTS);
      if (!stopped) await recordEvent(exp, permanent ? error.sceneId : null, `Export ${exp.id} chunk ${chunk.index}: ${message}`, chunk.attempts - 1);
      if (status === "failed") await rm(paths.parts, { recursive: true, force: true });
    } finally {
      clearInterval(renew);
      controllers.delete(controller);
    }
  }

  /** The worker that finished the last chunk joins them (without re-encoding) into the export's file. */
  async function maybeJoin(exp: q.ExportRow): Promise<void> {
    const chunks = await q.claimJoin(db, exp.id, workerId);
    if (!chunks) return;
    const paths = exportPaths(exportDir, exp);
    try {
      const parts = chunks.map((c) => c.filePath!);
      if (parts.length === 1) await rename(parts[0], paths.file);
      else await joinChunks(config, exp.format as "mp4" | "webm", parts, paths.file);
      const { size } = await stat(paths.file);
      if (!(await q.finishExport(db, exp.id, paths.file, size))) await rm(paths.file, { force: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (await q.failExport(db, exp.id, { message: `Joining chunks failed: ${message}` })) {
        await recordEvent(exp, null, `Export ${exp.id} join: ${message}`, 0);
      }
      await rm(paths.file, { force: true });
    } finally {
      await rm(paths.parts, { recursive: true, force: true });
    }
  }

  async function slot(): Promise<void> {
    // This slot's Chromium and render tab, kept from one chunk to the next while there is work.
    const renderSlot = emptyRenderSlot();
    while (!stopped) {
      try {
        for (const dead of await q.failExhaustedExports(db, MAX_CHUNK_ATTEMPTS)) {
          await recordEvent(dead, null, `Export ${dead.id}: ${dead.error?.message ?? "worker lost"}`, MAX_CHUNK_ATTEMPTS - 1);
        }
        const claimed = await q.claimChunk(db, workerId, config.leaseMs, MAX_CHUNK_ATTEMPTS);
        if (claimed) {
          await runChunk(claimed, renderSlot);
          continue;
        }
      } catch (error) {
        if (stopped) break;
        log.error({ workerId, ...errorFields(error) }, "export worker");
      }
      // Nothing to do: give Chromium's memory back until the next export arrives.
      await releaseRenderSlot(renderSlot);
      if (!stopped) await idle();
    }
    await releaseRenderSlot(renderSlot);
  }

  void mkdir(exportDir, { recursive: true });
  const slots = Array.from({ length: options.concurrency ?? config.concurrency }, () => slot());

  return {
    workerId,
    wake: () => [...wakers].forEach((w) => w()),
    async stop() {
      stopped = true;
      for (const controller of controllers) controller.abort();
      [...wakers].forEach((w) => w());
      await Promise.all(slots);
    },
  };
}
