// The runtime extras (src/runtime/extras/README.md) as the isolate sees them: an icon component that
// checks its `icon` prop and renders nothing further, and a font loader that answers the family name.

import { React } from "./react.js";

function IconifyIcon(props) {
  if (typeof props.icon !== "string" && (typeof props.icon !== "object" || props.icon === null)) {
    throw new TypeError(`<IconifyIcon> needs an "icon" prop like "mdi:rocket", got ${props.icon === undefined ? "undefined" : typeof props.icon}.`);
  }
  return null;
}

function loadFont(family, options) {
  if (typeof family !== "string" || family.trim() === "") {
    throw new TypeError(`loadFont() needs a font family name, got ${typeof family}.`);
  }
  return {
    fontFamily: family,
    fonts: {},
    unicodeRanges: {},
    waitUntilDone: () => Promise.resolve(),
    weights: options && options.weights,
  };
}

export const Extras = {
  React,
  IconifyIcon,
  RemotionGoogleFonts: { loadFont },
};
