// Failures page: compile failures (current state of scenes) and runtime failures (recent runtime_events),
// each grouped by a normalised message, with a per-day trend over the last TREND_DAYS days.
import type { Queryable } from "../open.ts";
import { DASHBOARD_STATUS_WHERE, SCENE_STATUS_WHERE } from "../status.ts";

/** Days of history a trend covers; index 0 of a trend is the oldest day, the last is the latest 24 h. */
export const TREND_DAYS = 7;
/** Longest message prefix grouped on: stack traces and huge messages do not make groups distinct. */
const PATTERN_CHARS = 300;

/**
 * SQL expression: the first line of a message with ids, (line:col) positions and stand-alone numbers
 * folded to placeholders. Names, identifiers and quoted parts are kept, because they are what tells
 * "Module 'zod' is not available" from "Module 'three' is not available". `\m…\M` keeps digits inside
 * identifiers ("scene2") while folding "line 3" and "after 120 frames".
 */
export function normalisedMessageSql(expr: string): string {
  const firstLine = `left(split_part(coalesce(${expr}, '(no message)'), E'\\n', 1), ${PATTERN_CHARS})`;
  const ids = `regexp_replace(${firstLine}, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'gi')`;
  const positions = `regexp_replace(${ids}, '\\(\\d+:\\d+\\)', '(L:C)', 'g')`;
  return `regexp_replace(${positions}, '\\m\\d+(\\.\\d+)?\\M', 'N', 'g')`;
}

/** `array[count on day TREND_DAYS-1 ago, …, count in the last 24 h]` over rows with a created_at. */
const TREND_SQL = `array[${Array.from({ length: TREND_DAYS }, (_, i) => TREND_DAYS - 1 - i)
  .map((age) => `count(*) filter (where created_at < now() - interval '${age} days' and created_at >= now() - interval '${age + 1} days')`)
  .join(", ")}]::int[]`;

/** A group's five most recently updated scenes as a JSON array of {id, name}. */
const SAMPLES_SQL = `to_json((array_agg(json_build_object('id', id, 'name', name) order by updated_at desc))[1:5]) as samples`;

export interface FailureSample {
  id: string;
  name: string;
}

export interface CompileFailureGroupRow {
  pattern: string;
  /** Scenes of the group with nothing to serve (dashboard status failed). */
  failed: number;
  /** Scenes of the group still serving JS of an older revision (dashboard status stale). */
  stale: number;
  firstSeen: Date;
  lastSeen: Date;
  /** A few scenes of the group, most recently updated first. */
  samples: FailureSample[];
}

/**
 * Scenes whose latest compile failed, grouped by normalised error, biggest group first, with the
 * failed/stale split of src/db/status.ts; walks only failing rows (scenes_failed_updated_idx predicate).
 */
export async function compileFailureGroups(db: Queryable, limit = 100): Promise<CompileFailureGroupRow[]> {
  return db.query<CompileFailureGroupRow>(
    `with failing as (
       select id, name, updated_at, ${DASHBOARD_STATUS_WHERE.failed} as nothing_served,
              ${normalisedMessageSql("compilation_error->>'message'")} as pattern
       from scenes where ${SCENE_STATUS_WHERE.failed}
     )
     select pattern, (count(*) filter (where nothing_served))::int as failed,
            (count(*) filter (where not nothing_served))::int as stale,
            min(updated_at) as "firstSeen", max(updated_at) as "lastSeen",
            ${SAMPLES_SQL}
     from failing group by pattern order by count(*) desc, pattern limit $1`,
    [limit],
  );
}

/**
 * Failed compile attempts per normalised error over the last TREND_DAYS days, as a daily trend: the
 * history behind each compile group (a range on compile_events_created_idx, failed attempts only).
 */
export async function compileFailureTrends(db: Queryable): Promise<{ pattern: string; trend: number[] }[]> {
  return db.query(
    `select ${normalisedMessageSql("error->>'message'")} as pattern, ${TREND_SQL} as trend
     from compile_events where not ok and created_at >= now() - interval '${TREND_DAYS} days'
     group by 1`,
  );
}

export interface RuntimeFailureGroupRow {
  pattern: string;
  /** Where the error was thrown: preview or export. */
  context: string;
  events: number;
  scenes: number;
  lastSeen: Date;
  trend: number[];
  /** A few scenes that threw it (deleted scenes drop out). */
  samples: FailureSample[];
}

/**
 * Runtime errors (kind = error) of the last TREND_DAYS days grouped by context and normalised message,
 * most events first, with the scenes that threw them (a range on runtime_events_created_idx).
 */
export async function runtimeFailureGroups(db: Queryable, limit = 100): Promise<RuntimeFailureGroupRow[]> {
  return db.query<RuntimeFailureGroupRow>(
    `with grouped as (
       select ${normalisedMessageSql("message")} as pattern, context, count(*)::int as events,
              count(distinct scene_id)::int as scenes, max(created_at) as "lastSeen", ${TREND_SQL} as trend,
              (array_agg(distinct scene_id))[1:5] as sample_ids
       from runtime_events where kind = 'error' and created_at >= now() - interval '${TREND_DAYS} days'
       group by 1, 2 order by events desc, pattern limit $1
     )
     select pattern, context, events, scenes, "lastSeen", trend,
            (select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) order by s.name), '[]'::json)
             from scenes s where s.id = any(grouped.sample_ids)) as samples
     from grouped order by events desc, pattern`,
    [limit],
  );
}

/** A group of unverified scenes: like a compile group, counted as one number (nothing splits them). */
export type VerifyFailureGroupRow = Pick<CompileFailureGroupRow, "pattern" | "lastSeen" | "samples"> & { scenes: number };

/**
 * Unverified scenes (compiled, but the artifact failed write-time verification) grouped by normalised
 * verification error, biggest group first: they would throw or render nothing in the player.
 */
export async function verifyFailureGroups(db: Queryable, limit = 100): Promise<VerifyFailureGroupRow[]> {
  return db.query<VerifyFailureGroupRow>(
    `with failing as (
       select id, name, updated_at,
              ${normalisedMessageSql("coalesce(compile_meta->'verify'->'error'->>'message', 'verification failed')")} as pattern
       from scenes where ${DASHBOARD_STATUS_WHERE.unverified}
     )
     select pattern, count(*)::int as scenes, max(updated_at) as "lastSeen",
            ${SAMPLES_SQL}
     from failing group by pattern order by count(*) desc, pattern limit $1`,
    [limit],
  );
}
