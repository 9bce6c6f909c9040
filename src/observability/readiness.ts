// Readiness: the database answers AND holds every migration this build ships (a new build started
// against a database its migrations have not reached yet is not ready, nor is one with no database).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS_FOLDER, type Database } from "../db/open.ts";
import * as q from "../db/queries.ts";
import { describeError } from "../db/unavailable.ts";

interface JournalEntry {
  tag: string;
  when: number;
}

/** The newest migration of this build (drizzle's journal; the migrator stores its `when` as created_at). */
export function latestShippedMigration(folder = MIGRATIONS_FOLDER): JournalEntry {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  const last = journal.entries[journal.entries.length - 1];
  if (!last) throw new Error(`no migrations in ${folder}`);
  return { tag: last.tag, when: last.when };
}

export type Readiness = { ready: true; migration: string } | { ready: false; reason: string; message: string };

export function createReadinessCheck(db: Database) {
  const shipped = latestShippedMigration();
  return async function readiness(): Promise<Readiness> {
    let applied: number | null;
    try {
      applied = await q.lastAppliedMigration(db);
    } catch (error) {
      return { ready: false, reason: "db_unreachable", message: `Database unreachable: ${describeError(error)}` };
    }
    if (applied === null || applied < shipped.when) {
      return { ready: false, reason: "migrations_pending", message: `Migration ${shipped.tag} is not applied yet.` };
    }
    return { ready: true, migration: shipped.tag };
  };
}
