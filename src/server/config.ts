// Runtime configuration from the environment (HOST, PORT, ADMIN_TOKEN, DATABASE_URL, feature flags).
import type { CompilationVersion } from "../compiler/types.ts";

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
  /** TRUST_PROXY=1: believe X-Forwarded-Proto/-For (only behind a proxy that sets them). */
  trustProxy: boolean;
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
    trustProxy: /^(1|true|yes)$/i.test(env.TRUST_PROXY ?? ""),
    ...overrides,
  };
}

/** The flags and limits a client may read (GET /api/config, /healthz); never the token. */
export function publicConfig(config: AppConfig) {
  return {
    compileTargetVersion: config.compileTargetVersion,
    maxBodyBytes: config.maxBodyBytes,
  };
}
