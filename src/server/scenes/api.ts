// /api/scenes handlers: validate, delegate to the scene service, shape the response.
import { createFactory } from "hono/factory";
import { sha256Hex } from "../../compiler/sha256.ts";
import { AppError } from "../../services/errors.ts";
import { optionalJsonBody, paramOr404, strictJsonBody, validate } from "../request-input.ts";
import { sceneOf } from "../entities.ts";
import type { AppEnv } from "../context.ts";
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
  if (key === undefined) scene = await c.var.services.scenes.create(c.req.valid("json"));
  else {
    const result = await c.var.services.createSceneIdempotently(c.req.valid("json"), key, sha256Hex(await c.req.text()));
    scene = result.scene;
    if (result.replayed) c.header("Idempotent-Replayed", "true");
  }
  c.header("Location", `/api/scenes/${scene.id}`);
  c.header("ETag", `"${scene.revision}"`);
  return c.json({ scene }, 201);
});

export const listScenes = factory.createHandlers(validate("query", s.listScenesQuery), async (c) => {
  const { limit, cursor, ...filter } = c.req.valid("query");
  return c.json(await c.var.services.scenes.list(filter, limit, cursor));
});

export const getScene = factory.createHandlers(async (c) => {
  const scene = sceneOf(c);
  c.header("ETag", `"${scene.revision}"`);
  return c.json({ scene });
});

export const patchScene = factory.createHandlers(
  strictJsonBody,
  validate("json", s.patchSceneBody),
  async (c) => {
    const revision = expectedRevision(c.req.header("if-match"));
    const scene = await c.var.services.scenes.patch(sceneOf(c).id, c.req.valid("json"), revision);
    c.header("ETag", `"${scene.revision}"`);
    return c.json({ scene });
  },
);

export const deleteScene = factory.createHandlers(async (c) => {
  await c.var.services.scenes.remove(sceneOf(c).id);
  return c.body(null, 204);
});

/** The stored artifact, byte for byte; strong ETag = compileMeta.hash, so clients revalidate cheaply. */
export const getSceneJs = factory.createHandlers(async (c) => {
  const scene = sceneOf(c);
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
  optionalJsonBody,
  validate("json", s.compileBody),
  async (c) => {
    const { version } = c.req.valid("json");
    return c.json({ scene: await c.var.services.scenes.recompile(sceneOf(c).id, { version }) });
  },
);

export const listRevisions = factory.createHandlers(paramOr404(s.sceneIdParams, "Scene"), async (c) =>
  c.json({ revisions: await c.var.services.scenes.revisions(c.req.valid("param").id) }),
);

export const getRevision = factory.createHandlers(paramOr404(s.revisionParams, "Revision"), async (c) => {
  const { id, revision } = c.req.valid("param");
  return c.json({ revision: await c.var.services.scenes.revision(id, revision) });
});

export const postRuntimeEvent = factory.createHandlers(
  strictJsonBody,
  validate("json", s.runtimeEventBody),
  async (c) => {
    const id = sceneOf(c).id;
    const event = c.req.valid("json");
    const gate = c.var.services.runtimeEventGate;
    // A duplicate is acknowledged (the client need not retry) but not stored again.
    if (gate.admit(id, event)) {
      await c.var.services.scenes.recordRuntimeEvent(id, event);
      gate.remember(id, event);
    }
    return c.body(null, 204);
  },
);
