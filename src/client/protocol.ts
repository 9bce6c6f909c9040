// The postMessage protocol between the dashboard page (preview host) and the sandboxed preview frame.

import type { DeliveredAssets } from "../runtime/extras/index.ts";
import { projectTimeline, segmentAt } from "../runtime/timeline.ts";

/** One scene as the frame needs it: the stored artifact, or the TSX when a legacy row has no JS yet. */
export interface PreviewScene {
  id: string;
  name: string;
  js: string | null;
  /** Only sent when `js` is null: the frame compiles it with the lazy-loaded compiler chunk. */
  tsx: string | null;
  compilationVersion: number;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

export interface LoadMessage {
  type: "load";
  /** "scene": one scene; "project": every scene in order inside one `<Series>`. */
  mode: "scene" | "project";
  scenes: PreviewScene[];
  initialFrame: number;
  autoPlay: boolean;
  loop: boolean;
  /** Increments on every load/remount so reports from an older mount can be told apart. */
  generation: number;
  /** Icon bodies and font files the scenes' compileMeta.assets list: the frame never fetches them itself. Absent = none. */
  assets?: DeliveredAssets;
  /** false: no player controls (a compare page's second player, driven by the first). Absent = shown. */
  controls?: boolean;
}

export interface SeekMessage {
  type: "seek";
  frame: number;
}

/** Start or stop playback (the compare page keeps two players in step). */
export interface PlaybackMessage {
  type: "play" | "pause";
}

export type HostToFrame = LoadMessage | SeekMessage | PlaybackMessage;

/** The frame booted and listens for a `load`. */
export interface HelloMessage {
  type: "hello";
}

/** The Player committed its first frame for this generation. */
export interface ReadyMessage {
  type: "ready";
  generation: number;
  compiledInBrowser: string[];
  durationInFrames: number;
}

export interface ErrorMessage {
  type: "error";
  generation: number;
  sceneId: string | null;
  message: string;
  /** 1-based line in the scene source, when the stack names it. */
  line: number | null;
  column: number | null;
  phase: string;
}

export interface FrameMessage {
  type: "frame";
  generation: number;
  frame: number;
  playing: boolean;
  /** The scene under the playhead (project previews). */
  sceneId: string | null;
}

/** Something played, but not as written (an unknown icon or font); shown next to the preview. */
export interface WarningMessage {
  type: "warning";
  generation: number;
  message: string;
}

export interface HeartbeatMessage {
  type: "heartbeat";
}

export type FrameToHost = HelloMessage | ReadyMessage | ErrorMessage | FrameMessage | WarningMessage | HeartbeatMessage;

const FRAME_TO_HOST_TYPES = new Set(["hello", "ready", "error", "frame", "warning", "heartbeat"]);
const HOST_TO_FRAME_TYPES = new Set(["load", "seek", "play", "pause"]);

function hasType(data: unknown, types: Set<string>): boolean {
  return typeof data === "object" && data !== null && types.has((data as { type?: unknown }).type as string);
}

export function isFrameToHost(data: unknown): data is FrameToHost {
  return hasType(data, FRAME_TO_HOST_TYPES);
}

export function isHostToFrame(data: unknown): data is HostToFrame {
  return hasType(data, HOST_TO_FRAME_TYPES);
}

/** Which scene is playing at a project frame, on the shared project timeline. */
export function sceneAtFrame(scenes: PreviewScene[], frame: number): string | null {
  const segment = segmentAt(projectTimeline(scenes), frame);
  return segment ? scenes[segment.index].id : null;
}

/** The first project frame of each scene, so the scene list can jump to it. */
export function sceneStartFrames(scenes: PreviewScene[]): Map<string, number> {
  const starts = new Map<string, number>();
  for (const segment of projectTimeline(scenes).segments) {
    if (!starts.has(scenes[segment.index].id)) starts.set(scenes[segment.index].id, segment.from);
  }
  return starts;
}
