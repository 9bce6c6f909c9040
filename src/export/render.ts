// The render engine: one tab shows frames [from, to) of a job and streams them into one ffmpeg (a chunk); a video is
// the chunks joined without re-encoding. Used by the queue workers and, directly, by the benchmark.

import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Browser } from "playwright-core";
import type { RenderFailure, RenderJob } from "../client/render.tsx";
import { launchBrowser, openRenderTab, type LoadedJob, type RenderTab } from "./browser.ts";
import type { ExportConfig } from "./config.ts";
import { concatFiles, startEncoder, type VideoFormat } from "./ffmpeg.ts";

export type ExportFormat = VideoFormat | "png";

/**
 * Video frames travel from Chromium to ffmpeg as JPEG at this quality: capturing PNG cost ~40% more per frame
 * (measured with bench:export), and the frames are lossy-encoded right after anyway. Stills stay PNG.
 */
export const FRAME_JPEG_QUALITY = 95;

export interface ChunkRequest {
  job: RenderJob;
  format: ExportFormat;
  /** First frame and one past the last (png: from is the still's frame). */
  from: number;
  to: number;
  quality: number;
  /** Output size relative to the composition (device pixels per CSS pixel of the capture). */
  scale?: number;
  output: string;
  signal?: AbortSignal;
  onFrame?: (done: number) => void;
  onFailure?: (failure: RenderFailure) => void;
  /** The lane that renders it: its Chromium and the tab it keeps for the next chunk. */
  slot: RenderSlot;
  /** Which export the chunk belongs to: a slot's tab gets a fresh page before a chunk of another export. */
  jobKey?: string;
}

/**
 * One render lane (a worker slot, a bench lane, the poster renderer): its own Chromium, launched on first use, and
 * the tab it keeps between chunks.
 *
 * Its own browser, not a tab in a shared one: a Chromium that crashes or hangs takes one lane down, not every lane
 * (the tabs of one Chromium also share its GPU and browser processes; bench:export showed no speed difference within
 * its noise either way). Its own tab kept between chunks: opening a tab and loading the render page costs 0.6–2 s.
 * Between chunks of one export the job is simply loaded again (the Player remounts at the chunk's first frame);
 * before another export's chunk the page is reloaded, so no scene code carries over.
 */
export interface RenderSlot {
  browser: Promise<Browser> | null;
  tab: RenderTab | null;
  jobKey: string | null;
}

export const emptyRenderSlot = (): RenderSlot => ({ browser: null, tab: null, jobKey: null });

/** The slot's Chromium, launched now if it has none or its old one died. */
async function slotBrowser(slot: RenderSlot, config: ExportConfig): Promise<Browser> {
  const current = await slot.browser?.catch(() => null);
  if (current?.isConnected()) return current;
  slot.tab = null;
  slot.jobKey = null;
  const launching = launchBrowser(config);
  slot.browser = launching;
  try {
    return await launching;
  } catch (error) {
    if (slot.browser === launching) slot.browser = null;
    throw error;
  }
}

/** Closes the slot's tab (the next chunk opens a new one). */
async function closeSlotTab(slot: RenderSlot): Promise<void> {
  const tab = slot.tab;
  slot.tab = null;
  slot.jobKey = null;
  await tab?.close().catch(() => {});
}

/** Closes the slot's tab and Chromium: an idle slot gives its memory back, a stopped one leaves no process behind. */
export async function releaseRenderSlot(slot: RenderSlot): Promise<void> {
  const browser = slot.browser;
  await closeSlotTab(slot);
  slot.browser = null;
  await (await browser?.catch(() => null))?.close().catch(() => {});
}

/** The slot's tab loaded with this job: its kept tab when still usable, else a new one (kept in the slot). */
async function tabForChunk(config: ExportConfig, job: RenderJob, slot: RenderSlot, jobKey: string | null) {
  const browser = await slotBrowser(slot, config);
  if (slot.tab) {
    try {
      if (slot.jobKey !== jobKey) await slot.tab.reset();
      slot.jobKey = jobKey;
      return { tab: slot.tab, info: await slot.tab.load(job) };
    } catch {
      await closeSlotTab(slot);
    }
  }
  const tab = await openRenderTab(browser, config);
  Object.assign(slot, { tab, jobKey });
  try {
    return { tab, info: await tab.load(job) };
  } catch (error) {
    await closeSlotTab(slot);
    throw error;
  }
}

export class ExportCancelled extends Error {
  constructor() {
    super("Export cancelled");
    this.name = "ExportCancelled";
  }
}

/** Renders one chunk in its slot's tab; an abort closes the tab and kills ffmpeg at once. */
export async function renderChunk(config: ExportConfig, req: ChunkRequest): Promise<LoadedJob> {
  if (req.signal?.aborted) throw new ExportCancelled();
  await mkdir(dirname(req.output), { recursive: true });
  const { tab, info } = await tabForChunk(config, { ...req.job, initialFrame: req.from }, req.slot, req.jobKey ?? null);
  let keep = false;
  const encoder = req.format === "png" ? null : startEncoder({ ffmpegPath: config.ffmpegPath, format: req.format, fps: info.fps, quality: req.quality, input: "jpeg", output: req.output });
  const abort = () => {
    encoder?.kill();
    void tab.close().catch(() => {});
  };
  req.signal?.addEventListener("abort", abort, { once: true });
  try {
    const to = req.format === "png" ? req.from + 1 : Math.min(req.to, info.durationInFrames);
    for (let frame = req.from; frame < to; frame++) {
      if (req.signal?.aborted) throw new ExportCancelled();
      const { image, failures } = await tab.capture(frame, { scale: req.scale ?? 1, jpegQuality: encoder ? FRAME_JPEG_QUALITY : undefined });
      for (const failure of failures) req.onFailure?.(failure);
      if (encoder) await encoder.write(image);
      else await writeFile(req.output, image);
      req.onFrame?.(frame - req.from + 1);
    }
    await encoder?.finish();
    keep = !req.signal?.aborted;
    return info;
  } catch (error) {
    encoder?.kill();
    if (req.signal?.aborted) throw new ExportCancelled();
    throw error;
  } finally {
    req.signal?.removeEventListener("abort", abort);
    // A failed or cancelled chunk never leaves its tab for the next one.
    if (!keep) await closeSlotTab(req.slot);
  }
}

/** Splits [0, total) into chunks of at most `size` frames. */
export function chunkRanges(total: number, size: number): { from: number; to: number }[] {
  const ranges = [];
  for (let from = 0; from < total; from += size) ranges.push({ from, to: Math.min(total, from + size) });
  return ranges;
}

/**
 * Chunk size for a video: the configured size, but small enough that every render tab gets a share of a short
 * video (a 150-frame scene on 2 tabs is 2 chunks), and never below a few frames where tab start-up would dominate.
 */
export function chunkSizeFor(total: number, config: Pick<ExportConfig, "chunkFrames" | "concurrency">): number {
  const share = Math.ceil(total / Math.max(1, config.concurrency));
  return Math.max(1, Math.min(config.chunkFrames, Math.max(share, Math.min(30, total))));
}

/** The job's total frames (the render page computes it; the same timeline function is used server-side). */
export interface VideoRequest {
  job: RenderJob;
  format: VideoFormat;
  totalFrames: number;
  quality: number;
  output: string;
  concurrency: number;
  chunkFrames: number;
  signal?: AbortSignal;
  /** Called after every frame written, from any lane (progress; the bench's steady-state clock). */
  onFrame?: () => void;
  /** One slot per lane (at least `concurrency`), kept between videos like a worker slot keeps its tab between chunks. */
  slots: RenderSlot[];
}

/** Renders a whole video in this process: chunks over `concurrency` slots, then a no-re-encode join. */
export async function renderVideo(config: ExportConfig, req: VideoRequest): Promise<void> {
  const ranges = chunkRanges(req.totalFrames, req.chunkFrames);
  const dir = `${req.output}.parts`;
  await mkdir(dir, { recursive: true });
  const parts = ranges.map((_, i) => join(dir, `chunk-${String(i).padStart(5, "0")}.${req.format}`));
  let next = 0;
  const lane = async (_: unknown, index: number) => {
    while (next < ranges.length) {
      const i = next++;
      await renderChunk(config, {
        job: req.job, format: req.format, ...ranges[i], quality: req.quality, output: parts[i], signal: req.signal, onFrame: req.onFrame,
        slot: req.slots[index]!, jobKey: req.output,
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(req.concurrency, ranges.length) }, lane));
    await joinChunks(config, req.format, parts, req.output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One chunk is renamed into place; several are joined with the concat demuxer (`-c copy`). */
export async function joinChunks(config: Pick<ExportConfig, "ffmpegPath">, format: VideoFormat, parts: string[], output: string): Promise<void> {
  await concatFiles(config.ffmpegPath, format, parts, `${output}.concat.txt`, output);
  await rm(`${output}.concat.txt`, { force: true });
}
