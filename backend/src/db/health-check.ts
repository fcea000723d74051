// Whether the database can be written, not only read: a read-only file (or one SQLite opened
// read-only because of its permissions) answers `select 1` happily while every write fails.
import fs from "node:fs";
import path from "node:path";
import type SQLite from "better-sqlite3";
import type pg from "pg";

export type DatabaseStatus = "ok" | "readonly" | "down";

const isReadonly = (error: unknown) => String((error as { code?: unknown })?.code ?? "").startsWith("SQLITE_READONLY");

/**
 * Takes the write lock and lets go of it (BEGIN IMMEDIATE fails on a read-only database) without
 * writing anything. Inside an open transaction of this same connection a write is under way,
 * which is proof enough.
 */
export function probeDatabase(sqlite: SQLite.Database): DatabaseStatus {
  try {
    sqlite.prepare("select count(*) from sqlite_master").get();
    if (sqlite.inTransaction) return "ok";
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec("ROLLBACK");
    return "ok";
  } catch (error) {
    return isReadonly(error) ? "readonly" : "down";
  }
}

// Longer than this and the health check reports the database down rather than hang on it.
const POSTGRES_PROBE_TIMEOUT_MS = 2_000;

/**
 * PostgreSQL: a connection answers and its transactions may write (a standby, or
 * default_transaction_read_only, answers "on"). Throws when no connection can be had in time.
 */
export async function probePostgres(pool: pg.Pool): Promise<DatabaseStatus> {
  let timer: NodeJS.Timeout | undefined;
  const query = pool.query<{ readonly: string }>("select current_setting('transaction_read_only') as readonly");
  try {
    const result = await Promise.race([
      query,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${POSTGRES_PROBE_TIMEOUT_MS} ms`)), POSTGRES_PROBE_TIMEOUT_MS);
      }),
    ]);
    return result.rows[0]?.readonly === "on" ? "readonly" : "ok";
  } finally {
    clearTimeout(timer);
    // A query that lost the race still settles later; nobody is waiting for it.
    query.catch(() => {});
  }
}

/** Why the app cannot use its database, in one line that names the file (or the server). */
export class DatabaseUnusableError extends Error {
  constructor(filePath: string, reason: string) {
    super(`database ${path.resolve(filePath)} ${reason}`);
    this.name = "DatabaseUnusableError";
  }

  /** For a database that is not a file: `where` is shown as given (a URL without its password). */
  static at(where: string, reason: string): DatabaseUnusableError {
    const error = new DatabaseUnusableError("", reason);
    error.message = `database ${where} ${reason}`;
    return error;
  }
}

/** Before opening: the checks SQLite's own errors would leave vague. */
export function checkDatabasePath(filePath: string): void {
  if (filePath === ":memory:") return;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(filePath);
  } catch {
    // Missing (or under a path that is not a folder): the folder check below says which.
  }
  if (stat?.isDirectory()) throw new DatabaseUnusableError(filePath, "is a directory, not a database file");
  const folder = path.dirname(path.resolve(filePath));
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new DatabaseUnusableError(filePath, `has no folder, and it cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** After opening: a file that is not a database, a corrupt one, or one that cannot be written. */
export function checkDatabaseUsable(sqlite: SQLite.Database, filePath: string): void {
  let check: unknown;
  try {
    check = sqlite.pragma("quick_check", { simple: true });
  } catch (error) {
    throw toUnusable(error, filePath);
  }
  if (check !== "ok") throw new DatabaseUnusableError(filePath, `is corrupt (quick_check: ${String(check).split("\n")[0]})`);
  const status = probeDatabase(sqlite);
  if (status === "readonly") throw new DatabaseUnusableError(filePath, "is read-only: the file or its folder cannot be written");
  if (status === "down") throw new DatabaseUnusableError(filePath, "cannot be written");
}

/** Maps what SQLite throws while opening to a reason. */
export function toUnusable(error: unknown, filePath: string): DatabaseUnusableError {
  if (error instanceof DatabaseUnusableError) return error;
  const code = String((error as { code?: unknown })?.code ?? "");
  const message = error instanceof Error ? error.message : String(error);
  if (code === "SQLITE_NOTADB") return new DatabaseUnusableError(filePath, "is not a SQLite database");
  if (code.startsWith("SQLITE_CORRUPT")) return new DatabaseUnusableError(filePath, `is corrupt (${message})`);
  if (code.startsWith("SQLITE_READONLY")) return new DatabaseUnusableError(filePath, "is read-only: the file or its folder cannot be written");
  if (code === "SQLITE_CANTOPEN") return new DatabaseUnusableError(filePath, `cannot be opened (${message})`);
  return new DatabaseUnusableError(filePath, `cannot be used (${code || message})`);
}
