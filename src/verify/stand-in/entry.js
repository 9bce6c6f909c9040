// Evaluated once per isolate context: installs the stand-in runtime and one frozen global,
// `__clapper.run(factory, version, configJson)`, which loads the scene factory and renders the
// component at the requested frames. Its answer is a JSON string the host parses.

import { Extras } from "./extras.js";
import { installBrowserGlobals } from "./globals.js";
import { React, hookState } from "./react.js";
import { Remotion } from "./remotion.js";
import { callComponent, renderNode } from "./render.js";
import { timeline } from "./timeline.js";

const g = globalThis;
installBrowserGlobals(g);

function deepFreeze(value, seen) {
  if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return value;
  seen.add(value);
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && "value" in d) deepFreeze(d.value, seen);
  }
  return value;
}
const frozen = new Set();
deepFreeze(Remotion, frozen);
deepFreeze(Extras, frozen);

for (const [name, value] of [["Remotion", Remotion], ["React", React], ["IconifyIcon", Extras.IconifyIcon], ["RemotionGoogleFonts", Extras.RemotionGoogleFonts]]) {
  Object.defineProperty(g, name, { value, writable: false, configurable: false, enumerable: true });
}

const BASELINE_GLOBALS = new Set(Reflect.ownKeys(g));

// Built-ins a scene could redefine to change how later scenes behave; a change makes the host rebuild
// the context. Captured with the original functions so the check itself cannot be redirected.
const ownKeys = Reflect.ownKeys;
const describeOwn = Object.getOwnPropertyDescriptor;
const is = Object.is;
const INTRINSICS = [Object, Object.prototype, Array, Array.prototype, Function.prototype, String.prototype, Number.prototype,
  Boolean.prototype, Symbol.prototype, Math, JSON, Reflect, Promise.prototype, Map.prototype, Set.prototype, Date.prototype,
  RegExp.prototype, Error.prototype, Number, String, Date];
function snapshot(target) {
  const keys = ownKeys(target);
  const values = [];
  for (let i = 0; i < keys.length; i++) {
    const d = describeOwn(target, keys[i]);
    values.push(d.value, d.get, d.set);
  }
  return { keys: keys.length, values };
}
const SNAPSHOTS = INTRINSICS.map(snapshot);
function tampered() {
  for (let i = 0; i < INTRINSICS.length; i++) {
    const now = snapshot(INTRINSICS[i]);
    const then = SNAPSHOTS[i];
    if (now.keys !== then.keys) return true;
    // Object.is, not !==: Number.NaN is never !== itself, which would spoil every context.
    for (let j = 0; j < now.values.length; j++) if (!is(now.values[j], then.values[j])) return true;
  }
  return false;
}

/** Globals a scene added (assignments to window.X / undeclared names) are removed between scenes. */
function resetGlobals() {
  for (const key of Reflect.ownKeys(g)) if (!BASELINE_GLOBALS.has(key)) delete g[key];
}

function isComponent(value) {
  if (typeof value === "function") return true;
  return typeof value === "object" && value !== null && (value.$$typeof === Symbol.for("react.memo") || value.$$typeof === Symbol.for("react.forward_ref"));
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

function unwrap(type) {
  if (typeof type === "object" && type.$$typeof === Symbol.for("react.memo")) return unwrap(type.type);
  if (typeof type === "object" && type.$$typeof === Symbol.for("react.forward_ref")) return type.render;
  return type;
}

function failure(error, frame, extra) {
  const e = error instanceof Error ? error : new Error(`Uncaught ${describe(error)}: ${String(error)}`);
  return JSON.stringify({ ok: false, frame, message: `${e.name && e.name !== "Error" ? e.name + ": " : ""}${e.message}`, stack: String(e.stack || ""), ...extra });
}

function renderFrame(component, frame) {
  timeline.frame = frame;
  hookState.contexts = new Map();
  hookState.ids = 0;
  const fn = unwrap(component);
  const rendered = callComponent(fn, {});
  if (rendered === undefined) {
    const name = fn.name || "the scene component";
    const error = new Error(`${name} returned undefined: the component renders nothing (missing return statement?)`);
    return { error, at: { line: fn.lineNumber, column: fn.columnNumber } };
  }
  renderNode(rendered, 1);
  return null;
}

/** The frame being rendered (null while the factory runs); read by the host after an interrupt. */
let renderingFrame = null;

function run(factory, version, configJson) {
  renderingFrame = null;
  resetGlobals();
  timeline.config = JSON.parse(configJson);
  let component;
  try {
    component = version === 1 ? factory() : factory(Remotion, Extras);
  } catch (error) {
    return failure(error, null);
  }
  if (!isComponent(component)) {
    return failure(new Error(`Scene code returned ${describe(component)} instead of a component function`), null);
  }
  const last = Math.max(0, timeline.config.durationInFrames - 1);
  const frames = [...new Set([0, Math.floor(last / 2), last])];
  const rendered = [];
  for (const frame of frames) {
    renderingFrame = frame;
    try {
      const result = renderFrame(component, frame);
      if (result) return failure(result.error, frame, { frames: rendered, line: result.at.line, column: result.at.column });
    } catch (error) {
      return failure(error, frame, { frames: rendered });
    }
    rendered.push(frame);
  }
  return JSON.stringify({ ok: true, frames, tampered: tampered() });
}

Object.defineProperty(g, "__clapper", { value: Object.freeze({ run, frame: () => renderingFrame }), writable: false, configurable: false, enumerable: false });
