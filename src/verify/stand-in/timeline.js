// The frame the component being rendered sees, and the composition's video config. The renderer
// saves and restores `frame` around TIMELINE elements (what Sequence/Series/Loop/Freeze render).

export const TIMELINE = Symbol("clapper.timeline");

export const timeline = {
  frame: 0,
  config: { width: 1920, height: 1080, fps: 30, durationInFrames: 1 },
};

/** An element whose children see `frame` (or are not mounted when frame is null). */
export function shifted(frame, children) {
  return { $$typeof: Symbol.for("react.element"), type: TIMELINE, key: null, props: { frame, children } };
}
