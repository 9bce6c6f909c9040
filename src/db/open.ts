// openDatabase(url): one small data layer over postgres.js or PGlite, migrated on open.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import * as schema from "./schema.ts";
import { withStartupLock } from "./startup-lock.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));
export const DEFAULT_PGLITE_DIR = "./data/pglite";

/** Anything that can run one SQL statement: the database itself or an open transaction. */
export interface Queryable {
  /**
   * Runs one statement with $1… parameters; always resolves to an array of rows.
   * int8/numeric come back as number, timestamptz as Date, date as "YYYY-MM-DD".
   * Params: Date → ISO text, plain objects → JSON text (for `$n::jsonb`), arrays pass through.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface ReservedSession extends Queryable {
  /** Gives the connection back to the pool (session locks still held on it are the caller's to free first). */
  release(): Promise<void>;
}

export interface Database extends Queryable {
  kind: "pglite" | "postgres";
  /**
   * One connection held until release(), for session state such as advisory locks (the pool would
   * hand each statement to any connection and retire idle ones). PGlite is one session: it is that.
   */
  reserveSession(): Promise<ReservedSession>;
  /** Runs fn inside BEGIN/COMMIT; a throw rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Statements and transactions in flight right now (each holds or waits for a connection); /metrics reads it. */
  activity?: { queries: number; transactions: number };
}

const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184, date: 1082 } as const;

type Column = { name: string; oid: number };

/** Makes values from either driver look the same (see Queryable.query). */
function normalizeValue(oid: number, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (oid) {
    case OID.int8:
    case OID.numeric:
      return Number(value);
    case OID.timestamptz:
      return value instanceof Date ? value : new Date(String(value));
    case OID.timestamp:
      return value instanceof Date ? value : new Date(`${String(value).replace(" ", "T")}Z`);
    case OID.date:
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    default:
      return value;
  }
}

const NORMALIZED_OIDS = new Set<number>(Object.values(OID));

function normalizeRows<T>(rows: Record<string, unknown>[], columns: Column[]): T[] {
  const touched = columns.filter((c) => NORMALIZED_OIDS.has(c.oid));
  if (touched.length > 0) {
    for (const row of rows) for (const c of touched) row[c.name] = normalizeValue(c.oid, row[c.name]);
  }
  return rows as T[];
}

function serializeParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

const serializeParams = (params: unknown[] = []) => params.map(serializeParam);

/** postgres:// and postgresql:// use postgres.js; everything else is PGlite. */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export interface OpenOptions {
  /** postgres.js pool size (config DATABASE_POOL_SIZE); PGlite has one connection. */
  poolSize?: number;
  /** Seconds before an unreachable server fails a request (config DATABASE_CONNECT_TIMEOUT_S). */
  connectTimeoutS?: number;
  /** Postgres statement_timeout in ms (config DATABASE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
}

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<Database> {
  const db = isPostgresUrl(url) ? await openPostgres(url, options) : await openPglite(url);
  try {
    await withStartupLock(db.database, db.migrate);
  } catch (error) {
    await db.database.close();
    throw error;
  }
  return counted(db.database);
}

/** The database with its in-flight statements and transactions counted (postgres.js exposes no pool figures). */
function counted(database: Database): Database {
  const activity = { queries: 0, transactions: 0 };
  const { query, transaction } = database;
  return {
    ...database,
    activity,
    async query(text, params) {
      activity.queries++;
      try {
        return await query(text, params);
      } finally {
        activity.queries--;
      }
    },
    async transaction(fn) {
      activity.transactions++;
      try {
        return await transaction(fn);
      } finally {
        activity.transactions--;
      }
    },
  } as Database;
}

type Opened = { database: Database; migrate(): Promise<void> };

function pgliteQueryable(client: Pick<PGlite, "query">): Queryable {
  return {
    async query<T>(text: string, params?: unknown[]) {
      const result = await client.query<Record<string, unknown>>(text, serializeParams(params));
      return normalizeRows<T>(
        result.rows,
        result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID })),
      );
    },
  };
}

async function openPglite(url: string | undefined): Promise<Opened> {
  const dataDir = !url ? DEFAULT_PGLITE_DIR : url.replace(/^file:\/\//, "");
  if (dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
  const client = dataDir === "memory://" ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const orm = drizzlePglite(client, { schema });
  const database: Database = {
    kind: "pglite",
    ...pgliteQueryable(client),
    reserveSession: async () => ({ ...pgliteQueryable(client), release: async () => {} }),
    transaction: (fn) => client.transaction((tx) => fn(pgliteQueryable(tx))),
    close: () => client.close(),
  };
  return { database, migrate: () => migratePglite(orm, { migrationsFolder: MIGRATIONS_FOLDER }) };
}

function postgresQueryable(sql: postgres.Sql): Queryable {
  return {
    async query<T>(text: string, params?: unknown[]) {
      const result = await sql.unsafe(text, serializeParams(params) as postgres.ParameterOrJSON<never>[]);
      const columns = (result.columns ?? []).map((c) => ({ name: c.name, oid: c.type }));
      return normalizeRows<T>([...result] as Record<string, unknown>[], columns);
    },
  };
}

/** Seconds a dropped connection waits before reconnecting: 0.1–0.3 s, jittered so the pool does not stampede. */
function reconnectBackoffSeconds(): number {
  return 0.1 + Math.random() * 0.2;
}

async function openPostgres(url: string, options: OpenOptions): Promise<Opened> {
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    // Bun drops idle sockets after ~10 s; let postgres.js retire them first.
    idle_timeout: 5,
    // An unreachable database must fail a request within seconds (503), not hold it for the default 30 s.
    connect_timeout: options.connectTimeoutS ?? 3,
    // No statement of ours runs long; one that does is stuck behind a lock and should fail, not hang.
    // postgres.js never resets its shared retry count, so its default exponential backoff reaches 20 s
    // after a handful of drops over the process's life; a short jittered pause recovers within 5 s.
    backoff: reconnectBackoffSeconds,
    connection: { statement_timeout: options.statementTimeoutMs ?? 15_000 },
  });
  const orm = drizzlePostgres(client, { schema });
  const database: Database = {
    kind: "postgres",
    ...postgresQueryable(client),
    async reserveSession() {
      const reserved = await client.reserve();
      return { ...postgresQueryable(reserved), release: async () => reserved.release() };
    },
    transaction: (fn) =>
      client.begin((tx) => fn(postgresQueryable(tx as unknown as postgres.Sql))) as Promise<never>,
    close: () => client.end({ timeout: 5 }),
  };
  return { database, migrate: () => migratePostgres(orm, { migrationsFolder: MIGRATIONS_FOLDER }) };
}
