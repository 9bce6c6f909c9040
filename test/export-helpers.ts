// Shared by the export tests and bench:export: decoding with real ffmpeg/ffprobe, waiting on exports, child processes.

import { spawnSync } from "node:child_process";
import type { ExportService } from "../src/export/service.ts";
import type { ExportRow } from "../src/db/queries.ts";

export interface ProbedStream {
  codec_name: string;
  width: number;
  height: number;
  pix_fmt: string;
  nb_read_frames: string;
  r_frame_rate: string;
}

/** ffprobe with frame counting: what the file really holds. */
export function probe(file: string): { stream: ProbedStream; duration: number } {
  const out = spawnSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
    "stream=codec_name,width,height,pix_fmt,nb_read_frames,r_frame_rate:format=duration", "-of", "json", file], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`ffprobe ${file}: ${out.stderr}`);
  const json = JSON.parse(out.stdout) as { streams: ProbedStream[]; format: { duration: string } };
  return { stream: json.streams[0], duration: Number(json.format.duration) };
}

/** Every frame decoded to RGB at w×h (area-averaged), one Buffer per frame. */
export function decodeFrames(file: string, width: number, height: number): Buffer[] {
  const out = spawnSync("ffmpeg", ["-v", "error", "-i", file, "-vf", `scale=${width}:${height}:flags=area`, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`ffmpeg decode ${file}: ${out.stderr}`);
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let at = 0; at + size <= out.stdout.length; at += size) frames.push(out.stdout.subarray(at, at + size));
  return frames;
}

/** Mean colour of a decoded frame. */
export function meanColour(frame: Buffer): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < frame.length; i += 3) for (let c = 0; c < 3; c++) sum[c] += frame[i + c];
  const n = frame.length / 3;
  return [sum[0] / n, sum[1] / n, sum[2] / n].map(Math.round) as [number, number, number];
}

/** Mean absolute difference per channel between two frames of the same size. */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Polls the export until it is finished (done/failed/cancelled). */
export async function waitFinished(service: ExportService, id: string, timeoutMs = 120_000): Promise<ExportRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await service.get(id);
    if (["done", "failed", "cancelled"].includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`export ${id} still ${row.status} after ${timeoutMs} ms`);
    await Bun.sleep(100);
  }
}

/** Commands of every process descended from this one (ffmpeg, chromium, …). */
export function descendantCommands(): string[] {
  const out = spawnSync("ps", ["-eo", "pid=,ppid=,comm="], { encoding: "utf8" }).stdout;
  const rows = out.trim().split("\n").map((line) => line.trim().split(/\s+/, 3)).map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) if (mine.has(row.ppid) && !mine.has(row.pid)) { mine.add(row.pid); grew = true; }
  }
  return rows.filter((r) => mine.has(r.pid) && r.pid !== process.pid && r.comm !== "ps").map((r) => r.comm);
}
