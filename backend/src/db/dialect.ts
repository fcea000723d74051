// The few places where SQLite and PostgreSQL differ are decided here, from the Kysely instance
// itself, so repositories and migrations keep one signature and one query each.
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from "kysely";

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

/**
 * An ISO-8601 UTC timestamp column (as every `*_at` column is stored, `2026-01-02T03:04:05.678Z`)
 * moved by some hours, as the same kind of text, so it compares with other timestamps as text.
 */
export function isoPlusHours(dialect: DatabaseDialect, column: string, hours: number): RawBuilder<string> {
  const ref = sql.ref(column);
  return dialect === "postgres"
    ? sql<string>`to_char((${ref}::timestamptz + make_interval(hours => ${sql.lit(hours)})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${ref}, ${sql.lit(`+${hours} hours`)})`;
}
