/** @jsxImportSource react */
// One project timeline for preview and export: each scene in its own Sequence, at its own fps and size, fitted into
// the project frame. The scene sees its own useCurrentFrame()/useVideoConfig(), as if it were the composition.

import type { ReactNode } from "react";
import { useContext, useMemo } from "react";
import { AbsoluteFill, Internals, Sequence, useCurrentFrame, useVideoConfig } from "remotion";
import { fitInto, sceneFrameAt, type ProjectTimeline, type TimelineSegment } from "../runtime/timeline.ts";
import type { PreviewScene } from "./protocol.ts";

/** Gives its children the scene's own frame number and video config (fps, duration, size). */
function SceneClock({ segment, timeline, scene, children }: {
  segment: TimelineSegment;
  timeline: ProjectTimeline;
  scene: PreviewScene;
  children: ReactNode;
}) {
  const localFrame = useCurrentFrame();
  const { id } = useVideoConfig();
  const sceneFrame = sceneFrameAt(segment, localFrame, timeline.fps);
  const timelineContext = Internals.useTimelineContext();
  const manager = useContext(Internals.CompositionManager);
  const clock = useMemo(
    () => ({ ...timelineContext, frame: { ...timelineContext.frame, [id]: sceneFrame } }),
    [timelineContext, id, sceneFrame],
  );
  const config = useMemo(
    () => ({
      ...manager,
      currentCompositionMetadata: {
        ...(manager.currentCompositionMetadata ?? {}),
        fps: scene.fps,
        durationInFrames: scene.durationInFrames,
        width: scene.width,
        height: scene.height,
      } as typeof manager.currentCompositionMetadata,
    }),
    [manager, scene.fps, scene.durationInFrames, scene.width, scene.height],
  );
  // No SequenceContext inside: the scene's frame 0 is its own start, and its own <Sequence>s nest from there.
  return (
    <Internals.CompositionManager.Provider value={config}>
      <Internals.TimelineContext.Provider value={clock}>
        <Internals.SequenceContext.Provider value={null}>{children}</Internals.SequenceContext.Provider>
      </Internals.TimelineContext.Provider>
    </Internals.CompositionManager.Provider>
  );
}

/** The scene's own w×h box, scaled and centred in the project frame over black. */
function FittedScene({ scene, timeline, children }: { scene: PreviewScene; timeline: ProjectTimeline; children: ReactNode }) {
  const fit = fitInto(scene, timeline);
  return (
    <AbsoluteFill style={{ background: "#000", overflow: "hidden" }}>
      <div
        style={{
          position: "absolute",
          left: fit.left,
          top: fit.top,
          width: scene.width,
          height: scene.height,
          overflow: "hidden",
          transform: fit.scale === 1 ? undefined : `scale(${fit.scale})`,
          transformOrigin: "0 0",
        }}
      >
        {children}
      </div>
    </AbsoluteFill>
  );
}

/** Every scene in play order on the shared timeline; `renderScene` supplies each scene's boundary and component. */
export function ProjectSequences({ scenes, timeline, renderScene }: {
  scenes: PreviewScene[];
  timeline: ProjectTimeline;
  renderScene: (index: number) => ReactNode;
}) {
  return (
    <>
      {timeline.segments.map((segment) => {
        const scene = scenes[segment.index];
        return (
          <Sequence key={`${scene.id}-${segment.index}`} from={segment.from} durationInFrames={segment.durationInFrames} name={scene.name}>
            <FittedScene scene={scene} timeline={timeline}>
              <SceneClock segment={segment} timeline={timeline} scene={scene}>
                {renderScene(segment.index)}
              </SceneClock>
            </FittedScene>
          </Sequence>
        );
      })}
    </>
  );
}
