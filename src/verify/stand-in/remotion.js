// The `remotion` module inside the isolate. The pure helpers are the real ones, bundled from the installed
// remotion's own files, so their argument errors match the browser's; time-shifting components
// (Sequence, Series, Loop, Freeze) change the frame their children see; media and layout components
// are element types whose children are rendered.

import { Easing } from "../../../node_modules/remotion/dist/cjs/easing.js";
import { interpolate } from "../../../node_modules/remotion/dist/cjs/interpolate.js";
import { interpolateColors } from "../../../node_modules/remotion/dist/cjs/interpolate-colors.js";
import { random } from "../../../node_modules/remotion/dist/cjs/random.js";
import { measureSpring, spring } from "../../../node_modules/remotion/dist/cjs/spring/index.js";
import { validateDurationInFrames } from "../../../node_modules/remotion/dist/cjs/validation/validate-duration-in-frames.js";
import { FRAGMENT, React, hook } from "./react.js";
import { shifted, timeline } from "./timeline.js";
import { REMOTION_EXPORTS } from "../../compiler/remotion-exports.ts";

const h = React.createElement;

/** A layout/media component: renders its children (media has none worth rendering). */
function passThrough(name, check) {
  const component = function (props) {
    if (check) check(props);
    return props.children === undefined ? null : h(FRAGMENT, null, props.children);
  };
  Object.defineProperty(component, "name", { value: name });
  return component;
}

function requireSrc(tag) {
  return (props) => {
    if (typeof props.src !== "string" || props.src === "") throw new TypeError(`No "src" prop was passed to <${tag}>.`);
  };
}

// Sequence's prop validation, as remotion's Sequence.js does it.
function Sequence({ from = 0, durationInFrames = Infinity, children, layout = "absolute-fill" }) {
  if (layout !== "absolute-fill" && layout !== "none") {
    throw new TypeError(`The layout prop of <Sequence /> expects either "absolute-fill" or "none", but you passed: ${layout}`);
  }
  if (typeof durationInFrames !== "number") {
    throw new TypeError(`You passed to durationInFrames an argument of type ${typeof durationInFrames}, but it must be a number.`);
  }
  if (durationInFrames <= 0) throw new TypeError(`durationInFrames must be positive, but got ${durationInFrames}`);
  if (typeof from !== "number") {
    throw new TypeError(`You passed to the "from" props of your <Sequence> an argument of type ${typeof from}, but it must be a number.`);
  }
  if (!Number.isFinite(from)) throw new TypeError(`The "from" prop of a sequence must be finite, but got ${from}.`);
  const frame = timeline.frame;
  const inside = frame >= from && frame < from + durationInFrames;
  return shifted(inside ? frame - from : null, children);
}

function SeriesSequence() {
  throw new Error("<Series.Sequence> can only be used inside <Series>.");
}

function Series({ children }) {
  const items = React.Children.toArray(children);
  let start = 0;
  return h(FRAGMENT, null, items.map((child, index) => {
    if (typeof child === "string") {
      if (child.trim() === "") return null;
      throw new TypeError(`The <Series /> component only accepts a list of <Series.Sequence /> components as its children, but you passed a string "${child}"`);
    }
    if (!React.isValidElement(child) || child.type !== SeriesSequence) {
      throw new TypeError(`The <Series /> component only accepts a list of <Series.Sequence /> components as its children, but got ${child} instead`);
    }
    const { durationInFrames, offset = 0, children: inner } = child.props;
    if (index !== items.length - 1 || durationInFrames !== Infinity) {
      validateDurationInFrames(durationInFrames, { component: `of a <Series.Sequence /> component`, allowFloats: true });
    }
    const debugInfo = `index = ${index}, duration = ${durationInFrames}`;
    if (Number.isNaN(offset)) throw new TypeError(`The "offset" property of a <Series.Sequence /> must not be NaN, but got NaN (${debugInfo}).`);
    if (!Number.isFinite(offset)) throw new TypeError(`The "offset" property of a <Series.Sequence /> must be finite, but got ${offset} (${debugInfo}).`);
    const from = start + offset;
    start = from + durationInFrames;
    return h(Sequence, { key: index, from, durationInFrames }, inner);
  }));
}
Series.Sequence = SeriesSequence;

function Loop({ durationInFrames, times = Infinity, children }) {
  validateDurationInFrames(durationInFrames, { component: "of the <Loop /> component", allowFloats: true });
  if (typeof times !== "number") throw new TypeError(`You passed to "times" an argument of type ${typeof times}, but it must be a number.`);
  if (times !== Infinity && times % 1 !== 0) throw new TypeError(`The "times" prop of a loop must be an integer, but got ${times}.`);
  if (times < 0) throw new TypeError(`The "times" prop of a loop must be at least 0, but got ${times}`);
  const iteration = Math.floor(timeline.frame / durationInFrames);
  return shifted(iteration >= times ? null : timeline.frame % durationInFrames, children);
}

function Freeze({ frame, active = true, children }) {
  if (typeof frame !== "number") throw new Error(`The 'frame' prop of <Freeze /> must be a number, but is of type ${typeof frame}`);
  if (Number.isNaN(frame)) throw new Error("The 'frame' prop of <Freeze /> must be a real number, but it is NaN.");
  const on = typeof active === "function" ? active(timeline.frame) : active;
  return shifted(on ? frame : timeline.frame, children);
}

let handles = 0;
function delayRender(label) {
  if (typeof label !== "string" && label !== undefined) {
    throw new Error("The label parameter of delayRender() must be a string or undefined, got: " + JSON.stringify(label));
  }
  return ++handles;
}
function continueRender(handle) {
  if (handle === undefined) {
    throw new TypeError("The continueRender() method must be called with a parameter that is the return value of delayRender(). No value was passed.");
  }
  if (typeof handle !== "number") {
    throw new TypeError("The parameter passed into continueRender() must be the return value of delayRender() which is a number. Got: " + JSON.stringify(handle));
  }
}

function staticFile(path) {
  if (typeof path !== "string") throw new TypeError(`staticFile() expects a string, but got ${typeof path}`);
  if (path.startsWith("http://") || path.startsWith("https://")) {
    throw new TypeError(`staticFile() does not support remote URLs - got "${path}". Instead, pass the URL without wrapping it in staticFile().`);
  }
  return "/" + path.replace(/^\/+/, "");
}

const environment = { isStudio: false, isRendering: false, isPlayer: true, isReadOnlyStudio: false, isClientSideRendering: false };

const implemented = {
  VERSION: "4.0.529",
  Easing, interpolate, interpolateColors, random, spring, measureSpring,
  Sequence, Series, Loop, Freeze,
  AbsoluteFill: passThrough("AbsoluteFill"),
  Img: passThrough("Img", requireSrc("Img")),
  OffthreadVideo: passThrough("OffthreadVideo", (p) => {
    if (typeof p.src !== "string") throw new TypeError(`The \`<OffthreadVideo>\` tag requires a string for \`src\`, but got ${JSON.stringify(p.src)} instead.`);
  }),
  Composition: () => null,
  Still: () => null,
  Folder: passThrough("Folder"),
  delayRender, continueRender,
  cancelRender: (error) => { throw error instanceof Error ? error : new Error(String(error)); },
  useDelayRender: hook("useDelayRender", () => ({ delayRender, continueRender, cancelRender: (e) => { throw e; } })),
  staticFile,
  getStaticFiles: () => [],
  watchStaticFile: () => ({ cancel() {} }),
  prefetch: (src) => ({ free() {}, waitUntilDone: () => Promise.resolve(src) }),
  getInputProps: () => ({}),
  getRemotionEnvironment: () => environment,
  useRemotionEnvironment: hook("useRemotionEnvironment", () => environment),
  registerRoot: () => {},
  useCurrentFrame: hook("useCurrentFrame", () => timeline.frame),
  useVideoConfig: hook("useVideoConfig", () => ({
    ...timeline.config, id: "clapper-scene", defaultProps: {}, props: {}, defaultCodec: null,
    defaultOutName: null, defaultVideoImageFormat: null, defaultPixelFormat: null, defaultProResProfile: null,
  })),
  useCurrentScale: hook("useCurrentScale", () => 1),
  usePixelDensity: hook("usePixelDensity", () => 1),
  useBufferState: hook("useBufferState", () => ({ delayPlayback: () => ({ unblock() {} }) })),
};

/** Every other export of the pinned remotion: components render their children, functions return undefined. */
function fillRest(target) {
  for (const name of REMOTION_EXPORTS) {
    if (name in target) continue;
    target[name] = /^[A-Z][a-z]/.test(name) ? passThrough(name) : /^[A-Z_]+$/.test(name) ? name : () => undefined;
  }
  return target;
}

export const Remotion = fillRest(implemented);
