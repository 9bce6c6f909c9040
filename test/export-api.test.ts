// /api/exports and the export pages through app.request on both drivers: create (202), list, get, the download
// (content types, attachment name, ranges 206/416, 409 until done), cancel, delete (file gone), 404s as JSON,
// 503 export_unavailable when Chromium is missing, the /exports page and its polling fragment. No worker runs here:
// an export is taken through the queue's own claim → finish chunk → join → finish statements over a real file of
// known bytes, so these tests own every state (the real render is test/export-e2e.test.ts).

import { beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportConfigFromEnv } from "../src/config.ts";
import { addSceneFailure, claimChunk, claimJoin, finishChunk, finishExport } from "../src/db/queries.ts";
import { buildTestApp, TEST_ORIGIN, TEST_TOKEN, type TestApp } from "./helpers/app.ts";
import { describeEachDriver } from "./helpers/db.ts";

const TSX = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Api() { const f = useCurrentFrame(); return <AbsoluteFill style={{ backgroundColor: f ? "#111" : "#222" }} />; }`;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDriver("export API and pages", (ctx) => {
  let t: TestApp;
  let dir: string;
  let cookie = "";
  let scene: Record<string, any>;

  const browse = (path: string, init: RequestInit & { htmx?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    if (init.method === "POST") headers.set("origin", TEST_ORIGIN);
    if (init.body) headers.set("content-type", "application/x-www-form-urlencoded");
    if (init.htmx) headers.set("hx-request", "true");
    return t.app.request(`${TEST_ORIGIN}${path}`, { ...init, headers });
  };

  /** Queues a PNG export and finishes it over a real file of known bytes. */
  async function finishedPng(bytes: Uint8Array) {
    const res = await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "png", frame: 3 } });
    expect(res.status).toBe(202);
    const { export: queued } = await res.json();
    // The queue serves the oldest export first: cancel the others so this one is claimed.
    const others = (await (await t.api("/api/exports?status=queued&limit=200")).json()).exports.filter((e: any) => e.id !== queued.id);
    for (const other of others) await t.api(`/api/exports/${other.id}/cancel`, { method: "POST" });
    const path = join(dir, `${queued.id}.png`);
    writeFileSync(path, bytes);
    const claimed = await claimChunk(ctx.db, "api-test", 30_000, 3);
    expect(claimed?.export.id).toBe(queued.id);
    expect(await finishChunk(ctx.db, queued.id, 0, "api-test", path)).toBe(true);
    expect(await claimJoin(ctx.db, queued.id, "api-test")).toHaveLength(1);
    expect(await finishExport(ctx.db, queued.id, path, bytes.length)).toBe(true);
    return { id: queued.id as string, path };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clapper-export-api-"));
    t = buildTestApp(ctx.db, { export: exportConfigFromEnv({}, { exportDir: dir }) });
    scene = await t.createScene({ name: "Export API scene", tsx: TSX, projectId: crypto.randomUUID(), durationInFrames: 20, fps: 30, width: 320, height: 180 });
    const login = await browse("/login", { method: "POST", body: form({ token: TEST_TOKEN, next: "/exports" }) });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  });

  test("create answers 202 with the queued export; list filters and pages; get shows progress", async () => {
    const res = await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "mp4" } });
    expect(res.status).toBe(202);
    const { export: created } = await res.json();
    expect(res.headers.get("location")).toBe(`/api/exports/${created.id}`);
    expect(created).toMatchObject({ kind: "scene", sceneId: scene.id, format: "mp4", status: "queued", downloadUrl: null });
    expect(created.progress).toMatchObject({ framesDone: 0, framesTotal: 20 });
    expect(created.filePath).toBeUndefined();

    const project = await t.api(`/api/projects/${scene.projectId}/exports`, { method: "POST", json: { format: "webm", fps: 60 } });
    expect(project.status).toBe(202);
    expect((await project.json()).export).toMatchObject({ kind: "project", projectId: scene.projectId, format: "webm" });

    expect((await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "png", frame: 1 } })).status).toBe(202);
    const page1 = await (await t.api(`/api/exports?sceneId=${scene.id}&limit=1`)).json();
    expect(page1.exports).toHaveLength(1);
    expect(page1.nextCursor).toBeString();
    const page2 = await (await t.api(`/api/exports?sceneId=${scene.id}&limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page2.exports[0].id).not.toBe(page1.exports[0].id);
    const byProject = await (await t.api(`/api/exports?projectId=${scene.projectId}&status=queued`)).json();
    expect(byProject.exports.map((e: any) => e.kind)).toEqual(["project"]);
    const got = await (await t.api(`/api/exports/${created.id}`)).json();
    expect(got.export.id).toBe(created.id);
  });

  test("bad requests are 400/422 in the JSON error shape; unknown ids are 404 JSON", async () => {
    for (const json of [{ format: "gif" }, { format: "mp4", frame: 2 }, { format: "mp4", fps: 30 }, { format: "png", scale: 9 }]) {
      const res = await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_export");
    }
    const late = await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "png", frame: 20 } });
    expect(late.status).toBe(422);
    expect((await t.api("/api/exports?limit=0")).status).toBe(400);
    expect((await t.api("/api/exports?status=nope")).status).toBe(400);
    for (const [method, path] of [
      ["POST", `/api/scenes/${crypto.randomUUID()}/exports`], ["POST", `/api/projects/${crypto.randomUUID()}/exports`],
      ["GET", `/api/exports/${crypto.randomUUID()}`], ["GET", "/api/exports/not-a-uuid/file"],
      ["POST", `/api/exports/${crypto.randomUUID()}/cancel`], ["DELETE", `/api/exports/${crypto.randomUUID()}`],
    ] as const) {
      const res = await t.api(path, { method, json: method === "POST" ? { format: "mp4" } : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect((await res.json()).error.code).toBe("not_found");
    }
  });

  test("the file is 409 until done, then served whole or by range with its content type and an attachment name", async () => {
    const queued = await (await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "png" } })).json();
    const early = await t.api(`/api/exports/${queued.export.id}/file`);
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("export_not_ready");

    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const { id } = await finishedPng(bytes);
    const whole = await t.api(`/api/exports/${id}/file`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("image/png");
    expect(whole.headers.get("content-disposition")).toBe(`attachment; filename="clapper-scene-${id}.png"`);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);

    const mid = await t.api(`/api/exports/${id}/file`, { headers: { range: "bytes=100-199" } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get("content-range")).toBe("bytes 100-199/1000");
    expect(new Uint8Array(await mid.arrayBuffer())).toEqual(bytes.slice(100, 200));
    const tail = await t.api(`/api/exports/${id}/file`, { headers: { range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(990));
    const open = await t.api(`/api/exports/${id}/file`, { headers: { range: "bytes=995-" } });
    expect(open.headers.get("content-range")).toBe("bytes 995-999/1000");
    const beyond = await t.api(`/api/exports/${id}/file`, { headers: { range: "bytes=1000-1010" } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */1000");

    const got = await (await t.api(`/api/exports/${id}`)).json();
    expect(got.export).toMatchObject({ status: "done", bytes: 1000, downloadUrl: `/api/exports/${id}/file` });
  });

  test("cancel answers 200 with the cancelled export (409 once finished); delete answers 204 and removes the file", async () => {
    const queued = (await (await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "webm" } })).json()).export;
    const cancelled = await t.api(`/api/exports/${queued.id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).export.status).toBe("cancelled");
    expect((await t.api(`/api/exports/${queued.id}/cancel`, { method: "POST" })).status).toBe(409);

    const { id, path } = await finishedPng(new Uint8Array([1, 2, 3]));
    expect(existsSync(path)).toBe(true);
    const deleted = await t.api(`/api/exports/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(existsSync(path)).toBe(false);
    expect((await t.api(`/api/exports/${id}`)).status).toBe(404);
  });

  test("missing Chromium: create is 503 export_unavailable naming it and the install command; pages say the same", async () => {
    const broken = buildTestApp(ctx.db, { export: exportConfigFromEnv({ CHROMIUM_PATH: join(dir, "no-chromium") }, { exportDir: dir }) });
    const res = await broken.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "mp4" } });
    expect(res.status).toBe(503);
    const { error } = await res.json();
    expect(error.code).toBe("export_unavailable");
    expect(error.message).toContain(join(dir, "no-chromium"));
    expect(error.message).toContain("apt-get install -y chromium ffmpeg");
    const page = await broken.app.request(`${TEST_ORIGIN}/exports`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("data-export-unavailable");
    expect(html).toContain("apt-get install -y chromium ffmpeg");
  });

  test("/exports lists exports with progress; a running row polls itself and a finished one does not", async () => {
    const { id } = await finishedPng(new Uint8Array([9, 9]));
    const queued = (await (await t.api(`/api/scenes/${scene.id}/exports`, { method: "POST", json: { format: "mp4" } })).json()).export;
    const page = await browse("/exports");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'nonce-");
    const html = await page.text();
    expect(html).toContain('href="/exports"');
    expect(html).toContain(`data-export-id="${queued.id}"`);
    expect(html).toContain("0 / 20 frames");
    expect(html).not.toMatch(/\son[a-z]+=/i);

    const running = await (await browse(`/exports/${queued.id}/progress`, { htmx: true })).text();
    expect(running).toContain(`hx-get="/exports/${queued.id}/progress"`);
    expect(running).toContain('hx-trigger="every 1s"');

    const done = await (await browse(`/exports/${id}/progress`, { htmx: true })).text();
    expect(done).toContain('data-export-status="done"');
    expect(done).not.toContain("hx-trigger");
    expect(done).toContain(`href="/api/exports/${id}/file"`);

    const cancelled = await (await browse(`/exports/${queued.id}/cancel`, { method: "POST", htmx: true })).text();
    expect(cancelled).toContain('data-export-status="cancelled"');
    expect(cancelled).not.toContain("hx-trigger");
    const removed = await browse(`/exports/${queued.id}/delete`, { method: "POST", htmx: true });
    expect(removed.status).toBe(200);
    expect((await t.api(`/api/exports/${queued.id}`)).status).toBe(404);
  });

  test("a scene that failed inside an export is named on /exports with its line", async () => {
    const queued = (await (await t.api(`/api/projects/${scene.projectId}/exports`, { method: "POST", json: { format: "mp4" } })).json()).export;
    expect(await addSceneFailure(ctx.db, queued.id, { sceneId: scene.id, message: "Kaboom in render", line: 7 })).toBe(true);
    const row = await (await browse(`/exports/${queued.id}/progress`, { htmx: true })).text();
    expect(row).toContain(`data-failed-scene="${scene.id}"`);
    expect(row).toContain("Export API scene</a> line 7: Kaboom in render");
    await t.api(`/api/exports/${queued.id}`, { method: "DELETE" });
  });

  test("the Export form on the scene page posts to /exports and answers the live row (or the reason it was refused)", async () => {
    const scenePage = await (await browse(`/scenes/${scene.id}`)).text();
    expect(scenePage).toContain('data-export-form="scene"');
    expect(scenePage).toContain(`name="sceneId" value="${scene.id}"`);
    const projectPage = await (await browse(`/projects/${scene.projectId}/preview`)).text();
    expect(projectPage).toContain('data-export-form="project"');

    const ok = await browse("/exports", { method: "POST", htmx: true, body: form({ sceneId: scene.id, format: "png", frame: "5" }) });
    expect(ok.status).toBe(202);
    const row = await ok.text();
    expect(row).toContain('data-export-status="queued"');
    expect(row).toContain("hx-trigger");
    const refused = await browse("/exports", { method: "POST", htmx: true, body: form({ sceneId: scene.id, format: "png", frame: "999" }) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("frame must be below 20");
    const plain = await browse("/exports", { method: "POST", body: form({ projectId: scene.projectId, format: "mp4" }) });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe("/exports");
  });
});
