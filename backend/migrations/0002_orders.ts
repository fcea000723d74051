import type { Kysely } from "kysely";

// Placeholder until the orders migration is written: orders, order_items and the demo seed.
export async function up(_db: Kysely<unknown>): Promise<void> {}
export async function down(_db: Kysely<unknown>): Promise<void> {}
