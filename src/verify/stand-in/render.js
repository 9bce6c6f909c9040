// A single synchronous render of an element tree: function components are called (hooks enabled),
// class components instantiated, context providers scoped, TIMELINE elements re-time their subtree.

import { CONSUMER, CONTEXT, ELEMENT, FORWARD_REF, FRAGMENT, LAZY, MEMO, hookState } from "./react.js";
import { TIMELINE, timeline } from "./timeline.js";

/** Calls one function/class component with hooks enabled; returns what it rendered. */
export function callComponent(type, props) {
  if (type.prototype && type.prototype.isReactComponent) {
    const instance = new type(props);
    instance.props = props;
    return instance.render();
  }
  const outer = hookState.active;
  hookState.active = true;
  try {
    return type(props);
  } finally {
    hookState.active = outer;
  }
}

function renderChildren(children, count) {
  if (Array.isArray(children)) for (const child of children) count = renderNode(child, count);
  else count = renderNode(children, count);
  return count;
}

function withContext(context, value, children, count) {
  const had = hookState.contexts.has(context);
  const previous = hookState.contexts.get(context);
  hookState.contexts.set(context, value);
  try {
    return renderChildren(children, count);
  } finally {
    if (had) hookState.contexts.set(context, previous);
    else hookState.contexts.delete(context);
  }
}

function withFrame(frame, children, count) {
  if (frame === null) return count; // outside its Sequence: not mounted, as in Remotion
  const previous = timeline.frame;
  timeline.frame = frame;
  try {
    return renderChildren(children, count);
  } finally {
    timeline.frame = previous;
  }
}

function renderElement(element, count) {
  const { type, props } = element;
  if (typeof type === "string") return renderChildren(props.children, count + 1);
  if (typeof type === "function") return renderNode(callComponent(type, props), count + 1);
  if (type === FRAGMENT) return renderChildren(props.children, count);
  if (type === TIMELINE) return withFrame(props.frame, props.children, count);
  if (type && type.$$typeof === MEMO) return renderElement({ ...element, type: type.type }, count);
  if (type && type.$$typeof === FORWARD_REF) {
    const render = type.render;
    return renderNode(callComponent((p) => render(p, p.ref ?? null), props), count + 1);
  }
  if (type && type.$$typeof === CONTEXT) return withContext(type, props.value, props.children, count);
  if (type && type.$$typeof === CONSUMER) {
    const context = type._context;
    const value = hookState.contexts.has(context) ? hookState.contexts.get(context) : context._defaultValue;
    return renderNode(props.children(value), count);
  }
  if (type && type.$$typeof === LAZY) return count; // suspends in React: renders its fallback
  throw new Error(`Element type is invalid: expected a string (for built-in components) or a class/function (for composite components) but got: ${typeof type}.`);
}

/** Renders a node; returns how many elements were rendered so far. */
export function renderNode(node, count) {
  if (node === null || node === undefined || typeof node === "boolean") return count;
  if (typeof node === "string" || typeof node === "number" || typeof node === "bigint") return count;
  if (Array.isArray(node)) return renderChildren(node, count);
  if (typeof node === "object" && node.$$typeof === ELEMENT) return renderElement(node, count);
  if (typeof node === "object" && typeof node.then === "function") return count;
  throw new Error(
    `Objects are not valid as a React child (found: ${typeof node === "object" ? `object with keys {${Object.keys(node).join(", ")}}` : typeof node}). If you meant to render a collection of children, use an array instead.`,
  );
}
