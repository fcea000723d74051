// What the migrations write differently on PostgreSQL (not a migration itself: migrate.ts lists
// those by name). SQLite keeps exactly the statements it always ran, so existing and new SQLite
// databases have the same schema.
import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { dialectOf } from "../src/db/dialect";

export const isPostgres = <T>(db: Kysely<T>) => dialectOf(db) === "postgres";

/**
 * An integer key the database numbers: SQLite's `integer primary key autoincrement` (ids never
 * reused), PostgreSQL's identity column (a sequence, never reused either).
 */
export const serialPrimaryKey =
  <T>(db: Kysely<T>) =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
