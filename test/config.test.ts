// config.ts is the only reader of the environment: every variable parses there, with clear errors.
import { expect, test } from "bun:test";
import { loadConfig, testPostgresUrl } from "../src/config.ts";

test("pool size and backfill workers come from the environment with defaults", () => {
  const defaults = loadConfig({});
  expect([defaults.databasePoolSize, defaults.backfillWorkers]).toEqual([10, 0]);
  const set = loadConfig({ DATABASE_POOL_SIZE: "3", BACKFILL_WORKERS: "2" });
  expect([set.databasePoolSize, set.backfillWorkers]).toEqual([3, 2]);
  expect(loadConfig({ DATABASE_POOL_SIZE: " ", BACKFILL_WORKERS: "" }).databasePoolSize).toBe(10);
});

test("a malformed variable is refused at start, naming it", () => {
  expect(() => loadConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  expect(() => loadConfig({ BACKFILL_WORKERS: "two" })).toThrow(/BACKFILL_WORKERS/);
  expect(() => loadConfig({ COMPILE_TARGET_VERSION: "3" })).toThrow(/COMPILE_TARGET_VERSION/);
});

test("TEST_POSTGRES_URL falls back to the local server", () => {
  expect(testPostgresUrl({})).toBe("postgres://postgres@127.0.0.1:5432/postgres");
  expect(testPostgresUrl({ TEST_POSTGRES_URL: "postgres://x@h/db" })).toBe("postgres://x@h/db");
});
