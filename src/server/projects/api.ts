// /api/projects handlers: the project list (search, cursor) and naming a project.
import { createFactory } from "hono/factory";
import { z } from "zod";
import { MAX_PROJECT_NAME_CHARS } from "../../services/projects.ts";
import { paramOr404, strictJsonBody, validate } from "../request-input.ts";
import type { AppEnv } from "../context.ts";

const factory = createFactory<AppEnv>();

export const listProjectsQuery = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `{ name }`: a name (trimmed, up to MAX_PROJECT_NAME_CHARS), or null to clear it. */
export const putProjectBody = z.strictObject({
  name: z.string().trim().min(1, "name must not be empty (send null to clear it)").max(MAX_PROJECT_NAME_CHARS).nullable(),
});

const projectParams = z.object({ id: z.guid() });

export const listProjects = factory.createHandlers(validate("query", listProjectsQuery), async (c) => {
  const { limit, ...query } = c.req.valid("query");
  return c.json(await c.var.services.projects.list(query, limit));
});

export const putProject = factory.createHandlers(
  paramOr404(projectParams, "Project"),
  strictJsonBody,
  validate("json", putProjectBody),
  async (c) => {
    const project = await c.var.services.projects.rename(c.req.valid("param").id.toLowerCase(), c.req.valid("json").name);
    return c.json({ project });
  },
);
