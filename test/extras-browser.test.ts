// Runtime extras end to end in Debian's Chromium with the real Player: IconifyIcon and RemotionGoogleFonts in the
// sandboxed frame (versions 1 and 2), warnings for unknown icons and fonts, and no network use by the frame.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { BrowserContext, Frame, Page, Request } from "playwright-core";
import {
  createScene,
  recompileAs,
  sandboxFrameOf as sandboxFrame,
  startBrowserSession,
  watchConsole,
  type BrowserSession,
  type PreviewServer,
} from "./preview-harness.ts";

const mdi = await Bun.file(Bun.resolveSync("@iconify-json/mdi/icons.json", import.meta.dir)).json();
const ROCKET_PATH = /\sd="([^"]+)"/.exec(mdi.icons.rocket.body)![1];

const V1_SCENE = `const { AbsoluteFill } = window.Remotion;
const { fontFamily } = window.RemotionGoogleFonts.loadFont("Inter", { weights: ["400", "700"] });

export default function Launch() {
  return (
    <AbsoluteFill style={{ background: "white", justifyContent: "center", alignItems: "center" }}>
      <window.IconifyIcon icon="mdi:rocket" width={200} color="rgb(225, 29, 72)" />
      <h1 data-testid="headline" style={{ fontFamily, fontWeight: 700, fontSize: 96 }}>Liftoff Wwmm</h1>
    </AbsoluteFill>
  );
}
`;

/** Written for version 2: everything comes from the Remotion and Extras parameters. */
const V2_SCENE = `const { AbsoluteFill } = Remotion;
const { IconifyIcon, RemotionGoogleFonts } = Extras;
const { fontFamily } = RemotionGoogleFonts.loadFont("Inter", { weights: ["400", "700"] });

export default function Launch() {
  return (
    <AbsoluteFill style={{ background: "white", justifyContent: "center", alignItems: "center" }}>
      <IconifyIcon icon="mdi:rocket" width={200} color="rgb(225, 29, 72)" />
      <h1 data-testid="headline" style={{ fontFamily, fontWeight: 700, fontSize: 96 }}>Liftoff Wwmm</h1>
    </AbsoluteFill>
  );
}
`;

const UNKNOWN_SCENE = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
const { fontFamily } = window.RemotionGoogleFonts.loadFont("Comic Nonexistent");

export default function Broken() {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill style={{ background: "white", fontFamily }}>
      <window.IconifyIcon icon="mdi:definitely-not-an-icon" width={120} height={120} />
      <h1>Frame {frame}</h1>
    </AbsoluteFill>
  );
}
`;

let session: BrowserSession;
let server: PreviewServer;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(`${import.meta.dir}/artifacts`, { recursive: true });
  session = await startBrowserSession();
  ({ server, context } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

/** Opens a preview and records every request, with whether the sandboxed frame made it. */
async function openPreview(id: string): Promise<{ page: Page; errors: string[]; requests: { url: string; fromFrame: boolean }[] }> {
  const page = await context.newPage();
  const errors = watchConsole(page);
  const requests: { url: string; fromFrame: boolean }[] = [];
  page.on("request", (request: Request) => {
    requests.push({ url: request.url(), fromFrame: request.frame() !== page.mainFrame() });
  });
  await page.goto(`${server.baseUrl}/scenes/${id}/preview`);
  return { page, errors, requests };
}

/** Waits for the first frame; on an error or a timeout, says what the stage showed. */
async function waitReady(page: Page): Promise<void> {
  try {
    await page.locator('[data-preview-stage][data-state="ready"], [data-preview-stage][data-state="error"]').first().waitFor({ timeout: 30_000 });
  } catch (error) {
    throw new Error(`stage never became ready: state=${await page.locator("[data-preview-stage]").getAttribute("data-state")}`, { cause: error });
  }
  const state = await page.locator("[data-preview-stage]").getAttribute("data-state");
  if (state !== "ready") throw new Error(`stage is ${state}: ${await page.locator("[data-overlay-message]").textContent()}`);
}

/** What the frame's document says about the icon and the font, read inside the frame. */
async function inspectFrame(frame: Frame) {
  return frame.evaluate(async () => {
    const svg = document.querySelector('svg[data-icon="mdi:rocket"]');
    const headline = document.querySelector('[data-testid="headline"]') as HTMLElement | null;
    const width = (family: string) => {
      const probe = document.createElement("span");
      probe.textContent = "Liftoff Wwmm 0123456789";
      probe.style.cssText = `font: 700 64px ${family}; position: absolute; visibility: hidden; white-space: nowrap`;
      document.body.append(probe);
      const measured = probe.getBoundingClientRect().width;
      probe.remove();
      return measured;
    };
    return {
      path: svg?.querySelector("path")?.getAttribute("d") ?? null,
      svgWidth: svg?.getAttribute("width") ?? null,
      svgColor: svg ? getComputedStyle(svg).color : null,
      fontFamily: headline ? getComputedStyle(headline).fontFamily : null,
      check: document.fonts.check("700 64px Inter"),
      loadedFaces: [...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family}/${f.weight}`).sort(),
      // Inter as delivered lays text out differently from the system fallback.
      interWidth: width("Inter, monospace"),
      fallbackWidth: width("monospace"),
    };
  });
}

describe("extras in the preview", () => {
  for (const version of [1, 2] as const) {
    test(`version ${version}: the icon's SVG path and Inter are in the sandboxed frame before the first frame`, async () => {
      const scene = await createScene(server, { name: `Extras v${version}`, tsx: version === 1 ? V1_SCENE : V2_SCENE, durationInFrames: 60 });
      if (version === 2) await recompileAs(server, scene.id, 2);
      const { page, errors, requests } = await openPreview(scene.id);
      await waitReady(page);
      const seen = await inspectFrame(sandboxFrame(page));
      expect(seen.path).toBe(ROCKET_PATH);
      expect(seen.svgWidth).toBe("200");
      expect(seen.svgColor).toBe("rgb(225, 29, 72)");
      expect(seen.fontFamily).toBe("Inter");
      expect(seen.check).toBe(true);
      expect(seen.loadedFaces).toEqual(["Inter/400", "Inter/700"]);
      expect(Math.abs(seen.interWidth - seen.fallbackWidth)).toBeGreaterThan(5);
      expect(await page.locator("[data-preview-warnings] li").count()).toBe(0);

      // The page fetched exactly the listed assets once; the frame fetched nothing but its own document and bundles.
      const assetCalls = requests.filter((r) => r.url.includes("/api/extras/assets"));
      expect(assetCalls).toHaveLength(1);
      expect(assetCalls[0]!.fromFrame).toBe(false);
      expect(new URL(assetCalls[0]!.url).searchParams.getAll("icon")).toEqual(["mdi:rocket"]);
      expect(new URL(assetCalls[0]!.url).searchParams.getAll("font")).toEqual(["Inter:400,700"]);
      const frameRequests = requests.filter((r) => r.fromFrame).map((r) => new URL(r.url).pathname);
      expect(frameRequests.length).toBeGreaterThan(0);
      for (const path of frameRequests) expect(path).toMatch(/^\/(sandbox|build\/preview\/[\w-]+\.(js|css))$/);
      await page.screenshot({ path: `${import.meta.dir}/artifacts/extras-v${version}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  test("an unknown icon and font: the scene still plays, an empty box of the icon's size, warnings shown", async () => {
    const scene = await createScene(server, { name: "Unknown extras", tsx: UNKNOWN_SCENE, durationInFrames: 60 });
    const { page, errors, requests } = await openPreview(scene.id);
    await waitReady(page);
    const frame = sandboxFrame(page);
    const box = await frame.locator('[data-icon-missing="mdi:definitely-not-an-icon"]').boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(Math.round(box!.width)).toBe(Math.round(box!.height));
    const warnings = page.locator("[data-preview-warnings] li");
    await page.locator('[data-preview-stage][data-warning-count="2"]').waitFor({ timeout: 10_000 });
    expect((await warnings.allTextContents()).sort()).toEqual([
      'Unknown font family "Comic Nonexistent": using the system sans-serif',
      'Unknown icon "mdi:definitely-not-an-icon": rendered as an empty box',
    ]);
    expect(await page.locator("[data-preview-stage]").getAttribute("data-state")).toBe("ready");
    expect(await frame.evaluate(() => getComputedStyle(document.querySelector("h1")!.parentElement!).fontFamily)).toBe("sans-serif");
    // It plays: seeking renders later frames.
    await page.evaluate(() => (window as any).clapperPreview.seek(42));
    await frame.getByText("Frame 42").waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${import.meta.dir}/artifacts/extras-unknown.png` });
    expect(requests.filter((r) => r.fromFrame && !/\/(sandbox|build\/preview\/)/.test(r.url))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
