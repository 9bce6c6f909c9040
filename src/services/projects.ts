// Projects service: the /projects list (aggregates per project, keyset by id), names, the picker's
// search and a scene's place in its project.
import type { Database } from "../db/open.ts";
import { isUuid } from "../db/ids.ts";
import * as q from "../db/queries.ts";
import { AppError } from "./errors.ts";

export const PROJECT_PAGE_SIZE = 50;
/** Options the project picker returns per keystroke. */
export const PROJECT_OPTIONS_LIMIT = 20;
export const MAX_PROJECT_NAME_CHARS = 200;

export interface ProjectJson {
  id: string;
  name: string | null;
  scenes: number;
  durationSeconds: number;
  statusCounts: q.ProjectRow["statusCounts"];
  lastChange: string;
}

const toJson = (row: q.ProjectRow): ProjectJson => ({
  id: row.id,
  name: row.name,
  scenes: row.scenes,
  durationSeconds: Math.round(row.seconds * 1000) / 1000,
  statusCounts: row.statusCounts,
  lastChange: new Date(row.lastChange).toISOString(),
});

/** The project list's cursor is the last project id of the page (ids are the keyset). */
function decodeProjectCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  if (!isUuid(cursor)) throw new AppError(400, "invalid_cursor", "cursor is not one this list issued.");
  return cursor.toLowerCase();
}

export function createProjectService(db: Database) {
  return {
    /** One page of projects (search by name substring or id prefix), with the next page's cursor. */
    async list(query: { q?: string; cursor?: string }, limit = PROJECT_PAGE_SIZE) {
      const afterId = decodeProjectCursor(query.cursor);
      const rows = await q.listProjects(db, { q: query.q?.trim() || undefined, afterId }, limit + 1);
      const page = rows.slice(0, limit).map(toJson);
      return { projects: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
    },

    /** Names a project (null or blank clears the name). Names may precede the project's first scene. */
    async rename(id: string, name: string | null) {
      const stored = await q.upsertProjectName(db, id, name?.trim() ? name.trim() : null);
      return { id: stored.id, name: stored.name, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
    },

    /** The picker's options for what the operator typed (any project, not only the largest). */
    options: (text: string) => q.searchProjectOptions(db, text.trim(), PROJECT_OPTIONS_LIMIT),

    name: (id: string) => q.getProjectName(db, id),

    /** A scene's project, place in play order and neighbours, or null for a scene without a project. */
    place: (scene: { id: string; projectId: string | null }) =>
      scene.projectId ? q.scenePlace(db, scene.projectId, scene.id) : Promise.resolve(null),
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
