import { sql, type Kysely } from "kysely";

import { serialPrimaryKey } from "./dialect";

// Orders and their items. Order numbers are stored upper-case and emails lower-case, so a lookup
// compares plain values and can use the indexes. The Harbor & Pine demo orders this migration
// used to insert are now seeded apart from the schema (src/db/seed-demo-store.ts); databases
// migrated before keep the rows it wrote.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("orders")
    .addColumn("order_number", "text", (c) => c.primaryKey().check(sql`order_number = upper(order_number)`))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("placed_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('processing', 'shipped', 'delivered', 'refunded', 'cancelled')`),
    )
    .addColumn("carrier", "text")
    .addColumn("tracking_number", "text")
    .addColumn("shipped_at", "text")
    .addColumn("expected_delivery", "text")
    .addColumn("delivered_at", "text")
    .addColumn("refund_amount_cents", "integer")
    .addColumn("refunded_at", "text")
    .addColumn("note", "text")
    .execute();

  await db.schema
    .createTable("order_items")
    .addColumn("id", "integer", serialPrimaryKey(db))
    .addColumn("order_number", "text", (c) => c.notNull().references("orders.order_number").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price_cents", "integer", (c) => c.notNull().check(sql`unit_price_cents >= 0`))
    .addColumn("final_sale", "integer", (c) => c.notNull().defaultTo(0).check(sql`final_sale in (0, 1)`))
    .execute();
  await db.schema.createIndex("order_items_order_number").on("order_items").column("order_number").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("order_items").execute();
  await db.schema.dropTable("orders").execute();
}
