// Projects: a project is the scenes sharing a project_id; the projects table only adds an optional name.
import type { Queryable } from "../open.ts";
import { DASHBOARD_STATUS_WHERE, DASHBOARD_STATUSES, type DashboardStatus } from "../status.ts";
import { uuidPrefixRange } from "./scene-lists.ts";

export interface ProjectRow {
  id: string;
  name: string | null;
  scenes: number;
  /** Sum of durationInFrames / fps over the project's scenes (each scene at its own frame rate). */
  seconds: number;
  statusCounts: Record<DashboardStatus, number>;
  lastChange: Date;
}

/** Which projects a list shows: a name substring or an id prefix, keyset after a project id. */
export interface ProjectListFilter {
  q?: string;
  afterId?: string | null;
}

/** The per-status count columns, named by status (one FILTER each, the rules of src/db/status.ts). */
const STATUS_COUNT_COLUMNS = DASHBOARD_STATUSES.map(
  (s) => `(count(*) filter (where ${DASHBOARD_STATUS_WHERE[s]}))::int as "${s}"`,
).join(", ");

/** Most named projects one search matches (names live in the small projects table). */
const NAME_MATCH_CAP = 1000;

/** Ids of projects whose name holds `text` (case-insensitive), in id order. */
async function projectIdsByName(db: Queryable, text: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "select id from projects where strpos(lower(name), lower($1)) > 0 order by id limit $2",
    [text, NAME_MATCH_CAP],
  );
  return rows.map((r) => r.id);
}

/**
 * The predicate of a project search: one of the named matches, or an id prefix. Both are conditions on
 * project_id alone (an id list and a range), so the scan stays on scenes_project_position_idx.
 */
async function projectSearchPredicate(db: Queryable, text: string, param: (v: unknown) => string): Promise<string> {
  const byName = `project_id = any(${param(await projectIdsByName(db, text))}::uuid[])`;
  const range = uuidPrefixRange(text);
  return range ? `(${byName} or project_id between ${param(range[0])}::uuid and ${param(range[1])}::uuid)` : byName;
}

/**
 * One page (+1 row) of projects in id order with their aggregates. Grouping walks
 * scenes_project_position_idx in project order and stops after `limit` groups, so a page reads only its
 * own projects' scenes, however many scenes the table holds.
 */
export async function listProjects(db: Queryable, filter: ProjectListFilter, limit: number): Promise<ProjectRow[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where = ["project_id is not null"];
  if (filter.afterId) where.push(`project_id > ${param(filter.afterId)}::uuid`);
  if (filter.q) where.push(await projectSearchPredicate(db, filter.q, param));
  const rows = await db.query<Omit<ProjectRow, "statusCounts"> & Record<DashboardStatus, number>>(
    `with page as (
       select project_id as id, count(*)::int as scenes,
              coalesce(sum(duration_in_frames::float8 / fps), 0)::float8 as seconds,
              max(updated_at) as "lastChange", ${STATUS_COUNT_COLUMNS}
       from scenes where ${where.join(" and ")}
       group by project_id order by project_id limit ${param(limit)}
     )
     select page.*, p.name from page left join projects p on p.id = page.id order by page.id`,
    params,
  );
  return rows.map(({ compiled, failed, stale, pending, unverified, ...row }) => ({
    ...row,
    statusCounts: { compiled, failed, stale, pending, unverified },
  }));
}

/** Project ids matching a name substring or id prefix, with name and scene count (the project picker). */
export async function searchProjectOptions(
  db: Queryable,
  text: string,
  limit: number,
): Promise<{ id: string; name: string | null; scenes: number }[]> {
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where = text ? `and ${await projectSearchPredicate(db, text, param)}` : "";
  return db.query(
    `with hits as (
       select project_id as id, count(*)::int as scenes from scenes
       where project_id is not null ${where} group by project_id order by project_id limit ${param(limit)}
     )
     select hits.id, p.name, hits.scenes from hits left join projects p on p.id = hits.id order by p.name nulls last, hits.id`,
    params,
  );
}

/** A project's name row, or null when it has none (a project is shown by its id then). */
export async function getProjectName(db: Queryable, id: string): Promise<string | null> {
  const rows = await db.query<{ name: string | null }>("select name from projects where id = $1", [id]);
  return rows[0]?.name ?? null;
}

/** Sets (or clears, with null) a project's name; returns the stored row. */
export async function upsertProjectName(
  db: Queryable,
  id: string,
  name: string | null,
): Promise<{ id: string; name: string | null; createdAt: Date; updatedAt: Date }> {
  const rows = await db.query<{ id: string; name: string | null; createdAt: Date; updatedAt: Date }>(
    `insert into projects (id, name) values ($1, $2)
     on conflict (id) do update set name = excluded.name, updated_at = now()
     returning id, name, created_at as "createdAt", updated_at as "updatedAt"`,
    [id, name],
  );
  return rows[0]!;
}

export interface ScenePlace {
  projectId: string;
  projectName: string | null;
  /** 1-based place in play order (position, then id). */
  index: number;
  total: number;
  previous: { id: string; name: string } | null;
  next: { id: string; name: string } | null;
}

/** Where a scene sits in its project's play order, and its neighbours (the scene page's project block). */
export async function scenePlace(db: Queryable, projectId: string, sceneId: string): Promise<ScenePlace | null> {
  const rows = await db.query<ScenePlace & { prevId: string | null; prevName: string | null; nextId: string | null; nextName: string | null }>(
    `with ordered as (
       select id, row_number() over w as n, count(*) over () as total,
              lag(id) over w as prev_id, lag(name) over w as prev_name,
              lead(id) over w as next_id, lead(name) over w as next_name
       from scenes where project_id = $1 window w as (order by position, id)
     )
     select o.n::int as index, o.total::int as total, o.prev_id as "prevId", o.prev_name as "prevName",
            o.next_id as "nextId", o.next_name as "nextName", (select name from projects where id = $1) as "projectName"
     from ordered o where o.id = $2`,
    [projectId, sceneId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    projectId,
    projectName: row.projectName,
    index: row.index,
    total: row.total,
    previous: row.prevId ? { id: row.prevId, name: row.prevName ?? "" } : null,
    next: row.nextId ? { id: row.nextId, name: row.nextName ?? "" } : null,
  };
}
