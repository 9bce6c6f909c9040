// React's element and hook surface for one synchronous render inside the isolate. Elements are plain
// objects; hooks are valid only while a component renders (as in React, a hook outside one throws);
// effects are checked but not run (no DOM to commit to).

export const ELEMENT = Symbol.for("react.element");
export const FRAGMENT = Symbol.for("react.fragment");
export const MEMO = Symbol.for("react.memo");
export const FORWARD_REF = Symbol.for("react.forward_ref");
export const CONTEXT = Symbol.for("react.context");
export const CONSUMER = Symbol.for("react.consumer");
export const LAZY = Symbol.for("react.lazy");

/** Set by the renderer while a function component runs; hooks read it. */
export const hookState = { active: false, contexts: new Map(), ids: 0 };

function requireRender(name) {
  if (!hookState.active) {
    throw new Error(
      `Invalid hook call: ${name} was called outside the body of a function component. Hooks can only be called inside of the body of a function component.`,
    );
  }
}

export function hook(name, fn) {
  return function (...args) {
    requireRender(name);
    return fn(...args);
  };
}

function createElement(type, config, ...children) {
  if (type === undefined || type === null || (typeof type !== "string" && typeof type !== "function" && typeof type !== "object" && typeof type !== "symbol")) {
    throw new Error(
      `Element type is invalid: expected a string (for built-in components) or a class/function (for composite components) but got: ${type === null ? "null" : typeof type}.`,
    );
  }
  const props = {};
  let key = null;
  if (config != null) {
    for (const k in config) {
      if (k === "key") key = config.key == null ? null : String(config.key);
      else if (k !== "__self" && k !== "__source") props[k] = config[k];
    }
  }
  if (children.length === 1) props.children = children[0];
  else if (children.length > 1) props.children = children;
  if (type && type.defaultProps) {
    for (const k in type.defaultProps) if (props[k] === undefined) props[k] = type.defaultProps[k];
  }
  return { $$typeof: ELEMENT, type, key, props };
}

function isValidElement(x) {
  return typeof x === "object" && x !== null && x.$$typeof === ELEMENT;
}

function cloneElement(element, config, ...children) {
  if (!isValidElement(element)) throw new Error(`The argument must be a React element, but you passed ${element}.`);
  const props = { ...element.props };
  let key = element.key;
  if (config != null) for (const k in config) if (k === "key") key = String(config.key); else props[k] = config[k];
  if (children.length === 1) props.children = children[0];
  else if (children.length > 1) props.children = children;
  return { $$typeof: ELEMENT, type: element.type, key, props };
}

function flatten(children, out) {
  if (children === null || children === undefined || typeof children === "boolean") return out;
  if (Array.isArray(children)) for (const c of children) flatten(c, out);
  else out.push(children);
  return out;
}

const Children = {
  toArray: (children) => flatten(children, []),
  map: (children, fn) => (children == null ? children : flatten(children, []).map((c, i) => fn(c, i))),
  forEach: (children, fn) => { flatten(children, []).forEach((c, i) => fn(c, i)); },
  count: (children) => flatten(children, []).length,
  only: (children) => {
    if (!isValidElement(children)) throw new Error("React.Children.only expected to receive a single React element child.");
    return children;
  },
};

function createContext(defaultValue) {
  const context = { $$typeof: CONTEXT, _defaultValue: defaultValue, displayName: undefined };
  context.Provider = context;
  context.Consumer = { $$typeof: CONSUMER, _context: context };
  return context;
}

function readContext(context) {
  if (!context || context.$$typeof !== CONTEXT) throw new Error("useContext expects a context object created by createContext().");
  return hookState.contexts.has(context) ? hookState.contexts.get(context) : context._defaultValue;
}

function checkEffect(name) {
  return hook(name, (effect) => {
    if (typeof effect !== "function") throw new Error(`${name} received a final argument that is not a function (got ${typeof effect}).`);
  });
}

class Component {
  constructor(props, context) {
    this.props = props;
    this.context = context;
    this.state = this.state ?? null;
    this.refs = {};
  }
  setState() {}
  forceUpdate() {}
}
Component.prototype.isReactComponent = {};
class PureComponent extends Component {}

export const React = {
  version: "19.3.1",
  createElement,
  cloneElement,
  isValidElement,
  Children,
  Fragment: FRAGMENT,
  StrictMode: FRAGMENT,
  Suspense: FRAGMENT,
  Profiler: FRAGMENT,
  Component,
  PureComponent,
  createContext,
  createRef: () => ({ current: null }),
  memo: (type, compare) => ({ $$typeof: MEMO, type, compare: compare ?? null }),
  forwardRef: (render) => {
    if (typeof render !== "function") throw new Error(`forwardRef requires a render function but was given ${typeof render}.`);
    return { $$typeof: FORWARD_REF, render };
  },
  lazy: (load) => ({ $$typeof: LAZY, load }),
  startTransition: (fn) => fn(),
  useState: hook("useState", (init) => [typeof init === "function" ? init() : init, () => {}]),
  useReducer: hook("useReducer", (reducer, arg, init) => [init ? init(arg) : arg, () => {}]),
  useMemo: hook("useMemo", (fn) => fn()),
  useCallback: hook("useCallback", (fn) => fn),
  useRef: hook("useRef", (value) => ({ current: value })),
  useContext: hook("useContext", readContext),
  use: hook("use", (x) => (x && x.$$typeof === CONTEXT ? readContext(x) : undefined)),
  useEffect: checkEffect("useEffect"),
  useLayoutEffect: checkEffect("useLayoutEffect"),
  useInsertionEffect: checkEffect("useInsertionEffect"),
  useImperativeHandle: hook("useImperativeHandle", () => {}),
  useDebugValue: hook("useDebugValue", () => {}),
  useId: hook("useId", () => `:r${(hookState.ids++).toString(36)}:`),
  useTransition: hook("useTransition", () => [false, (fn) => fn()]),
  useDeferredValue: hook("useDeferredValue", (value) => value),
  useSyncExternalStore: hook("useSyncExternalStore", (subscribe, getSnapshot) => getSnapshot()),
  useOptimistic: hook("useOptimistic", (value) => [value, () => {}]),
  useActionState: hook("useActionState", (action, initial) => [initial, () => {}, false]),
};
