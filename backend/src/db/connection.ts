import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";
import { checkDatabasePath, checkDatabaseUsable, toUnusable } from "./health-check";
import { migrateToLatest } from "./migrate";

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  /** The raw handle, for the health check and for closing. */
  sqlite: SQLite.Database;
}

/**
 * Opens (and creates) the SQLite file, checks that it is a database that can be written, sets the
 * pragmas we rely on and runs pending migrations. A file that cannot be used stops the start with
 * a DatabaseUnusableError naming the path and the reason.
 */
export async function openDatabase(filePath: string): Promise<OpenedDatabase> {
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  return { db, sqlite };
}
