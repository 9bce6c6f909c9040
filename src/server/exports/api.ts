// /api/exports handlers: queue scene and project exports (202), list, get, download (with ranges), cancel, delete.
import type { Context } from "hono";
import { createFactory } from "hono/factory";
import { exportJson } from "../../export/progress.ts";
import { AppError } from "../../services/errors.ts";
import type { AppEnv } from "../context.ts";
import { exportOf } from "../entities.ts";
import { strictJsonBody } from "../request-input.ts";

const factory = createFactory<AppEnv>();

/** The JSON body as an object (strictJsonBody has checked it parses). */
async function bodyObject(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const body: unknown = await c.req.json();
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new AppError(400, "invalid_export", "The body must be a JSON object");
  return body as Record<string, unknown>;
}

function accepted(c: Context<AppEnv>, row: Parameters<typeof exportJson>[0]) {
  c.header("Location", `/api/exports/${row.id}`);
  return c.json({ export: exportJson(row) }, 202);
}

export const createSceneExport = factory.createHandlers(strictJsonBody, async (c) =>
  accepted(c, await c.var.services.exports.createSceneExport(c.req.param("id") ?? "", await bodyObject(c))),
);

export const createProjectExport = factory.createHandlers(strictJsonBody, async (c) =>
  accepted(c, await c.var.services.exports.createProjectExport(c.req.param("id") ?? "", await bodyObject(c))),
);

export const listExports = factory.createHandlers(async (c) => {
  const query = c.req.query();
  const limit = query.limit === undefined ? undefined : Number(query.limit);
  const page = await c.var.services.exports.list({ ...query, limit });
  return c.json({ exports: page.exports.map((row) => exportJson(row)), nextCursor: page.nextCursor });
});

export const getExport = factory.createHandlers(async (c) => c.json({ export: exportJson(exportOf(c)) }));

export const cancelExport = factory.createHandlers(async (c) => c.json({ export: exportJson(await c.var.services.exports.cancel(exportOf(c).id)) }));

export const deleteExport = factory.createHandlers(async (c) => {
  await c.var.services.exports.delete(exportOf(c).id);
  return c.body(null, 204);
});

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size` → inclusive [start, end]; "unsatisfiable"; null = whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges or another unit: serving the whole file is a valid answer (RFC 9110 §14.2).
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== "" && Number(match[2]) < start) return null;
  }
  if (start >= size || size === 0) return "unsatisfiable";
  return { start, end };
}

export const downloadExport = factory.createHandlers(async (c) => {
  const file = await c.var.services.exports.file(exportOf(c).id);
  c.header("Content-Type", file.contentType);
  c.header("Content-Disposition", `attachment; filename="${file.filename}"`);
  c.header("Accept-Ranges", "bytes");
  c.header("Cache-Control", "private, no-cache");
  const range = parseRange(c.req.header("range"), file.bytes);
  if (range === "unsatisfiable") {
    c.header("Content-Range", `bytes */${file.bytes}`);
    return c.json({ error: { code: "range_not_satisfiable", message: `The file has ${file.bytes} bytes` } }, 416);
  }
  const blob = Bun.file(file.path);
  if (!range) {
    c.header("Content-Length", String(file.bytes));
    return c.body(blob.stream(), 200);
  }
  c.header("Content-Range", `bytes ${range.start}-${range.end}/${file.bytes}`);
  c.header("Content-Length", String(range.end - range.start + 1));
  return c.body(blob.slice(range.start, range.end + 1).stream(), 206);
});
