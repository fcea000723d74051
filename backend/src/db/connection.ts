import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import type { DatabaseDialect } from "./dialect";
import {
  checkDatabasePath,
  checkDatabaseUsable,
  DatabaseUnusableError,
  probeDatabase,
  probePostgres,
  toUnusable,
  type DatabaseStatus,
} from "./health-check";
import { migrateToLatest } from "./migrate";
import { CurrentSchemaPostgresDialect } from "./postgres-dialect";
import { loadKnowledgeSeed } from "./knowledge-files";
import { seedDemoStore } from "./seed-demo-store";
import { seedStoreProfile } from "./seed-store-profile";
import { seedKnowledge } from "./seed-knowledge";

export type Db = Kysely<Database>;

/** Where the data lives: a PostgreSQL URL (DATABASE_URL) or else a SQLite file (DATABASE_PATH). */
export type DatabaseLocation = { url: string } | { path: string };

export interface DatabaseSettings {
  DATABASE_URL?: string;
  DATABASE_PATH: string;
}

export interface OpenedDatabase {
  db: Db;
  dialect: DatabaseDialect;
  /** Whether the database can be written now (what /api/health reports). */
  probe(): Promise<DatabaseStatus>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Insert the Harbor & Pine demo orders after the migrations (idempotent). Default true. */
  seedDemoData?: boolean;
}

export const databaseLocation = (settings: DatabaseSettings): DatabaseLocation =>
  settings.DATABASE_URL ? { url: settings.DATABASE_URL } : { path: settings.DATABASE_PATH };

/**
 * Opens the database, checks that it can be written, runs pending migrations, gives it a store
 * profile when it has none, seeds the demo orders and, on first run, the knowledge base. A database that cannot be used stops the start with a DatabaseUnusableError naming it
 * and the reason.
 */
export async function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const opened = "url" in location ? await openPostgres(location.url) : openSqlite(location.path);
  try {
    await migrateToLatest(opened.db);
    await seedStoreProfile(opened.db);
    if (options.seedDemoData ?? true) await seedDemoStore(opened.db);
    // The store's knowledge articles and synonyms, once: the agent and the help center need them.
    await seedKnowledge(opened.db, loadKnowledgeSeed());
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/** The SQLite file: checked, with the pragmas we rely on. */
function openSqlite(filePath: string): OpenedDatabase {
  checkDatabasePath(filePath);
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(filePath);
    checkDatabaseUsable(sqlite, filePath);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
  } catch (error) {
    sqlite?.close();
    throw toUnusable(error, filePath);
  }
  const handle = sqlite;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withPreparedStatements(handle) }) });
  return {
    db,
    dialect: "sqlite",
    probe: async () => probeDatabase(handle),
    // Kysely's SQLite driver closes the handle.
    close: () => db.destroy(),
  };
}

// Enough for every query the app writes (about 150 distinct SQL texts) with room for `in (...)`
// lists of varying length; past it the oldest is dropped.
const PREPARED_STATEMENTS = 500;

/**
 * The SQLite handle Kysely's driver uses, with each SQL text prepared once: the driver prepares
 * every query anew, so SQLite would parse and plan the same SQL on every request. The driver runs
 * one query at a time on its one connection, so a cached statement is never in use twice.
 */
function withPreparedStatements(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= PREPARED_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * A pool of PostgreSQL connections; the first one proves the server answers and can be written.
 * The driver is loaded here, on first use: on SQLite the process never holds it.
 */
async function openPostgres(url: string): Promise<OpenedDatabase> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A server that does not answer fails a request (and the health check) instead of hanging it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A statement stuck behind a hung transaction fails the request (a JSON error) instead of
    // hanging it, and a reply writer with it, forever.
    statement_timeout: 10_000,
    idle_in_transaction_session_timeout: 15_000,
  });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process;
  // the next query opens a new one or reports the error to its caller.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  const probe = () => probePostgres(pool);
  let status: DatabaseStatus;
  try {
    status = await probe();
  } catch (error) {
    await db.destroy();
    throw DatabaseUnusableError.at(redactUrl(url), `cannot be reached (${(error as Error).message})`);
  }
  if (status !== "ok") {
    await db.destroy();
    throw DatabaseUnusableError.at(redactUrl(url), status === "readonly" ? "is read-only (a standby or a read-only transaction default)" : "cannot be written");
  }
  return {
    db,
    dialect: "postgres",
    probe: () => probe().catch(() => "down" as const),
    close: () => db.destroy(),
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the DATABASE_URL";
  }
}
