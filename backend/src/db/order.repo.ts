// All SQL about orders. There is deliberately no lookup by order number alone: an order is only
// ever read for someone who states both its number and the email it was placed with.
import type { Kysely } from "kysely";
import type { Database, OrderTable } from "./schema";

export interface OrderItem {
  name: string;
  quantity: number;
  unitPriceCents: number;
  finalSale: boolean;
}

export interface Order {
  orderNumber: string;
  email: string;
  placedAt: string;
  status: OrderTable["status"];
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  expectedDelivery: string | null;
  deliveredAt: string | null;
  refundAmountCents: number | null;
  refundedAt: string | null;
  note: string | null;
  items: OrderItem[];
}

export type OrderRepo = ReturnType<typeof createOrderRepo>;

export function createOrderRepo(db: Kysely<Database>) {
  return {
    /** The order when BOTH the number (any case, spaces around) and the email (any case) match it. */
    async findOrderForCustomer(orderNumber: string, email: string): Promise<Order | undefined> {
      const number = orderNumber.trim().toUpperCase();
      const address = email.trim().toLowerCase();
      if (!number || !address) return undefined;

      const row = await db
        .selectFrom("orders")
        .selectAll()
        .where("order_number", "=", number)
        .where("email", "=", address)
        .executeTakeFirst();
      if (!row) return undefined;

      const items = await db
        .selectFrom("order_items")
        .select(["name", "quantity", "unit_price_cents", "final_sale"])
        .where("order_number", "=", row.order_number)
        .orderBy("id")
        .execute();

      return {
        orderNumber: row.order_number,
        email: row.email,
        placedAt: row.placed_at,
        status: row.status,
        carrier: row.carrier,
        trackingNumber: row.tracking_number,
        shippedAt: row.shipped_at,
        expectedDelivery: row.expected_delivery,
        deliveredAt: row.delivered_at,
        refundAmountCents: row.refund_amount_cents,
        refundedAt: row.refunded_at,
        note: row.note,
        items: items.map((i) => ({
          name: i.name,
          quantity: i.quantity,
          unitPriceCents: i.unit_price_cents,
          finalSale: i.final_sale === 1,
        })),
      };
    },
  };
}
