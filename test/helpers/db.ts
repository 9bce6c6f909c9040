// Test databases on both drivers: in-memory PGlite and a throwaway real Postgres database.
import { afterAll, beforeAll, describe } from "bun:test";
import postgres from "postgres";
import { testPostgresUrl } from "../../src/config.ts";
import { openDatabase, type Database } from "../../src/db/open.ts";

export type Driver = "pglite" | "postgres";
export const DRIVERS: Driver[] = ["pglite", "postgres"];

/** Admin connection used to create/drop throwaway databases; override with TEST_POSTGRES_URL. */
export const ADMIN_POSTGRES_URL = testPostgresUrl();

export interface TestDatabase {
  db: Database;
  driver: Driver;
  /** Closes the connection and, on Postgres, drops the throwaway database. */
  dispose(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A created (empty, unmigrated) throwaway Postgres database: its URL and how to drop it. */
export interface ThrowawayPostgres {
  name: string;
  url: string;
  /** The admin connection, for pg_terminate_backend and the like. */
  admin: postgres.Sql;
  drop(): Promise<void>;
}

/** Creates `clapper_t_<random>` on the admin server. */
export async function createThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const name = `clapper_t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(ADMIN_POSTGRES_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw new Error(
      `Postgres tests need a server at ${ADMIN_POSTGRES_URL} (set TEST_POSTGRES_URL): ${String(error)}`,
    );
  }
  return {
    name,
    url: withDatabaseName(ADMIN_POSTGRES_URL, name),
    admin,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Creates a throwaway database and opens (and migrates) it. */
async function openThrowawayPostgres(): Promise<TestDatabase> {
  const created = await createThrowawayPostgres();
  const db = await openDatabase(created.url);
  return {
    db,
    driver: "postgres",
    async dispose() {
      await db.close();
      await created.drop();
    },
  };
}

/** Opens a fresh, migrated database on the given driver. Call dispose() when done. */
export async function openTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === "postgres") return openThrowawayPostgres();
  const db = await openDatabase("memory://");
  return { db, driver, dispose: () => db.close() };
}

/** What a suite sees: the open database of its driver (valid from beforeAll on). */
export interface DriverContext {
  readonly driver: Driver;
  readonly db: Database;
}

/**
 * Runs `fn` as two describe blocks, one per driver, each with its own database opened once in
 * beforeAll and disposed in afterAll. Postgres being unreachable fails the suite, never skips it.
 */
export function describeEachDriver(name: string, fn: (ctx: DriverContext) => void): void {
  for (const driver of DRIVERS) {
    describe(`${name} [${driver}]`, () => {
      let opened: TestDatabase | undefined;
      const ctx: DriverContext = {
        driver,
        get db() {
          if (!opened) throw new Error(`${driver} test database is not open (beforeAll failed?)`);
          return opened.db;
        },
      };
      beforeAll(async () => {
        opened = await openTestDatabase(driver);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      fn(ctx);
    });
  }
}
