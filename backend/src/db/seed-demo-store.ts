// The Harbor & Pine demo orders (/work/shared/store-facts.md), apart from the schema: run after the
// migrations at every start unless SEED_DEMO_DATA=false. Orders already there are left alone
// (ON CONFLICT DO NOTHING, on both databases), and items are added only with an order this run
// inserted, so a second run, or two instances starting together, adds nothing.
import type { Kysely } from "kysely";
import type { Database, OrderItemTable, OrderTable } from "./schema";

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

const orders: OrderTable[] = [
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
];

const items: Omit<OrderItemTable, "id">[] = [
  { order_number: "HP-10042", name: 'Cast Iron Skillet 12"', quantity: 1, unit_price_cents: 4900, final_sale: 0 },
  { order_number: "HP-10042", name: "Linen Apron", quantity: 1, unit_price_cents: 2400, final_sale: 0 },
  { order_number: "HP-10043", name: "Ceramic Mug", quantity: 2, unit_price_cents: 1800, final_sale: 0 },
  { order_number: "HP-10044", name: "Stand Mixer", quantity: 1, unit_price_cents: 32900, final_sale: 0 },
  { order_number: "HP-10045", name: "Dutch Oven", quantity: 1, unit_price_cents: 8900, final_sale: 0 },
  { order_number: "HP-10047", name: "Bamboo Cutting Board", quantity: 1, unit_price_cents: 3200, final_sale: 0 },
  { order_number: "HP-10047", name: "Enamel Pitcher", quantity: 1, unit_price_cents: 2700, final_sale: 1 },
];

export async function seedDemoStore(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("orders")
      .values(orders)
      .onConflict((oc) => oc.column("order_number").doNothing())
      .returning("order_number")
      .execute();
    const added = new Set(inserted.map((o) => o.order_number));
    const newItems = items.filter((i) => added.has(i.order_number));
    if (newItems.length > 0) await trx.insertInto("order_items").values(newItems).execute();
  });
}
