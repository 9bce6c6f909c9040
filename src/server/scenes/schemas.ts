// zod schemas of the scene API's request bodies and queries (the shapes in the README's HTTP API table).
import { z } from "zod";
import { SCENE_STATUSES, type SceneStatus } from "../../db/status.ts";

const uuid = z.guid({ message: "must be a uuid" });
const intIn = (min: number, max: number) => z.number().int().min(min).max(max);

const sceneFields = {
  name: z.string().trim().min(1, "name must not be empty").max(200),
  // Empty / oversized / binary TSX is a 422 from the service; here only the type is checked.
  tsx: z.string(),
  projectId: uuid.nullable(),
  position: intIn(0, 1_000_000),
  durationInFrames: intIn(1, 30 * 60 * 60),
  fps: intIn(1, 240),
  width: intIn(1, 7680),
  height: intIn(1, 7680),
};

export const createSceneBody = z.strictObject({
  ...sceneFields,
  projectId: sceneFields.projectId.optional(),
  position: sceneFields.position.optional(),
  durationInFrames: sceneFields.durationInFrames.optional(),
  fps: sceneFields.fps.optional(),
  width: sceneFields.width.optional(),
  height: sceneFields.height.optional(),
});

export const patchSceneBody = z.strictObject(sceneFields).partial();

export const compileBody = z.strictObject({ version: z.union([z.literal(1), z.literal(2)]).optional() });

export const runtimeEventBody = z.strictObject({
  context: z.enum(["preview", "export"]),
  kind: z.enum(["ok", "error", "retry"]),
  message: z.string().max(4000).nullable().optional(),
  retryCount: intIn(0, 1_000_000).optional(),
});

/** Revisions outlive their scene, so these routes validate the id without loading the scene. */
export const sceneIdParams = z.object({ id: uuid });
export const revisionParams = z.object({ id: uuid, revision: z.coerce.number().int().min(1).max(2 ** 31 - 1) });

export const listScenesQuery = z.object({
  projectId: uuid.optional(),
  status: z.enum(SCENE_STATUSES as [SceneStatus, ...SceneStatus[]]).optional(),
  version: z.enum(["1", "2"]).transform(Number).optional(),
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

