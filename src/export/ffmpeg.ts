// ffmpeg as a child process: frames in on stdin (PNG image pipe), one encoded file out; and the no-re-encode join.

import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";

export type VideoFormat = "mp4" | "webm";

export interface EncoderOptions {
  ffmpegPath: string;
  format: VideoFormat;
  fps: number;
  /** 0–100, higher is better; mapped to the codec's CRF. */
  quality: number;
  /** What the frames on stdin are: JPEG (video frames, cheap to capture) or PNG. */
  input: "jpeg" | "png";
  output: string;
}

/** Codec arguments: every chunk starts with a keyframe and has closed GOPs, so chunks join with `-c copy`. */
function codecArgs(format: VideoFormat, quality: number): string[] {
  const q = Math.min(100, Math.max(0, quality));
  if (format === "mp4") {
    const crf = Math.round(35 - (q / 100) * 25); // 100 → 10, 60 → 20, 0 → 35
    return ["-c:v", "libx264", "-preset", "veryfast", "-crf", String(crf), "-pix_fmt", "yuv420p", "-x264-params", "open-gop=0", "-movflags", "+faststart", "-f", "mp4"];
  }
  const crf = Math.round(50 - (q / 100) * 35); // 100 → 15, 60 → 29
  return ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", String(crf), "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1", "-pix_fmt", "yuv420p", "-f", "webm"];
}

/** Arguments for a PNG frame stream on stdin → one video file. */
export function encoderArgs(o: Omit<EncoderOptions, "ffmpegPath">): string[] {
  // 4:2:0 needs even dimensions; a scaled capture may be odd by one pixel.
  const even = ["-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0"];
  return ["-hide_banner", "-loglevel", "error", "-y", "-f", "image2pipe", "-c:v", o.input === "jpeg" ? "mjpeg" : "png", "-framerate", String(o.fps), "-i", "pipe:0", ...even, ...codecArgs(o.format, o.quality), o.output];
}

/** Frames a writer may queue ahead of ffmpeg before `write` waits (a 1280×720 JPEG frame is 50–300 KB). */
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

/** A running encoder: write frames, then finish (or kill). */
export interface Encoder {
  child: ChildProcess;
  write(frame: Uint8Array): Promise<void>;
  finish(): Promise<void>;
  kill(): void;
}

export function startEncoder(o: EncoderOptions): Encoder {
  const child = spawn(o.ffmpegPath, encoderArgs(o), { stdio: ["pipe", "ignore", "pipe"] });
  return wrapChild(child, "ffmpeg encode");
}

function wrapChild(child: ChildProcess, what: string): Encoder {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // A write to a dead process surfaces through `exited`, not as an unhandled stream error.
  child.stdin?.on("error", () => {});
  const exited = new Promise<void>((resolve, reject) => {
    child.on("error", (error) => reject(new Error(`${what} could not start: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || "no output"}`));
    });
  });
  exited.catch(() => {});
  return {
    child,
    write(frame) {
      const stdin = child.stdin!;
      if (child.exitCode !== null || stdin.destroyed) return exited.then(() => { throw new Error(`${what} exited early`); });
      return new Promise<void>((resolve, reject) => {
        stdin.write(frame, (error) => (error ? reject(error) : undefined));
        // Up to a few frames may wait in the pipe buffer: the tab captures the next frame while ffmpeg encodes.
        if (stdin.writableLength <= MAX_BUFFERED_BYTES) resolve();
        else stdin.once("drain", resolve);
        exited.catch(reject);
      });
    },
    finish() {
      child.stdin?.end();
      return exited;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** Joins chunk files with the concat demuxer and `-c copy`: no frame is re-encoded. */
export async function concatFiles(ffmpegPath: string, format: VideoFormat, parts: string[], listFile: string, output: string): Promise<void> {
  const list = parts.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join("\n");
  await writeFile(listFile, `${list}\n`);
  const args = ["-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", listFile, "-c", "copy"];
  if (format === "mp4") args.push("-movflags", "+faststart");
  args.push("-f", format, output);
  const child = spawn(ffmpegPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  await wrapChild(child, "ffmpeg concat").finish();
}
