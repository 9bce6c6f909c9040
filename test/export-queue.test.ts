// The export queue on both drivers: validation, chunking, SKIP LOCKED claims, lease expiry, join claim, cancel,
// delete and retention. No browser here: test/export.test.ts renders for real.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "../src/services/errors.ts";
import { createSceneService } from "../src/services/scenes.ts";
import { exportAvailability } from "../src/export/availability.ts";
import { exportConfigFromEnv } from "../src/config.ts";
import * as q from "../src/db/queries.ts";
import { createExportService, exportPaths } from "../src/export/service.ts";
import { chunkFile } from "../src/export/worker.ts";
import { describeEachDriver } from "./helpers/db.ts";

const TSX = `const { AbsoluteFill, useCurrentFrame } = window.Remotion;
export default function Plain() { return <AbsoluteFill style={{ background: "#123456" }}>{useCurrentFrame()}</AbsoluteFill>; }`;

async function rejects(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

test("exportAvailability names what is missing and how to install it", async () => {
  const result = await exportAvailability({ chromiumPath: "/nope/chromium", ffmpegPath: "/nope/ffmpeg", publicDir: "/nope" });
  expect(result.ok).toBe(false);
  expect(result.missing.map((m) => m.component)).toEqual(["chromium", "ffmpeg", "render-bundle"]);
  expect(result.missing[0].install).toBe("apt-get install -y chromium ffmpeg");
  expect(result.missing[0].message).toContain("/nope/chromium");
});

test("each attempt at a chunk writes its own file, so an old owner's clean-up cannot delete the new owner's", () => {
  const first = chunkFile("/x/parts", 3, 1, "host:1:aa", "mp4");
  const takeover = chunkFile("/x/parts", 3, 2, "host:2:bb", "mp4");
  expect(first).not.toBe(takeover);
  expect(chunkFile("/x/parts", 3, 2, "host:1:aa", "mp4")).not.toBe(takeover); // same attempt number, other worker
  expect(takeover).toBe("/x/parts/chunk-00003-a2-host_2_bb.mp4");
});

describeEachDriver("export queue", (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), "clapper-export-q-"));
  const config = exportConfigFromEnv({}, { exportDir: dir, concurrency: 2, chunkFrames: 40 });
  const scenes = () => createSceneService(ctx.db, { compileTargetVersion: 1 });
  const service = () => createExportService(ctx.db, config);

  test("validates the request: 400 bad body, 404 unknown scene, 422 frame past the end", async () => {
    const scene = await scenes().create({ name: "plain", tsx: TSX, durationInFrames: 100, fps: 30, width: 640, height: 360 });
    expect((await rejects(service().createSceneExport(scene.id, { format: "gif" }))).status).toBe(400);
    expect((await rejects(service().createSceneExport(scene.id, { format: "mp4", frame: 3 }))).status).toBe(400);
    expect((await rejects(service().createSceneExport(scene.id, { format: "mp4", fps: 60 }))).status).toBe(400);
    expect((await rejects(service().createSceneExport(scene.id, { format: "mp4", quality: 0 }))).status).toBe(400);
    expect((await rejects(service().createSceneExport(crypto.randomUUID(), { format: "mp4" }))).status).toBe(404);
    expect((await rejects(service().createSceneExport("not-a-uuid", { format: "mp4" }))).status).toBe(404);
    expect((await rejects(service().createProjectExport(crypto.randomUUID(), { format: "mp4" }))).status).toBe(404);
    const late = await rejects(service().createSceneExport(scene.id, { format: "png", frame: 100 }));
    expect([late.status, late.code]).toEqual([422, "frame_out_of_range"]);
    expect((await rejects(service().list({ cursor: "garbage" }))).status).toBe(400);
    expect((await rejects(service().list({ status: "lost" }))).status).toBe(400);
    const unavailable = createExportService(ctx.db, { ...config, ffmpegPath: "/nope/ffmpeg" });
    const error = await rejects(unavailable.createSceneExport(scene.id, { format: "mp4" }));
    expect([error.status, error.code]).toEqual([503, "export_unavailable"]);
    expect(error.message).toContain("apt-get install -y chromium ffmpeg");
  });

  test("a video is split into chunks; concurrent workers claim different chunks (SKIP LOCKED); the join is claimed once", async () => {
    const scene = await scenes().create({ name: "chunks", tsx: TSX, durationInFrames: 100, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "mp4" });
    expect([exp.status, exp.framesTotal, exp.sceneHashes[0].sceneId]).toEqual(["queued", 100, scene.id]);
    expect(exp.sceneHashes[0].hash).toBe(scene.compileMeta!.hash);
    const chunks = await q.listExportChunks(ctx.db, exp.id);
    expect(chunks.map((c) => [c.frameFrom, c.frameTo])).toEqual([[0, 40], [40, 80], [80, 100]]);

    const claims = await Promise.all(["w1", "w2", "w3", "w4"].map((w) => q.claimChunk(ctx.db, w, 60_000, 3)));
    const got = claims.filter((c) => c !== null).map((c) => c!.chunk.index).sort();
    expect(got).toEqual([0, 1, 2]);
    expect((await service().get(exp.id)).status).toBe("rendering");

    const owner = (index: number) => ["w1", "w2", "w3", "w4"][claims.findIndex((c) => c?.chunk.index === index)];
    expect(await q.renewChunk(ctx.db, exp.id, 0, owner(0), 60_000, 17)).toBe("rendering");
    expect(await q.renewChunk(ctx.db, exp.id, 0, "someone-else", 60_000, 17)).toBeNull();
    expect((await service().get(exp.id)).framesDone).toBe(17);
    expect(await q.finishChunk(ctx.db, exp.id, 0, owner(0), "/tmp/a")).toBe(true);
    expect(await q.finishChunk(ctx.db, exp.id, 1, owner(1), "/tmp/b")).toBe(true);
    expect(await q.claimJoin(ctx.db, exp.id, "w1")).toBeNull(); // chunk 2 still rendering
    expect(await q.finishChunk(ctx.db, exp.id, 2, owner(2), "/tmp/c")).toBe(true);
    const joins = await Promise.all([q.claimJoin(ctx.db, exp.id, "w1"), q.claimJoin(ctx.db, exp.id, "w2")]);
    expect(joins.filter((j) => j !== null).length).toBe(1);
    expect(joins.find((j) => j)!.map((c) => c.filePath)).toEqual(["/tmp/a", "/tmp/b", "/tmp/c"]);
    expect((await service().get(exp.id)).status).toBe("encoding");
  });

  test("a crashed worker's chunk is claimed again after its lease; attempts and the expiry are recorded", async () => {
    const scene = await scenes().create({ name: "crash", tsx: TSX, durationInFrames: 30, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "webm" });
    const dead = await q.claimChunk(ctx.db, "dead-worker", 150, 3);
    expect(dead?.export.id).toBe(exp.id);
    expect(await q.claimChunk(ctx.db, "live-worker", 60_000, 3)).toBeNull(); // lease still valid
    await Bun.sleep(250);
    const again = await q.claimChunk(ctx.db, "live-worker", 60_000, 3);
    expect([again?.export.id, again?.chunk.index, again?.chunk.attempts]).toEqual([exp.id, 0, 2]);
    const [chunk] = await q.listExportChunks(ctx.db, exp.id);
    expect(chunk.workerId).toBe("live-worker");
    expect(chunk.error).toMatchObject({ message: "lease expired", workerId: "dead-worker" });
    expect(await q.finishChunk(ctx.db, exp.id, 0, "dead-worker", "/tmp/x")).toBe(false); // the old owner lost it
    expect((await service().get(exp.id)).attempts).toBe(2);
  });

  test("a chunk that fails on its last attempt fails the export with the error", async () => {
    const scene = await scenes().create({ name: "fails", tsx: TSX, durationInFrames: 30, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "mp4" });
    let claimed = await q.claimChunk(ctx.db, "w", 60_000, 2);
    expect(await q.failChunk(ctx.db, exp.id, 0, "w", { message: "boom 1" }, true, 2)).toBe("rendering");
    claimed = await q.claimChunk(ctx.db, "w", 60_000, 2);
    expect(claimed?.chunk.attempts).toBe(2);
    expect(await q.failChunk(ctx.db, exp.id, 0, "w", { message: "boom 2" }, true, 2)).toBe("failed");
    const row = await service().get(exp.id);
    expect([row.status, row.error?.message]).toEqual(["failed", "boom 2"]);
    expect(row.finishedAt).toBeInstanceOf(Date);
  });

  test("a chunk released by a stopping worker is claimable again with its attempts unchanged", async () => {
    const scene = await scenes().create({ name: "released", tsx: TSX, durationInFrames: 30, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "webm" });
    // One attempt allowed: only a release that gives the attempt back lets the chunk be claimed again.
    const held = await q.claimChunk(ctx.db, "stopping", 60_000, 1);
    expect([held?.export.id, held?.chunk.attempts]).toEqual([exp.id, 1]);
    expect(await q.releaseChunk(ctx.db, exp.id, 0, "someone-else")).toBe(false); // only the holder releases
    expect(await q.releaseChunk(ctx.db, exp.id, 0, "stopping")).toBe(true);
    const [chunk] = await q.listExportChunks(ctx.db, exp.id);
    expect([chunk.status, chunk.attempts, chunk.workerId]).toEqual(["queued", 0, null]);
    const again = await q.claimChunk(ctx.db, "next", 60_000, 1);
    expect([again?.export.id, again?.chunk.index, again?.chunk.attempts]).toEqual([exp.id, 0, 1]);
    expect(await q.releaseChunk(ctx.db, exp.id, 0, "stopping")).toBe(false); // the old holder cannot undo the new claim
    await service().cancel(exp.id);
  });

  test("cancel stops claims; delete removes the row and its file; list filters and pages", async () => {
    const scene = await scenes().create({ name: "cancel", tsx: TSX, durationInFrames: 30, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "png", frame: 5 });
    expect((await service().cancel(exp.id)).status).toBe("cancelled");
    expect((await rejects(service().cancel(exp.id))).status).toBe(409);
    expect(await q.claimChunk(ctx.db, "w", 60_000, 3)).toBeNull();
    expect((await rejects(service().file(exp.id))).status).toBe(409);

    const listed = await service().list({ sceneId: scene.id });
    expect(listed.exports.map((e) => e.id)).toEqual([exp.id]);
    const second = await service().createSceneExport(scene.id, { format: "png" });
    await service().cancel(second.id);
    const page1 = await service().list({ sceneId: scene.id, limit: 1 });
    const page2 = await service().list({ sceneId: scene.id, limit: 1, cursor: page1.nextCursor! });
    expect([page1.exports[0].id, page2.exports[0].id, page2.nextCursor]).toEqual([second.id, exp.id, null]);

    const file = exportPaths(dir, exp).file;
    writeFileSync(file, "png bytes");
    await service().delete(exp.id);
    expect(existsSync(file)).toBe(false);
    expect((await rejects(service().get(exp.id))).status).toBe(404);
    expect((await rejects(service().delete(exp.id))).status).toBe(404);
  });

  test("prune deletes finished exports past retention and their files", async () => {
    const scene = await scenes().create({ name: "old", tsx: TSX, durationInFrames: 30, fps: 30, width: 640, height: 360 });
    const exp = await service().createSceneExport(scene.id, { format: "png" });
    await service().cancel(exp.id);
    const file = exportPaths(dir, exp).file;
    writeFileSync(file, "x");
    expect(await service().prune(new Date(Date.now() - 86_400_000))).toBe(0);
    const pruned = await service().prune(new Date(Date.now() + (config.retentionDays + 1) * 86_400_000));
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(existsSync(file)).toBe(false);
  });
});
