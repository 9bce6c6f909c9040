// GET /api/scenes/:id/preview-js?version=N: the scene's current TSX compiled as version N on request, never stored.

import type { Context } from "hono";
import { compileScene } from "../../compiler/index.ts";
import type { AppEnv } from "../context.ts";
import { sendError } from "../errors.ts";
import { sceneOf } from "../entities.ts";

/** Lets an operator check the parameterized (v2) model against the stored v1 before flipping the flag. */
export async function dryRunArtifact(c: Context<AppEnv>) {
  const raw = c.req.query("version") ?? "2";
  if (raw !== "1" && raw !== "2") {
    return sendError(c, 400, "bad_request", `version must be 1 or 2, got ${JSON.stringify(raw)}.`);
  }
  const version = Number(raw) as 1 | 2;
  const scene = sceneOf(c);
  const result = compileScene(scene.tsx, { version, trigger: "preview" });
  c.header("Cache-Control", "no-store");
  return c.json({ ok: result.ok, js: result.js, compilationVersion: version, meta: result.meta, error: result.error });
}
