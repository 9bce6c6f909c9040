// A scene that uses `spring` without binding it: compiled through the API (autofixed), verified OK in the
// isolate, and played by the real Remotion Player in the sandboxed preview under both artifact versions.

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { BrowserContext } from "playwright-core";
import { spring } from "remotion";
import { createVerifier } from "../src/verify";
import {
  createScene,
  startBrowserSession,
  waitForStage,
  watchConsole,
  type PreviewServer,
  type BrowserSession,
} from "./preview-harness.ts";

const UNBOUND_SPRING = `const { AbsoluteFill, useCurrentFrame, useVideoConfig } = window.Remotion;

export default function Bounce() {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const scale = spring({ frame, fps, config: { damping: 12 } });
  return (
    <AbsoluteFill style={{ background: "#111", color: "white", fontSize: 60, justifyContent: "center", alignItems: "center" }}>
      <div style={{ transform: \`scale(\${scale})\` }}>spring={scale.toFixed(4)}</div>
    </AbsoluteFill>
  );
}
`;

let session: BrowserSession;
let server: PreviewServer;
let context: BrowserContext;
const verifier = createVerifier({ workers: 1 });

beforeAll(async () => {
  session = await startBrowserSession();
  ({ server, context } = session);
}, 60_000);

afterAll(async () => {
  await verifier.close();
  await session?.close();
});

async function sceneJson(id: string): Promise<{ js: string; compileMeta: { autofixes: unknown[] } }> {
  const response = await fetch(`${server.baseUrl}/api/scenes/${id}`, { headers: { authorization: `Bearer ${server.token}` } });
  return ((await response.json()) as { scene: { js: string; compileMeta: { autofixes: unknown[] } } }).scene;
}

for (const version of [1, 2] as const) {
  test(`v${version}: unbound spring compiles, is autofixed, verifies OK and plays in the preview`, async () => {
    const created = await createScene(server, { name: `Bounce v${version}`, tsx: UNBOUND_SPRING, durationInFrames: 60, fps: 30 });
    if (version === 2) {
      const recompiled = await fetch(`${server.baseUrl}/api/scenes/${created.id}/compile`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
        body: JSON.stringify({ version: 2 }),
      });
      expect(recompiled.status).toBe(200);
    }
    const scene = await sceneJson(created.id);
    expect(scene.compileMeta.autofixes).toEqual([{ kind: "bind-remotion", name: "spring" }]);
    expect(scene.js.split("\n")[0]).toContain("const { spring } =");

    const verified = await verifier.verify(scene.js, version, { durationInFrames: 60, fps: 30, width: 1920, height: 1080 });
    expect(verified).toMatchObject({ ok: true, frames: [0, 29, 59] });

    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${server.baseUrl}/scenes/${created.id}/preview?frame=20`);
    await waitForStage(page, "ready");
    const sandbox = page.frames().find((f) => f.url().endsWith("/sandbox"))!;
    const expected = `spring=${spring({ frame: 20, fps: 30, config: { damping: 12 } }).toFixed(4)}`;
    await sandbox.getByText(expected).first().waitFor({ state: "visible", timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
}
