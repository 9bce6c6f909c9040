/** @jsxImportSource react */
// The export's render page: the same Player, artifact loader, boundaries and project timeline as the preview frame,
// driven frame by frame by the exporter (window.clapperRender) instead of by postMessage and playback.

import { Player, type PlayerRef } from "@remotion/player";
import { createRef, useLayoutEffect } from "react";
import { createRoot } from "react-dom/client";
import { useCurrentFrame } from "remotion";
import { errorPosition } from "../runtime/artifact.ts";
import { projectTimeline, type ProjectTimeline } from "../runtime/timeline.ts";
import type { PreviewScene } from "./protocol.ts";
import { SceneBoundary } from "./scene-boundary.tsx";
import { loadScenes, type LoadedScene } from "./scene-loader.ts";
import { ProjectSequences } from "./scene-time.tsx";
import { deliverAssets, sceneModules, type WireAssets } from "./scene-modules.ts";

/** What the exporter sends: the scenes in play order and, for projects, optional fps/size overrides. */
export interface RenderJob {
  mode: "scene" | "project";
  scenes: PreviewScene[];
  fps?: number;
  width?: number;
  height?: number;
  /**
   * The frame the Player mounts at: the first frame of the range to render, so a still or a chunk starts from a
   * fresh mount exactly like the preview opened at `?frame=N` (a scene whose DOM keeps state between frames, e.g. an
   * invalid CSS value leaving the previous one in place, then looks the same in both).
   */
  initialFrame?: number;
  /** How long one frame may wait for images and delayRender handles before it fails. */
  settleTimeoutMs: number;
  /** Icons and fonts every scene's compileMeta.assets lists, resolved by the server (the page has no network). */
  assets?: WireAssets;
}

/** A scene that failed to load or threw while rendering; the frame shows its fallback card instead. */
export interface RenderFailure {
  sceneId: string;
  message: string;
  line: number | null;
  phase: string;
}

export interface RenderApi {
  load(job: RenderJob): Promise<{ durationInFrames: number; fps: number; width: number; height: number }>;
  /** Shows frame N committed, fonts loaded, images decoded, delayRender released; returns new failures. */
  show(frame: number): Promise<RenderFailure[]>;
}

const playerRef = createRef<PlayerRef>();
let loaded: LoadedScene[] = [];
let pending: RenderFailure[] = [];
const reported = new Set<string>();
let committedFrame = -1;
let onCommit: (() => void) | null = null;

function recordFailure(sceneId: string, error: unknown, phase: string) {
  const message = error instanceof Error ? error.message : String(error);
  const owner = loaded.find((l) => l.scene.id === sceneId);
  const line = errorPosition(error, owner?.sourceName)?.line ?? null;
  const key = `${sceneId}\u0000${message}`;
  if (!reported.has(key)) {
    reported.add(key);
    pending.push({ sceneId, message, line, phase });
  }
  return { message, line };
}

function Slot({ scene }: { scene: LoadedScene }) {
  const Scene = scene.Component;
  return (
    <SceneBoundary sceneName={scene.scene.name} loadFailure={scene.error} onError={(e) => recordFailure(scene.scene.id, e, "render")}>
      {Scene ? <Scene /> : null}
    </SceneBoundary>
  );
}

function Composition({ mode, timeline }: { mode: RenderJob["mode"]; timeline: ProjectTimeline }) {
  const frame = useCurrentFrame();
  // Layout effects run after React has written this frame to the DOM: that is when the exporter may look.
  useLayoutEffect(() => {
    committedFrame = frame;
    onCommit?.();
  }, [frame]);
  if (mode === "scene") return <Slot scene={loaded[0]} />;
  const list = loaded.map((l) => l.scene);
  return <ProjectSequences scenes={list} timeline={timeline} renderScene={(i) => <Slot scene={loaded[i]} />} />;
}

const root = createRoot(document.getElementById("root")!, { onCaughtError: () => {}, onUncaughtError: () => {} });

function waitForCommit(frame: number): Promise<void> {
  if (committedFrame === frame) return Promise.resolve();
  return new Promise((resolve) => {
    onCommit = () => {
      if (committedFrame === frame) {
        onCommit = null;
        resolve();
      }
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

function delayHandles(): number {
  return ((window as unknown as { remotion_delayRenderHandles?: unknown[] }).remotion_delayRenderHandles ?? []).length;
}

/** Waits for fonts, images and delayRender; true when anything had to be waited for (a re-render may follow). */
async function settle(timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let waited = false;
  if (document.fonts.status !== "loaded") {
    waited = true;
    await document.fonts.ready;
  }
  const images = [...document.images].filter((img) => !img.complete);
  if (images.length > 0) {
    waited = true;
    // A broken or slow image must not hold the export forever: it is shown as the browser has it at the deadline.
    await Promise.race([Promise.all(images.map((img) => img.decode().catch(() => undefined))), sleep(Math.max(0, deadline - performance.now()))]);
  }
  while (delayHandles() > 0) {
    waited = true;
    if (performance.now() > deadline) throw new Error(`delayRender() still pending after ${timeoutMs} ms`);
    await sleep(4);
  }
  return waited;
}

let settleTimeoutMs = 10_000;
/** Each load remounts the Player (a kept tab loads the next chunk at its own first frame). */
let loads = 0;

const api: RenderApi = {
  async load(job) {
    settleTimeoutMs = job.settleTimeoutMs;
    reported.clear();
    pending = [];
    // The preview frame's modules and extras, from the same function, so icons and fonts render as previewed.
    const { modules, pending: fontsDecoding } = sceneModules(job.assets && deliverAssets(job.assets), (message) => console.warn(message));
    loaded = await loadScenes(job.scenes, modules);
    await Promise.all(fontsDecoding);
    for (const l of loaded) if (l.error) recordFailure(l.scene.id, l.error, l.error.phase);
    const timeline = projectTimeline(job.mode === "scene" ? [job.scenes[0]] : job.scenes, {
      fps: job.mode === "project" ? job.fps : undefined,
      width: job.width,
      height: job.height,
    });
    committedFrame = -1;
    const initialFrame = Math.min(Math.max(0, job.initialFrame ?? 0), timeline.durationInFrames - 1);
    const first = waitForCommit(initialFrame);
    root.render(
      <Player
        key={++loads}
        ref={playerRef}
        component={() => <Composition mode={job.mode} timeline={timeline} />}
        durationInFrames={timeline.durationInFrames}
        fps={timeline.fps}
        compositionWidth={timeline.width}
        compositionHeight={timeline.height}
        initialFrame={initialFrame}
        controls={false}
        style={{ width: timeline.width, height: timeline.height }}
        errorFallback={({ error }) => {
          recordFailure(job.scenes[0].id, error, "player");
          return null;
        }}
      />,
    );
    await first;
    return { durationInFrames: timeline.durationInFrames, fps: timeline.fps, width: timeline.width, height: timeline.height };
  },
  async show(frame) {
    const committed = waitForCommit(frame);
    playerRef.current?.seekTo(frame);
    await committed;
    // Anything that had to load re-renders the frame: settle again until a pass finds nothing pending.
    for (let pass = 0; pass < 5 && (await settle(settleTimeoutMs)); pass++) await nextPaint();
    const failures = pending;
    pending = [];
    return failures;
  },
};

(window as unknown as { clapperRender: RenderApi }).clapperRender = api;
