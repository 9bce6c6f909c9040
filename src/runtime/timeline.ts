// Project timing shared by the project preview and the export: every scene keeps its real duration in seconds and
// its own animation speed, whatever the project's fps, and is fitted (letterboxed) into the project's frame.

/** What the timing needs to know about one scene. */
export interface TimedScene {
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
}

/** Where one scene sits on the project timeline, in project frames. */
export interface TimelineSegment {
  index: number;
  /** First project frame of the scene. */
  from: number;
  /** Length in project frames: the scene's seconds at the project fps (at least 1). */
  durationInFrames: number;
  sceneFps: number;
  sceneDurationInFrames: number;
}

export interface ProjectTimeline {
  fps: number;
  width: number;
  height: number;
  durationInFrames: number;
  segments: TimelineSegment[];
}

export interface TimelineOptions {
  /** Project fps; the first scene's when absent. */
  fps?: number;
  width?: number;
  height?: number;
}

/**
 * Lays the scenes end to end. A scene's length is its own duration in seconds converted to project frames
 * (rounded to the nearest frame), so a 60-frame scene at 60 fps lasts one second in a 30 fps project too.
 */
export function projectTimeline(scenes: TimedScene[], options: TimelineOptions = {}): ProjectTimeline {
  const first = scenes[0];
  const fps = options.fps ?? first?.fps ?? 30;
  let from = 0;
  const segments = scenes.map((scene, index) => {
    const durationInFrames = Math.max(1, Math.round((scene.durationInFrames / scene.fps) * fps));
    const segment: TimelineSegment = {
      index,
      from,
      durationInFrames,
      sceneFps: scene.fps,
      sceneDurationInFrames: scene.durationInFrames,
    };
    from += durationInFrames;
    return segment;
  });
  return {
    fps,
    width: options.width ?? first?.width ?? 1280,
    height: options.height ?? first?.height ?? 720,
    durationInFrames: Math.max(1, from),
    segments,
  };
}

/**
 * The scene's own frame shown at `localFrame` project frames into its segment: the same instant in time, taken
 * at the scene's fps (floored, so a frame never shows before its time), clamped to the scene's last frame.
 */
export function sceneFrameAt(segment: TimelineSegment, localFrame: number, projectFps: number): number {
  const frame = Math.floor(((localFrame * segment.sceneFps) / projectFps) + 1e-9);
  return Math.min(Math.max(0, frame), segment.sceneDurationInFrames - 1);
}

/** The segment playing at a project frame (the last one past the end). */
export function segmentAt(timeline: ProjectTimeline, frame: number): TimelineSegment | null {
  for (const segment of timeline.segments) {
    if (frame < segment.from + segment.durationInFrames) return segment;
  }
  return timeline.segments.at(-1) ?? null;
}

/** Scale and offset that fit a scene of w×h inside the project frame, centred, aspect kept. */
export function fitInto(scene: { width: number; height: number }, frame: { width: number; height: number }) {
  const scale = Math.min(frame.width / scene.width, frame.height / scene.height);
  return {
    scale,
    left: (frame.width - scene.width * scale) / 2,
    top: (frame.height - scene.height * scale) / 2,
  };
}
