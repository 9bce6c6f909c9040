// Hostile scene code inside the sandboxed preview, in real Chromium against a real server: it cannot
// write runtime events for other scenes, cannot flood them for its own, and cannot send WebRTC (STUN)
// packets out of the frame.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { BrowserContext } from "playwright-core";
import { listRuntimeEvents } from "../src/db/queries.ts";
import {
  createScene,
  startBrowserSession,
  waitForStage,
  type PreviewServer,
  type BrowserSession,
} from "./preview-harness.ts";

let session: BrowserSession;
let server: PreviewServer;
let context: BrowserContext;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ server, context } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

/** Scene code that, at load, posts hundreds of error reports: about another scene and about itself. */
function forgingScene(victimId: string): string {
  return `const { AbsoluteFill } = window.Remotion;
for (let generation = 1; generation <= 3; generation++) {
  for (let i = 0; i < 200; i++) {
    const base = { type: "error", generation, line: null, column: null, phase: "render" };
    window.parent.postMessage({ ...base, sceneId: ${JSON.stringify(victimId)}, message: "forged " + i }, "*");
    window.parent.postMessage({ ...base, sceneId: null, message: "spam " + i }, "*");
    window.parent.postMessage({ type: "frame", generation, frame: 1e9 + i, playing: true, sceneId: null }, "*");
    window.parent.postMessage({ type: "ready", generation, compiledInBrowser: [], durationInFrames: 1e9 }, "*");
  }
}
export default function Forger() {
  return <AbsoluteFill style={{ background: "white" }}>forger</AbsoluteFill>;
}
`;
}

test("a scene's frame cannot record events for another scene, nor flood its own", async () => {
  const victim = await createScene(server, { name: "Victim", tsx: `export default function V() { return <div>victim</div>; }` });
  const forger = await createScene(server, { name: "Forger", tsx: forgingScene(victim.id) });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/scenes/${forger.id}/preview`);
  await waitForStage(page, "error");
  await Bun.sleep(1500);
  expect(await listRuntimeEvents(server.db, victim.id)).toEqual([]);
  const own = await listRuntimeEvents(server.db, forger.id);
  expect(own.length).toBeLessThanOrEqual(10);
  const stage = page.locator("[data-preview-stage]").first();
  expect(Number(await stage.getAttribute("data-rejected-messages"))).toBeGreaterThanOrEqual(200);
  // The forged frame counters never reached the page.
  expect(Number((await stage.getAttribute("data-current-frame")) ?? 0)).toBeLessThan(1e9);
  await page.close();
}, 60_000);

/** Scene code that opens RTCPeerConnections (directly, and from a fresh about:blank frame) to a STUN server. */
function webrtcScene(port: number): string {
  return `const { AbsoluteFill } = window.Remotion;
function probe(w: any): string {
  try {
    const Ctor = w.RTCPeerConnection || w.webkitRTCPeerConnection;
    if (!Ctor) return "absent";
    const pc = new Ctor({ iceServers: [{ urls: "stun:127.0.0.1:${port}" }] });
    pc.createDataChannel("x");
    pc.createOffer().then((o: any) => pc.setLocalDescription(o)).catch(() => {});
    return "created";
  } catch (e) {
    return "blocked:" + (e as Error).name;
  }
}
const direct = probe(window);
let viaFrame = "none";
try {
  const f = document.createElement("iframe");
  document.documentElement.appendChild(f);
  viaFrame = probe(f.contentWindow);
} catch (e) {
  viaFrame = "blocked:" + (e as Error).name;
}
export default function Rtc() {
  return <AbsoluteFill style={{ background: "white" }}>{"direct=" + direct + " frame=" + viaFrame}</AbsoluteFill>;
}
`;
}

test("a scene creating an RTCPeerConnection to a local STUN server sends no packet", async () => {
  let packets = 0;
  const udp = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0, socket: { data: () => void packets++ } });
  try {
    // Control: the same code on a page without our sandbox does reach the listener (the probe works).
    const control = await context.newPage();
    await control.goto("about:blank");
    await control.evaluate((port) => {
      const pc = new RTCPeerConnection({ iceServers: [{ urls: `stun:127.0.0.1:${port}` }] });
      pc.createDataChannel("x");
      return pc.createOffer().then((o) => pc.setLocalDescription(o));
    }, udp.port);
    for (let i = 0; i < 40 && packets === 0; i++) await Bun.sleep(100);
    expect(packets).toBeGreaterThan(0);
    await control.close();

    packets = 0;
    const scene = await createScene(server, { name: "WebRTC", tsx: webrtcScene(udp.port) });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/scenes/${scene.id}/preview`);
    await waitForStage(page, "ready");
    await Bun.sleep(3000);
    const frame = page.frames().find((f) => f.url().endsWith("/sandbox"))!;
    const text = await frame.locator("body").innerText();
    expect(packets).toBe(0);
    expect(text).toMatch(/direct=(absent|blocked)/);
    expect(text).toMatch(/frame=(absent|blocked|none)/);
    await page.close();
  } finally {
    udp.close();
  }
}, 60_000);
