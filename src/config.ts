// Runtime configuration: the ONLY place that reads environment variables (every variable in the README's
// table). Everything else receives an AppConfig (or the part of it it needs) as an argument.
import { availableParallelism } from "node:os";
import type { OpenOptions } from "./db/open.ts";
import type { CompilationVersion } from "./compiler/types.ts";
import { PUBLIC_DIR, type ExportConfig } from "./export/config.ts";
import { LOG_LEVELS, type LogLevel } from "./observability/logger.ts";

/** CLAPPER_ROLE: `all` serves HTTP and renders exports; `web` only serves; `worker` only renders (and /healthz). */
export type ClapperRole = "all" | "web" | "worker";

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
  /** HTTP_IDLE_TIMEOUT_S: Bun.serve idleTimeout; a connection silent this long (slow body, idle keep-alive) is closed. */
  httpIdleTimeoutS: number;
  /** CLAPPER_ROLE: which parts this instance runs. */
  role: ClapperRole;
  /** CHROMIUM_PATH, FFMPEG_PATH and the EXPORT_* settings. */
  export: ExportConfig;
  /** VERIFY_WORKERS: Worker threads (one QuickJS isolate each) verifying compiled scenes; default cores − 1, at least 1. */
  verifyWorkers: number;
  /** VERIFY_DEADLINE_MS: CPU deadline of one scene's verification. */
  verifyDeadlineMs: number;
  /** VERIFY_MEMORY_MB: memory cap of one verification isolate (MiB, at least 16). */
  verifyMemoryMb: number;
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

function parseRole(value: string | undefined): ClapperRole {
  if (value === undefined || value.trim() === "") return "all";
  if (value === "all" || value === "web" || value === "worker") return value;
  throw new Error(`CLAPPER_ROLE must be all, web or worker, got ${JSON.stringify(value)}`);
}

/** Reads CHROMIUM_PATH, FFMPEG_PATH, EXPORT_DIR, EXPORT_CONCURRENCY, EXPORT_CHUNK_FRAMES, EXPORT_RETENTION_DAYS, EXPORT_MAX_BYTES, EXPORT_LEASE_MS, EXPORT_SETTLE_TIMEOUT_MS. */
export function exportConfigFromEnv(env: Env, overrides: Partial<ExportConfig> = {}): ExportConfig {
  const big = Number.MAX_SAFE_INTEGER;
  return {
    chromiumPath: env.CHROMIUM_PATH || "/usr/bin/chromium",
    ffmpegPath: env.FFMPEG_PATH || "ffmpeg",
    exportDir: env.EXPORT_DIR || "./data/exports",
    concurrency: parseCount("EXPORT_CONCURRENCY", env.EXPORT_CONCURRENCY, availableParallelism(), 1, 256),
    chunkFrames: parseCount("EXPORT_CHUNK_FRAMES", env.EXPORT_CHUNK_FRAMES, 300, 1, 1_000_000),
    retentionDays: parseCount("EXPORT_RETENTION_DAYS", env.EXPORT_RETENTION_DAYS, 30, 1, 100_000),
    maxTotalBytes: parseCount("EXPORT_MAX_BYTES", env.EXPORT_MAX_BYTES, 20 * 1024 ** 3, 1, big),
    leaseMs: parseCount("EXPORT_LEASE_MS", env.EXPORT_LEASE_MS, 30_000, 1000, 3_600_000),
    settleTimeoutMs: parseCount("EXPORT_SETTLE_TIMEOUT_MS", env.EXPORT_SETTLE_TIMEOUT_MS, 10_000, 100, 600_000),
    publicDir: PUBLIC_DIR,
    pollMs: 500,
    ...overrides,
  };
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
    httpIdleTimeoutS: parseCount("HTTP_IDLE_TIMEOUT_S", env.HTTP_IDLE_TIMEOUT_S, 60, 1, 255),
    role: parseRole(env.CLAPPER_ROLE),
    export: exportConfigFromEnv(env),
    verifyWorkers: parseCount("VERIFY_WORKERS", env.VERIFY_WORKERS, Math.max(1, availableParallelism() - 1), 1, 64),
    verifyDeadlineMs: parseCount("VERIFY_DEADLINE_MS", env.VERIFY_DEADLINE_MS, 100, 10, 10_000),
    verifyMemoryMb: parseCount("VERIFY_MEMORY_MB", env.VERIFY_MEMORY_MB, 64, 16, 4096),
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
