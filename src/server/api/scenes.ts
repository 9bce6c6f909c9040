// /api/scenes handlers: validate, delegate to the scene service, shape the response.
import { createFactory } from "hono/factory";
import { sha256Hex } from "../../compiler/sha256.ts";
import { AppError } from "../../services/errors.ts";
import { createSceneIdempotently } from "../../services/idempotent-create.ts";
import { optionalJsonBody, sceneIdParam, strictJsonBody, validate } from "../body.ts";
import type { AppEnv } from "../env.ts";
import { admitRuntimeEvent, rememberRuntimeEvent } from "./runtime-event-gate.ts";
import * as s from "./schemas.ts";

const factory = createFactory<AppEnv>();

/** `If-Match: "<revision>"` → the revision number; `*` or absent → no check. */
function expectedRevision(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new AppError(400, "invalid_if_match", 'If-Match must be "<revision>", e.g. "3".');
  return Number(match[1]);
}

/** If-None-Match lists (weak comparison, RFC 9110 §13.1.2) against one entity tag. */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export const createScene = factory.createHandlers(strictJsonBody, validate("json", s.createSceneBody), async (c) => {
  const key = c.req.header("idempotency-key");
  let scene;
  if (key === undefined) scene = await c.var.scenes.create(c.req.valid("json"));
  else {
    const hash = sha256Hex(await c.req.text());
    const result = await createSceneIdempotently(c.var.db, c.var.scenes, c.req.valid("json"), key, hash);
    scene = result.scene;
    if (result.replayed) c.header("Idempotent-Replayed", "true");
  }
  c.header("Location", `/api/scenes/${scene.id}`);
  c.header("ETag", `"${scene.revision}"`);
  return c.json({ scene }, 201);
});

export const listScenes = factory.createHandlers(validate("query", s.listScenesQuery), async (c) => {
  const { limit, cursor, ...filter } = c.req.valid("query");
  return c.json(await c.var.scenes.list(filter, limit, cursor));
});

export const getScene = factory.createHandlers(sceneIdParam(s.sceneIdParams), async (c) => {
  const scene = await c.var.scenes.get(c.req.valid("param").id);
  c.header("ETag", `"${scene.revision}"`);
  return c.json({ scene });
});

export const patchScene = factory.createHandlers(
  sceneIdParam(s.sceneIdParams),
  strictJsonBody,
  validate("json", s.patchSceneBody),
  async (c) => {
    const revision = expectedRevision(c.req.header("if-match"));
    const scene = await c.var.scenes.patch(c.req.valid("param").id, c.req.valid("json"), revision);
    c.header("ETag", `"${scene.revision}"`);
    return c.json({ scene });
  },
);

export const deleteScene = factory.createHandlers(sceneIdParam(s.sceneIdParams), async (c) => {
  await c.var.scenes.remove(c.req.valid("param").id);
  return c.body(null, 204);
});

/** The stored artifact, byte for byte; strong ETag = compileMeta.hash, so clients revalidate cheaply. */
export const getSceneJs = factory.createHandlers(sceneIdParam(s.sceneIdParams), async (c) => {
  const scene = await c.var.scenes.get(c.req.valid("param").id);
  if (scene.js === null || !scene.compileMeta?.hash) {
    throw new AppError(404, "no_artifact", "This scene has no compiled JS yet.", {
      compilationError: scene.compilationError,
    });
  }
  const etag = `"${scene.compileMeta.hash}"`;
  c.header("ETag", etag);
  c.header("Cache-Control", "no-cache");
  c.header("X-Compilation-Version", String(scene.compilationVersion));
  c.header("X-Js-Revision", String(scene.jsRevision));
  if (noneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  return c.body(scene.js, 200, { "Content-Type": "text/javascript; charset=utf-8" });
});

/** Recompile now. An empty body is allowed (no version = COMPILE_TARGET_VERSION). */
export const compileScene = factory.createHandlers(
  sceneIdParam(s.sceneIdParams),
  optionalJsonBody,
  validate("json", s.compileBody),
  async (c) => {
    const { version } = c.req.valid("json");
    return c.json({ scene: await c.var.scenes.recompile(c.req.valid("param").id, { version }) });
  },
);

export const listRevisions = factory.createHandlers(sceneIdParam(s.sceneIdParams), async (c) =>
  c.json({ revisions: await c.var.scenes.revisions(c.req.valid("param").id) }),
);

export const getRevision = factory.createHandlers(sceneIdParam(s.revisionParams), async (c) => {
  const { id, revision } = c.req.valid("param");
  return c.json({ revision: await c.var.scenes.revision(id, revision) });
});

export const postRuntimeEvent = factory.createHandlers(
  sceneIdParam(s.sceneIdParams),
  strictJsonBody,
  validate("json", s.runtimeEventBody),
  async (c) => {
    const id = c.req.valid("param").id;
    const event = c.req.valid("json");
    // A duplicate is acknowledged (the client need not retry) but not stored again.
    if (admitRuntimeEvent(c, id, event)) {
      await c.var.scenes.recordRuntimeEvent(id, event);
      rememberRuntimeEvent(c, id, event);
    }
    return c.body(null, 204);
  },
);
