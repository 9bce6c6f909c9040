// Runtime configuration: the ONLY place that reads environment variables (every variable in the README's
// table). Everything else receives an AppConfig (or the part of it it needs) as an argument.
import type { OpenOptions } from "./db/open.ts";
import type { CompilationVersion } from "./compiler/types.ts";
import { LOG_LEVELS, type LogLevel } from "./observability/logger.ts";

export interface AppConfig {
  host: string;
  port: number;
  /** Bearer token for /api/* and the dashboard login. */
  adminToken: string;
  /** True when ADMIN_TOKEN was unset and a random one was generated for this process. */
  adminTokenGenerated: boolean;
  databaseUrl: string | undefined;
  /** Feature flag COMPILE_TARGET_VERSION: artifact version for new compiles. */
  compileTargetVersion: CompilationVersion;
  /** Largest request body in bytes (413 above it). */
  maxBodyBytes: number;
  /** DATABASE_POOL_SIZE: postgres.js pool size (ignored by PGlite). */
  databasePoolSize: number;
  /** BACKFILL_WORKERS: compile backfill batches on this many Workers by default (0 = main thread). */
  backfillWorkers: number;
  /** TRUST_PROXY=1: believe X-Forwarded-Proto/-For (only behind a proxy that sets them). */
  trustProxy: boolean;
  /** DATABASE_CONNECT_TIMEOUT_S: an unreachable database fails a request within this many seconds (503). */
  databaseConnectTimeoutS: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS: Postgres statement_timeout for every connection. */
  databaseStatementTimeoutMs: number;
  /** SHUTDOWN_DEADLINE_MS: on SIGTERM/SIGINT, how long in-flight work may finish before the process exits. */
  shutdownDeadlineMs: number;
  /** LOG_LEVEL: least severe level written to the JSON log (info = one line per request). */
  logLevel: LogLevel;
  /** METRICS_TOKEN: a bearer token that reads only GET /metrics (ADMIN_TOKEN works too); null = none. */
  metricsToken: string | null;
}

type Env = Record<string, string | undefined>;

function parseTargetVersion(value: string | undefined): CompilationVersion {
  if (value === undefined || value === "" || value === "1") return 1;
  if (value === "2") return 2;
  throw new Error(`COMPILE_TARGET_VERSION must be 1 or 2, got ${JSON.stringify(value)}`);
}

function parsePort(value: string | undefined): number {
  const port = Number(value ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got ${value}`);
  return port;
}

function parseCount(name: string, value: string | undefined, fallback: number, min: number, max = 1000): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}–${max}, got ${JSON.stringify(value)}`);
  return n;
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value.trim() === "") return "info";
  const level = value.trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(value)}`);
  return level;
}

/** A random URL-safe token (32 bytes of entropy). */
const randomToken = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

export function loadConfig(env: Env = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const token = env.ADMIN_TOKEN?.trim();
  return {
    host: env.HOST || "127.0.0.1",
    port: parsePort(env.PORT),
    adminToken: token || randomToken(),
    adminTokenGenerated: !token,
    databaseUrl: env.DATABASE_URL || undefined,
    compileTargetVersion: parseTargetVersion(env.COMPILE_TARGET_VERSION),
    maxBodyBytes: 1024 * 1024,
    databasePoolSize: parseCount("DATABASE_POOL_SIZE", env.DATABASE_POOL_SIZE, 10, 1),
    backfillWorkers: parseCount("BACKFILL_WORKERS", env.BACKFILL_WORKERS, 0, 0),
    trustProxy: /^(1|true|yes)$/i.test(env.TRUST_PROXY ?? ""),
    databaseConnectTimeoutS: parseCount("DATABASE_CONNECT_TIMEOUT_S", env.DATABASE_CONNECT_TIMEOUT_S, 3, 1, 600),
    databaseStatementTimeoutMs: parseCount("DATABASE_STATEMENT_TIMEOUT_MS", env.DATABASE_STATEMENT_TIMEOUT_MS, 15_000, 100, 3_600_000),
    shutdownDeadlineMs: parseCount("SHUTDOWN_DEADLINE_MS", env.SHUTDOWN_DEADLINE_MS, 10_000, 0, 600_000),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    ...overrides,
  };
}

/** The process's configuration with some fields fixed by the caller (a CLI flag wins over its variable). */
export const loadConfigWith = (overrides: Partial<AppConfig>): AppConfig => loadConfig(process.env, overrides);

/** TEST_POSTGRES_URL: the server tests and benchmarks create throwaway databases on. */
export function testPostgresUrl(env: Env = process.env): string {
  return env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

/** The flags and limits a client may read (GET /api/config, /healthz); never the token. */
export function publicConfig(config: AppConfig) {
  return {
    compileTargetVersion: config.compileTargetVersion,
    maxBodyBytes: config.maxBodyBytes,
  };
}

/** How the configured database is opened (pool and timeouts); the one mapping main.ts and the scripts share. */
export function databaseOptions(config: AppConfig): OpenOptions {
  return {
    poolSize: config.databasePoolSize,
    connectTimeoutS: config.databaseConnectTimeoutS,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
  };
}
