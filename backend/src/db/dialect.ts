// The few places where SQLite and PostgreSQL differ are decided here, from the Kysely instance
// itself, so repositories and migrations keep one signature and one query each.
import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from "kysely";

export type DatabaseDialect = "sqlite" | "postgres";

export const dialectOf = <T>(db: Kysely<T>): DatabaseDialect =>
  db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";

/**
 * Locks the rows a read-then-write transaction is about to change (SELECT ... FOR UPDATE) on
 * PostgreSQL. SQLite rejects FOR UPDATE and needs none: its write transactions run one at a time.
 */
export function forUpdateOn<DB, TB extends keyof DB, O>(
  dialect: DatabaseDialect,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === "postgres" ? query.forUpdate() : query;
}
