/** @jsxImportSource react */
// Runs INSIDE the sandboxed preview frame: receives scenes by postMessage and plays them in a Remotion Player.

// First: WebRTC is gone before any scene code can run.
import "./lockdown.ts";
import { Player, type PlayerRef } from "@remotion/player";
import { useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { useVideoConfig } from "remotion";
import { errorPosition } from "../runtime/artifact.ts";
import { sceneModules } from "./scene-modules.ts";
import { projectTimeline } from "../runtime/timeline.ts";
import { isHostToFrame, sceneAtFrame, type FrameToHost, type LoadMessage } from "./protocol.ts";
import { SceneBoundary, type SceneFailure } from "./scene-boundary.tsx";
import { loadScenes, type LoadedScene } from "./scene-loader.ts";
import { ProjectSequences } from "./scene-time.tsx";

/** How long the ready signal waits for a paint that an off-screen frame never gets. */
const READY_WITHOUT_PAINT_MS = 200;
const HEARTBEAT_MS = 1000;
const PLAYBACK_RATES = [0.25, 0.5, 1, 1.5, 2];

let generation = 0;
let loadedScenes: LoadedScene[] = [];
let player: PlayerRef | null = null;
const reported = new Set<string>();

function post(message: FrameToHost): void {
  // The frame's origin is opaque and the parent's is not known to it; nothing sent here is secret.
  window.parent.postMessage(message, "*");
}

/** Reports a failure once per scene and mount, and returns what the fallback card should say. */
function reportFailure(sceneId: string | null, error: unknown, phase: string): SceneFailure {
  const message = error instanceof Error ? error.message : String(error);
  const owner = loadedScenes.find((l) => l.scene.id === sceneId);
  const position = errorPosition(error, owner?.sourceName);
  const failure: SceneFailure = { message, line: position?.line ?? null };
  const key = `${sceneId}\u0000${failure.message}`;
  if (!reported.has(key)) {
    reported.add(key);
    post({ type: "error", generation, sceneId, message: failure.message, line: failure.line, column: position?.column ?? null, phase });
  }
  return failure;
}

/** Which scene's code an uncaught error came from, by the `sourceURL` in its stack. */
function sceneOfError(error: unknown): string | null {
  const stack = error instanceof Error ? String(error.stack) : "";
  return loadedScenes.find((l) => stack.includes(l.sourceName))?.scene.id ?? null;
}

function SceneSlot({ loaded }: { loaded: LoadedScene }) {
  const Scene = loaded.Component;
  return (
    <SceneBoundary
      sceneName={loaded.scene.name}
      loadFailure={loaded.error}
      onError={(error) => reportFailure(loaded.scene.id, error, "render")}
    >
      {Scene ? <Scene /> : null}
    </SceneBoundary>
  );
}

/** Tells the host once per mount that a frame has been committed and painted. */
function useReadySignal(load: LoadMessage, durationInFrames: number): void {
  useEffect(() => {
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      post({
        type: "ready",
        generation: load.generation,
        compiledInBrowser: loadedScenes.filter((l) => l.compiledInBrowser).map((l) => l.scene.id),
        durationInFrames,
      });
    };
    // Normally after the next paint. A frame scrolled out of view (or in a background tab) gets no animation
    // frames at all, so the committed frame is reported after a short timeout instead of never.
    const handle = requestAnimationFrame(send);
    const timer = setTimeout(send, READY_WITHOUT_PAINT_MS);
    return () => {
      cancelAnimationFrame(handle);
      clearTimeout(timer);
    };
  }, [load, durationInFrames]);
}

/**
 * Whether this frame holds the keyboard focus. Remotion's Player focuses its play button on mount and on
 * every play/pause so that Space works — from inside an iframe that pulls focus out of whatever the
 * operator is typing in on the page around it (the scene editor). So Space-to-play is on only while the
 * frame already has focus: a click into the player, or the host handing focus over (preview pages).
 */
function useFrameFocus(): boolean {
  const [focused, setFocused] = useState(() => document.hasFocus());
  useEffect(() => {
    // The focus may have moved between the first render and these listeners.
    setFocused(document.hasFocus());
    const on = () => setFocused(true);
    const off = () => setFocused(false);
    window.addEventListener("focus", on);
    window.addEventListener("blur", off);
    return () => {
      window.removeEventListener("focus", on);
      window.removeEventListener("blur", off);
    };
  }, []);
  return focused;
}

function Composition({ load, scenes }: { load: LoadMessage; scenes: LoadedScene[] }) {
  // The Player's own duration, as it plays it (PreviewPlayer computes it once).
  useReadySignal(load, useVideoConfig().durationInFrames);
  if (load.mode === "scene") return <SceneSlot loaded={scenes[0]} />;
  // Each scene already lives in its own `new Function` scope; each sequence adds its own boundary and clock.
  const list = scenes.map((l) => l.scene);
  return <ProjectSequences scenes={list} timeline={projectTimeline(list)} renderScene={(i) => <SceneSlot loaded={scenes[i]} />} />;
}

function PreviewPlayer({ load, scenes }: { load: LoadMessage; scenes: LoadedScene[] }) {
  const ref = useRef<PlayerRef>(null);
  const focused = useFrameFocus();
  // A single scene plays as itself; a project on the shared timeline (each scene's seconds at the project fps).
  const timeline = projectTimeline(load.mode === "scene" ? [scenes[0].scene] : scenes.map((l) => l.scene));
  const { durationInFrames } = timeline;
  const component = useMemo(() => () => <Composition load={load} scenes={scenes} />, [load, scenes]);

  useEffect(() => {
    const current = ref.current;
    if (!current) return;
    player = current;
    const report = () => {
      const frame = current.getCurrentFrame();
      post({ type: "frame", generation: load.generation, frame, playing: current.isPlaying(), sceneId: sceneAtFrame(load.scenes, frame) });
    };
    const events = ["frameupdate", "seeked", "play", "pause"] as const;
    for (const name of events) current.addEventListener(name, report);
    report(); // the initial frame (e.g. ?frame=N) fires no event
    return () => {
      for (const name of events) current.removeEventListener(name, report);
      if (player === current) player = null;
    };
  }, [load]);

  return (
    <Player
      ref={ref}
      component={component}
      durationInFrames={durationInFrames}
      fps={timeline.fps}
      compositionWidth={timeline.width}
      compositionHeight={timeline.height}
      initialFrame={Math.min(Math.max(0, load.initialFrame), durationInFrames - 1)}
      autoPlay={load.autoPlay}
      loop={load.loop}
      controls={load.controls !== false}
      showPlaybackRateControl={PLAYBACK_RATES}
      allowFullscreen
      doubleClickToFullscreen={load.controls !== false}
      clickToPlay={load.controls !== false}
      spaceKeyToPlayOrPause={load.controls !== false && focused}
      style={{ width: "100%", height: "100vh" }}
      errorFallback={({ error }) => {
        reportFailure(null, error, "player");
        return null;
      }}
    />
  );
}

const root = createRoot(document.getElementById("root")!, {
  // Boundaries report caught errors to the host; React's default console logging would only add noise.
  onCaughtError: () => {},
  onUncaughtError: (error) => reportFailure(sceneOfError(error), error, "render"),
});

/** This load's modules; a warning reaches the host once, and only while this load is current. */
function modulesFor(load: LoadMessage) {
  const warned = new Set<string>();
  return sceneModules(load.assets, (message) => {
    if (load.generation !== generation || warned.has(message)) return;
    warned.add(message);
    post({ type: "warning", generation: load.generation, message });
  });
}

async function handleLoad(load: LoadMessage): Promise<void> {
  generation = load.generation;
  reported.clear();
  if (load.scenes.length === 0) {
    post({ type: "error", generation, sceneId: null, message: "Nothing to preview: no scenes", line: null, column: null, phase: "load" });
    return;
  }
  const { modules, pending } = modulesFor(load);
  const scenes = await loadScenes(load.scenes, modules);
  // Fonts are decoded before the first frame, so no frame is painted in a fallback face.
  await Promise.all(pending);
  if (load.generation !== generation) return; // a newer load arrived while compiling
  loadedScenes = scenes;
  for (const l of scenes) {
    if (l.error) reportFailure(l.scene.id, l.error, l.error.phase);
  }
  root.render(<PreviewPlayer key={load.generation} load={load} scenes={scenes} />);
}

window.addEventListener("message", (event) => {
  // Only the embedding dashboard page may drive this frame.
  if (event.source !== window.parent || window.parent === window || !isHostToFrame(event.data)) return;
  const message = event.data;
  if (message.type === "load") void handleLoad(message);
  else if (message.type === "seek") player?.seekTo(Math.max(0, Math.floor(message.frame)));
  else if (message.type === "play") player?.play();
  else if (message.type === "pause") player?.pause();
});

window.addEventListener("error", (event) => {
  reportFailure(sceneOfError(event.error), event.error ?? event.message, "uncaught");
});
window.addEventListener("unhandledrejection", (event) => {
  reportFailure(sceneOfError(event.reason), event.reason, "uncaught");
});

setInterval(() => post({ type: "heartbeat" }), HEARTBEAT_MS);
post({ type: "hello" });
