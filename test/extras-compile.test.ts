// compileMeta.assets from tokens, and the extras as provided window globals (no warning; version 2 → Extras.X).
import { describe, expect, test } from "bun:test";
import { compileScene } from "../src/compiler/index.ts";

const SCENE = `const { AbsoluteFill } = window.Remotion;
const { loadFont } = window.RemotionGoogleFonts;
// "mdi:comment-only" must not count, nor loadFont("Comic") in a comment
/* <Icon icon="logos:commented" /> */
const { fontFamily } = loadFont("Inter", { weights: ["700", 400], subsets: ["latin"] });
loadFont("open sans");
const ICONS = ["mdi:home", "simple-icons:github", "mdi:home", "unknownset:thing", "http://example.com"];
export default function Scene() {
  return (
    <AbsoluteFill style={{ fontFamily }}>
      <window.IconifyIcon icon="mdi:rocket" width={64} />
      <window.IconifyIcon icon="material-symbols:star-rounded" />
      text mdi:in-jsx-text
      {ICONS.length}
    </AbsoluteFill>
  );
}
`;

function compileOk(tsx: string, version: 1 | 2) {
  const result = compileScene(tsx, { version, cache: false });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe("compileMeta.assets", () => {
  test("icons of known sets and loadFont calls, sorted and unique; comments, JSX text and unknown sets ignored", () => {
    for (const version of [1, 2] as const) {
      expect(compileOk(SCENE, version).meta.assets).toEqual({
        icons: ["material-symbols:star-rounded", "mdi:home", "mdi:rocket", "simple-icons:github"],
        fonts: [
          { family: "Inter", weights: [400, 700] },
          { family: "Open Sans", weights: null },
        ],
      });
    }
  });

  test("several loadFont calls merge their weights; a call without weights means every weight", () => {
    const tsx = `const f = window.RemotionGoogleFonts;
f.loadFont("Roboto", { weights: ["300"] });
f.loadFont("Roboto", { weights: [900, "bold"] });
f.loadFont("Poppins", { weights: ["400"] });
f.loadFont("Poppins");
f.loadFont("Comic Neue", { weights: WEIGHTS });
export default () => null;`;
    expect(compileOk(tsx, 1).meta.assets!.fonts).toEqual([
      { family: "Comic Neue", weights: null },
      { family: "Poppins", weights: null },
      { family: "Roboto", weights: [300, 700, 900] },
    ]);
  });

  test("a scene without extras has empty assets; a failed compile has none", () => {
    expect(compileOk("export default () => null;", 1).meta.assets).toEqual({ icons: [], fonts: [] });
    const failed = compileScene("export default () => <div>", { cache: false });
    expect(failed.ok).toBe(false);
    expect(failed.meta.assets).toBeUndefined();
  });
});

describe("extras as provided globals", () => {
  test("window.IconifyIcon and window.RemotionGoogleFonts raise no warning; an unknown global still does", () => {
    const tsx = `const I = window.IconifyIcon; const G = window.RemotionGoogleFonts; const T = window.THREE;
export default () => null;`;
    for (const version of [1, 2] as const) {
      const { meta } = compileOk(tsx, version);
      expect(meta.warnings).toHaveLength(1);
      expect(meta.warnings[0]).toContain("window.THREE is not provided");
    }
  });

  test("version 2 reads extras from the Extras parameter; version 1 keeps window.X", () => {
    const tsx = `export default () => <window.IconifyIcon icon="mdi:rocket" />;`;
    expect(compileOk(tsx, 2).js).toContain("Extras.IconifyIcon");
    expect(compileOk(tsx, 2).js).not.toContain("window.IconifyIcon");
    expect(compileOk(tsx, 1).js).toContain("window.IconifyIcon");
    const nested = `export default () => <window.Remotion.AbsoluteFill><window.IconifyIcon icon="mdi:home"></window.IconifyIcon></window.Remotion.AbsoluteFill>;`;
    const v2 = compileOk(nested, 2).js;
    expect(v2).not.toContain("window");
    expect(v2).toContain("React.createElement(Remotion.AbsoluteFill");
    expect(v2).toContain("React.createElement(Extras.IconifyIcon");
  });
});

describe("a deployment extra's asset provider (compile side)", () => {
  test("string literals it claims land in assets.extras; built-in output has no extras key", async () => {
    const { parse } = await import("sucrase/dist/esm/parser");
    const { HelperManager } = await import("sucrase/dist/esm/HelperManager");
    const NameManager = (await import("sucrase/dist/esm/NameManager")).default;
    const TokenProcessor = (await import("sucrase/dist/esm/TokenProcessor")).default;
    const { collectAssets } = await import("../src/compiler/assets.ts");
    const { EXTRAS } = await import("../src/runtime/extras/index.ts");
    const tsx = `const a = <window.Avatar id="avatar:ada" />; const b = ["avatar:bob", "avatar:ada", "mdi:home"]; // "avatar:comment"`;
    const file = parse(tsx, true, true, false);
    const tokens = new TokenProcessor(tsx, file.tokens, false, true, new HelperManager(new NameManager(tsx, file.tokens)));
    const avatar = { name: "Avatar", create: () => null, isAsset: (literal: string) => literal.startsWith("avatar:") };
    expect(collectAssets(tokens, [...EXTRAS, avatar])).toEqual({
      icons: ["mdi:home"],
      fonts: [],
      extras: { Avatar: ["avatar:ada", "avatar:bob"] },
    });
    expect(collectAssets(tokens)).toEqual({ icons: ["mdi:home"], fonts: [] });
  });
});
