import { sql, type Kysely } from "kysely";

// Orders and their items, seeded with the demo orders of the Harbor & Pine store
// (/work/shared/store-facts.md). Order numbers are stored upper-case and emails lower-case, so a
// lookup compares plain values and can use the indexes.
// The rows as this migration wrote them; deliberately not the live schema.ts, which may move on.
interface SeedTables {
  orders: Record<string, string | number | null>;
  order_items: Record<string, string | number>;
}

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
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("order_number", "text", (c) => c.notNull().references("orders.order_number").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price_cents", "integer", (c) => c.notNull().check(sql`unit_price_cents >= 0`))
    .addColumn("final_sale", "integer", (c) => c.notNull().defaultTo(0).check(sql`final_sale in (0, 1)`))
    .execute();
  await db.schema.createIndex("order_items_order_number").on("order_items").column("order_number").execute();

  const none = {
    carrier: null,
    tracking_number: null,
    shipped_at: null,
    expected_delivery: null,
    delivered_at: null,
    refund_amount_cents: null,
    refunded_at: null,
    note: null,
  };
  const seed = db as unknown as Kysely<SeedTables>;
  await seed
    .insertInto("orders")
    .values([
      {
        ...none,
        order_number: "HP-10042",
        email: "jane.doe@example.com",
        placed_at: "2026-11-02",
        status: "shipped",
        carrier: "UPS",
        tracking_number: "1Z999AA10123456784",
        expected_delivery: "2026-11-27",
      },
      {
        ...none,
        order_number: "HP-10043",
        email: "sam.lee@example.com",
        placed_at: "2026-10-20",
        status: "delivered",
        delivered_at: "2026-10-24",
      },
      {
        ...none,
        order_number: "HP-10044",
        email: "ana.garcia@example.com",
        placed_at: "2026-11-21",
        status: "processing",
      },
      {
        ...none,
        order_number: "HP-10045",
        email: "jane.doe@example.com",
        placed_at: "2026-09-30",
        status: "refunded",
        refund_amount_cents: 8900,
        refunded_at: "2026-10-15",
        note: "Returned; $89.00 refunded on 2026-10-15 to the original card.",
      },
      {
        ...none,
        order_number: "HP-10046",
        email: "omar.haddad@example.com",
        placed_at: "2026-11-18",
        status: "cancelled",
        note: "Cancelled within the hour at the customer's request; nothing charged.",
      },
      // Not in the store facts: a delivered order with a final-sale item, so that rule can be tried.
      {
        ...none,
        order_number: "HP-10047",
        email: "mike.chen@example.com",
        placed_at: "2026-11-10",
        status: "delivered",
        carrier: "UPS",
        tracking_number: "1Z999AA10123456791",
        shipped_at: "2026-11-11",
        delivered_at: "2026-11-14",
      },
    ])
    .execute();

  await seed
    .insertInto("order_items")
    .values([
      { order_number: "HP-10042", name: 'Cast Iron Skillet 12"', quantity: 1, unit_price_cents: 4900, final_sale: 0 },
      { order_number: "HP-10042", name: "Linen Apron", quantity: 1, unit_price_cents: 2400, final_sale: 0 },
      { order_number: "HP-10043", name: "Ceramic Mug", quantity: 2, unit_price_cents: 1800, final_sale: 0 },
      { order_number: "HP-10044", name: "Stand Mixer", quantity: 1, unit_price_cents: 32900, final_sale: 0 },
      { order_number: "HP-10045", name: "Dutch Oven", quantity: 1, unit_price_cents: 8900, final_sale: 0 },
      { order_number: "HP-10047", name: "Bamboo Cutting Board", quantity: 1, unit_price_cents: 3200, final_sale: 0 },
      { order_number: "HP-10047", name: "Enamel Pitcher", quantity: 1, unit_price_cents: 2700, final_sale: 1 },
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("order_items").execute();
  await db.schema.dropTable("orders").execute();
}
