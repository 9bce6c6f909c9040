// The extras as the frame builds them: IconifyIcon's markup and sizing, loadFont's fallback, and the v1/v2 exposure.
import { describe, expect, test } from "bun:test";
import * as React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { loadSceneComponent } from "../src/runtime/artifact.ts";
import { iconSize } from "../src/runtime/extras/iconify.ts";
import { createExtras, EXTRA_NAMES, type DeliveredAssets } from "../src/runtime/extras/index.ts";
import { compileScene } from "../src/compiler/index.ts";

const ROCKET = { body: '<path fill="currentColor" d="M1 2z"/>', width: 24, height: 24 };

function build(assets: DeliveredAssets) {
  const warnings: string[] = [];
  const pending: Promise<unknown>[] = [];
  const handles: number[] = [];
  const Remotion = { delayRender: () => handles.push(handles.length) - 1, continueRender: (h: number) => handles.splice(handles.indexOf(h), 1) };
  const extras = createExtras({ React, Remotion, assets, warn: (m) => warnings.push(m), beforeFirstFrame: (w) => pending.push(w) });
  return { extras, warnings, pending, handles };
}

describe("IconifyIcon", () => {
  test("inline SVG with the icon's view box and body; color becomes currentColor; size from width", () => {
    const { extras, warnings } = build({ icons: { "mdi:rocket": ROCKET }, fonts: [] });
    const html = renderToStaticMarkup(React.createElement(extras.IconifyIcon as React.FC<any>, { icon: "mdi:rocket", width: 64, color: "red" }));
    expect(html).toContain('viewBox="0 0 24 24"');
    expect(html).toContain('width="64" height="64"');
    expect(html).toContain("color:red");
    expect(html).toContain('<path fill="currentColor" d="M1 2z"/>');
    expect(warnings).toEqual([]);
  });

  test("an unknown icon is an empty box of the requested size and one warning however often it renders", () => {
    const { extras, warnings } = build({ icons: {}, fonts: [] });
    const element = React.createElement(extras.IconifyIcon as React.FC<any>, { icon: "mdi:nope", width: 30, height: 40 });
    const html = renderToStaticMarkup(React.createElement(React.Fragment, null, element, element));
    expect(html).toContain("width:30px;height:40px");
    expect(html).not.toContain("<svg");
    expect(warnings).toEqual(['Unknown icon "mdi:nope": rendered as an empty box']);
  });

  test("sizing follows Iconify: 1em high by default, the other side by aspect ratio", () => {
    expect(iconSize(undefined, undefined, 2)).toEqual({ width: "2em", height: "1em" });
    expect(iconSize(100, undefined, 2)).toEqual({ width: 100, height: 50 });
    expect(iconSize(undefined, "3rem", 0.5)).toEqual({ width: "1.5rem", height: "3rem" });
  });
});

describe("RemotionGoogleFonts", () => {
  test("an unknown family falls back to sans-serif with a warning; a known one not delivered warns too", async () => {
    const { extras, warnings, handles } = build({ icons: {}, fonts: [] });
    const fonts = extras.RemotionGoogleFonts as { loadFont: (f: unknown, o?: object) => { fontFamily: string; waitUntilDone(): Promise<void> } };
    expect(fonts.loadFont("Comic Nonexistent").fontFamily).toBe("sans-serif");
    const inter = fonts.loadFont("inter", { weights: ["700"] });
    expect(inter.fontFamily).toBe("Inter");
    await inter.waitUntilDone();
    expect(handles).toEqual([]); // every delayRender was continued
    expect(warnings).toEqual([
      'Unknown font family "Comic Nonexistent": using the system sans-serif',
      "Font Inter weight 700 was not delivered to the frame: the browser substitutes the nearest",
    ]);
  });
});

describe("exposure by artifact version", () => {
  const tsx = `export default () => <div>{typeof window.IconifyIcon}/{typeof window.RemotionGoogleFonts.loadFont}</div>;`;
  for (const version of [1, 2] as const) {
    test(`version ${version} reaches the extras (${version === 1 ? "window.X" : "Extras.X"})`, () => {
      const compiled = compileScene(tsx, { version, cache: false });
      if (!compiled.ok) throw new Error(compiled.error.message);
      const { extras } = build({ icons: {}, fonts: [] });
      const host = globalThis as Record<string, unknown>;
      const saved = [...EXTRA_NAMES, "Remotion", "React"].map((name) => [name, host[name]] as const);
      const hadWindow = "window" in host;
      if (!hadWindow) host.window = globalThis;
      try {
        // Version 2 must not depend on globals: clear them before running it.
        for (const name of EXTRA_NAMES) delete host[name];
        const Scene = loadSceneComponent(compiled.js, version, { Remotion: {}, React, extras });
        expect(renderToStaticMarkup(React.createElement(Scene as React.FC))).toBe("<div>function/function</div>");
        if (version === 2) expect(host.IconifyIcon).toBeUndefined();
      } finally {
        for (const [name, value] of saved) if (value === undefined) delete host[name]; else host[name] = value;
        if (!hadWindow) delete host.window;
      }
    });
  }
});

describe("the page's union of the scenes' assets (project previews ask once)", () => {
  test("icons unique and sorted; weights unioned, and 'every weight' wins; deployment extras merged", async () => {
    const { mergeAssets } = await import("../src/client/scene-api.ts");
    expect(
      mergeAssets([
        { icons: ["mdi:rocket", "logos:bun"], fonts: [{ family: "Inter", weights: [700] }, { family: "Roboto", weights: [300] }] },
        undefined,
        { icons: ["mdi:rocket"], fonts: [{ family: "Inter", weights: [400] }, { family: "Roboto", weights: null }], extras: { Avatar: ["b", "a"] } },
      ]),
    ).toEqual({
      icons: ["logos:bun", "mdi:rocket"],
      fonts: [{ family: "Inter", weights: [400, 700] }, { family: "Roboto", weights: null }],
      extras: { Avatar: ["a", "b"] },
    });
    expect(mergeAssets([undefined])).toEqual({ icons: [], fonts: [] });
  });
});
