// `IconifyIcon`: renders an icon the page delivered as inline SVG; an unknown icon is an empty box of the same size.

import { unknownIconWarning } from "./catalog.ts";
import type { IconData, ReactLike } from "./types.ts";

export interface IconifyIconProps {
  icon?: unknown;
  width?: number | string;
  height?: number | string;
  color?: string;
  style?: Record<string, unknown>;
  className?: string;
  [other: string]: unknown;
}

type Size = number | string;

/** Iconify's sizing: neither given → 1em high; one given → the other follows the icon's aspect ratio. */
export function iconSize(width: Size | undefined, height: Size | undefined, ratio: number): { width: Size; height: Size } {
  const scale = (size: Size, factor: number): Size => {
    if (typeof size === "number") return Math.round(size * factor * 1000) / 1000;
    const match = /^(\d*\.?\d+)([a-z%]*)$/i.exec(size.trim());
    return match ? `${Math.round(Number(match[1]) * factor * 1000) / 1000}${match[2]}` : size;
  };
  if (width !== undefined && height !== undefined) return { width, height };
  if (width !== undefined) return { width, height: scale(width, 1 / ratio) };
  const h = height ?? "1em";
  return { width: scale(h, ratio), height: h };
}

export function createIconifyIcon(React: ReactLike, icons: Record<string, IconData>, warn: (message: string) => void) {
  const warned = new Set<string>();
  function IconifyIcon(props: IconifyIconProps) {
    const { icon, width, height, color, style, ...rest } = props;
    const name = typeof icon === "string" ? icon : String(icon);
    const data = Object.hasOwn(icons, name) ? icons[name] : undefined;
    const size = iconSize(width, height, data ? data.width / data.height : 1);
    const css = { display: "inline-block", verticalAlign: "-0.125em", ...(color ? { color } : {}), ...style };
    if (!data) {
      if (!warned.has(name)) {
        warned.add(name);
        warn(unknownIconWarning(name));
      }
      return React.createElement("span", { ...rest, "data-icon-missing": name, style: { ...css, width: size.width, height: size.height } });
    }
    return React.createElement("svg", {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `${data.left ?? 0} ${data.top ?? 0} ${data.width} ${data.height}`,
      role: "img",
      "aria-hidden": true,
      ...rest,
      "data-icon": name,
      width: size.width,
      height: size.height,
      style: css,
      // The body comes from the installed icon sets via our own server, never from scene input.
      dangerouslySetInnerHTML: { __html: data.body },
    });
  }
  return IconifyIcon;
}
