import type { ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "../src/db/connection";
import { openTestDatabase } from "./support/test-app";
import { createOrderRepo, type OrderRepo } from "../src/db/order.repo";
import { OFFLINE_TOOL_NAMES } from "../src/llm/offline-responder";
import {
  ORDER_NOT_FOUND,
  TOOL_NAMES,
  createOrderTools,
  returnEligibility,
  type OrderLookupOutput,
  type ReturnEligibilityOutput,
} from "../src/services/order-tools";

let database: OpenedDatabase;
let orders: OrderRepo;

beforeAll(async () => {
  database = await openTestDatabase();
  orders = createOrderRepo(database.db);
});
afterAll(async () => {
  await database.close();
});

const call: ToolExecutionOptions = { toolCallId: "test", messages: [] };
const RETURNS_URL = "https://shop.example/returns";
const at = (day: string) => () => new Date(`${day}T15:00:00Z`);

function tools(day = "2026-12-01") {
  const t = createOrderTools({ orders, clock: at(day), returnsUrl: () => RETURNS_URL });
  return {
    lookup: (orderNumber: string, email: string) =>
      t.lookup_order.execute!({ orderNumber, email }, call) as Promise<OrderLookupOutput>,
    eligibility: (orderNumber: string, email: string) =>
      t.check_return_eligibility.execute!({ orderNumber, email }, call) as Promise<ReturnEligibilityOutput>,
  };
}

async function eligible(orderNumber: string, email: string, day = "2026-12-01") {
  const result = await tools(day).eligibility(orderNumber, email);
  if (!result.found) throw new Error(`${orderNumber} not found`);
  return result;
}

describe("the seeded demo orders", () => {
  it("are all there, exactly as in the store facts", async () => {
    const rows = await database.db.selectFrom("orders").selectAll().orderBy("order_number").execute();
    expect(rows.map((r) => [r.order_number, r.email, r.placed_at, r.status])).toEqual([
      ["HP-10042", "jane.doe@example.com", "2026-11-02", "shipped"],
      ["HP-10043", "sam.lee@example.com", "2026-10-20", "delivered"],
      ["HP-10044", "ana.garcia@example.com", "2026-11-21", "processing"],
      ["HP-10045", "jane.doe@example.com", "2026-09-30", "refunded"],
      ["HP-10046", "omar.haddad@example.com", "2026-11-18", "cancelled"],
      ["HP-10047", "mike.chen@example.com", "2026-11-10", "delivered"],
    ]);
    const jane = await orders.findOrderForCustomer("HP-10042", "jane.doe@example.com");
    expect(jane).toMatchObject({ carrier: "UPS", trackingNumber: "1Z999AA10123456784", expectedDelivery: "2026-11-27" });
    expect(jane?.items).toEqual([
      { name: 'Cast Iron Skillet 12"', quantity: 1, unitPriceCents: 4900, finalSale: false },
      { name: "Linen Apron", quantity: 1, unitPriceCents: 2400, finalSale: false },
    ]);
    expect(await orders.findOrderForCustomer("HP-10043", "sam.lee@example.com")).toMatchObject({
      deliveredAt: "2026-10-24",
      items: [{ name: "Ceramic Mug", quantity: 2, unitPriceCents: 1800 }],
    });
    expect(await orders.findOrderForCustomer("HP-10044", "ana.garcia@example.com")).toMatchObject({
      shippedAt: null,
      items: [{ name: "Stand Mixer", quantity: 1, unitPriceCents: 32900 }],
    });
    expect(await orders.findOrderForCustomer("HP-10045", "jane.doe@example.com")).toMatchObject({
      refundAmountCents: 8900,
      refundedAt: "2026-10-15",
      items: [{ name: "Dutch Oven", quantity: 1, unitPriceCents: 8900 }],
    });
    expect((await orders.findOrderForCustomer("HP-10046", "omar.haddad@example.com"))?.note).toMatch(/nothing charged/);
  });
});

describe("order repo", () => {
  it("matches the number in any case and the email in any case, trimmed", async () => {
    const order = await orders.findOrderForCustomer("  hp-10042 ", " Jane.Doe@EXAMPLE.com ");
    expect(order?.orderNumber).toBe("HP-10042");
  });

  it("needs both number and email, and offers no lookup by number alone", async () => {
    expect(await orders.findOrderForCustomer("HP-10042", "sam.lee@example.com")).toBeUndefined();
    expect(await orders.findOrderForCustomer("HP-10042", "")).toBeUndefined();
    expect(Object.keys(orders)).toEqual(["findOrderForCustomer"]);
  });
});

describe("lookup_order", () => {
  it("returns the order in dollars", async () => {
    expect(await tools().lookup("hp-10042", "jane.doe@example.com")).toEqual({
      found: true,
      order: {
        orderNumber: "HP-10042",
        status: "shipped",
        placedAt: "2026-11-02",
        items: [
          { name: 'Cast Iron Skillet 12"', quantity: 1, unitPrice: 49, finalSale: false },
          { name: "Linen Apron", quantity: 1, unitPrice: 24, finalSale: false },
        ],
        carrier: "UPS",
        trackingNumber: "1Z999AA10123456784",
        shippedAt: null,
        expectedDelivery: "2026-11-27",
        deliveredAt: null,
        refund: null,
        note: null,
      },
    });
    const refunded = await tools().lookup("HP-10045", "jane.doe@example.com");
    expect(refunded.found && refunded.order.refund).toEqual({ amount: 89, date: "2026-10-15" });
  });

  it("answers a wrong number and a wrong email with exactly the same output", async () => {
    const t = tools();
    const wrongNumber = await t.lookup("HP-99999", "jane.doe@example.com");
    const wrongEmail = await t.lookup("HP-10042", "someone@example.com");
    const otherCustomersOrder = await t.lookup("HP-10043", "jane.doe@example.com");
    expect(wrongNumber).toEqual({ found: false, message: "No order found with that number and email." });
    expect(JSON.stringify(wrongEmail)).toBe(JSON.stringify(wrongNumber));
    expect(JSON.stringify(otherCustomersOrder)).toBe(JSON.stringify(wrongNumber));
    expect(JSON.stringify(await t.eligibility("HP-99999", "jane.doe@example.com"))).toBe(JSON.stringify(ORDER_NOT_FOUND));
    expect(JSON.stringify(await t.eligibility("HP-10043", "jane.doe@example.com"))).toBe(JSON.stringify(ORDER_NOT_FOUND));
  });
});

describe("check_return_eligibility", () => {
  it("closes the 30-day window counted from delivery (clock 2026-12-01)", async () => {
    const late = await eligible("HP-10043", "sam.lee@example.com");
    expect(late).toMatchObject({ eligible: false, returnBy: null });
    expect(late.reason).toContain("2026-11-23");
    expect(late.items).toEqual([{ name: "Ceramic Mug", returnable: false, reason: "The return window has closed." }]);
  });

  it("is open up to and including day 30", async () => {
    const lastDay = await eligible("HP-10043", "sam.lee@example.com", "2026-11-23");
    expect(lastDay).toMatchObject({ eligible: true, returnBy: "2026-11-23" });
    expect(lastDay.items[0]).toMatchObject({ returnable: true });
    expect(lastDay.items[0]?.reason).toMatch(/unused and in its original packaging/);
    expect((await eligible("HP-10043", "sam.lee@example.com", "2026-11-24")).eligible).toBe(false);
  });

  it("never returns a final-sale item", async () => {
    const result = await eligible("HP-10047", "mike.chen@example.com");
    expect(result).toMatchObject({ orderNumber: "HP-10047", eligible: true, returnBy: "2026-12-14" });
    expect(result.reason).toContain(`Start the return at ${RETURNS_URL}`);
    expect(result.items.map((i) => [i.name, i.returnable])).toEqual([
      ["Bamboo Cutting Board", true],
      ["Enamel Pitcher", false],
    ]);
    expect(result.items[1]?.reason).toMatch(/Final sale/);
  });

  it("never returns a gift card", () => {
    const order = {
      orderNumber: "HP-20000", email: "x@example.com", placedAt: "2026-11-20", status: "delivered" as const,
      carrier: null, trackingNumber: null, shippedAt: null, expectedDelivery: null, deliveredAt: "2026-11-25",
      refundAmountCents: null, refundedAt: null, note: null,
      items: [{ name: "Digital Gift Card $50", quantity: 1, unitPriceCents: 5000, finalSale: false }],
    };
    const result = returnEligibility(order, new Date("2026-12-01T12:00:00Z"), RETURNS_URL);
    expect(result).toMatchObject({ eligible: false, returnBy: null });
    expect(result.items).toEqual([{ name: "Digital Gift Card $50", returnable: false, reason: "Gift cards cannot be returned." }]);
  });

  it("explains orders that are not delivered yet", async () => {
    const processing = await eligible("HP-10044", "ana.garcia@example.com");
    expect(processing.eligible).toBe(false);
    expect(processing.reason).toMatch(/not shipped yet/);
    expect(processing.reason).toMatch(/within 1 hour/);
    const shipped = await eligible("HP-10042", "jane.doe@example.com");
    expect(shipped.eligible).toBe(false);
    expect(shipped.reason).toMatch(/not been delivered yet/);
    expect(shipped.reason).toMatch(/30 days of delivery/);
  });

  it("has nothing to return for refunded and cancelled orders", async () => {
    const refunded = await eligible("HP-10045", "jane.doe@example.com");
    const cancelled = await eligible("HP-10046", "omar.haddad@example.com");
    expect(refunded).toMatchObject({ eligible: false, returnBy: null });
    expect(refunded.reason).toMatch(/nothing left to return/);
    expect(cancelled).toMatchObject({ eligible: false, returnBy: null });
    expect(cancelled.reason).toMatch(/nothing to return/);
  });
});

it("tool names agree between the tools and the offline responder", () => {
  expect(Object.keys(createOrderTools({ orders, clock: () => new Date(), returnsUrl: () => RETURNS_URL })).sort()).toEqual(Object.values(TOOL_NAMES).sort());
  expect(OFFLINE_TOOL_NAMES).toEqual(TOOL_NAMES);
});
