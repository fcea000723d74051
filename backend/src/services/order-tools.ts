// The order tools the model may call. The return rules live here, in code, so the model only has
// to explain a decision, never make it. Both tools answer a wrong number and a wrong email with the
// same words, so a visitor cannot probe which orders or emails exist.
import { tool, zodSchema } from "ai";
import { z } from "zod";
import type { Order, OrderRepo } from "../db/order.repo";

export const TOOL_NAMES = {
  lookupOrder: "lookup_order",
  checkReturnEligibility: "check_return_eligibility",
} as const;
export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

/** Store policy (store-facts.md, "Returns and refunds"). */
const RETURN_WINDOW_DAYS = 30;
const RETURN_CONDITION = "unused and in its original packaging";

export const ORDER_NOT_FOUND = {
  found: false,
  message: "No order found with that number and email.",
} as const;
export type OrderNotFound = typeof ORDER_NOT_FOUND;

export interface OrderLookupItem {
  name: string;
  quantity: number;
  /** USD. */
  unitPrice: number;
  finalSale: boolean;
}

export interface OrderLookupFound {
  found: true;
  order: {
    orderNumber: string;
    status: Order["status"];
    placedAt: string;
    items: OrderLookupItem[];
    carrier: string | null;
    trackingNumber: string | null;
    shippedAt: string | null;
    expectedDelivery: string | null;
    deliveredAt: string | null;
    /** USD amount and ISO date. */
    refund: { amount: number; date: string | null } | null;
    note: string | null;
  };
}
/** A lookup refused before it reached the database (see order-lookup-guard.ts). */
export interface OrderLookupRefused {
  found: false;
  refused: true;
  message: string;
}

/** Decides whether a lookup may run, and hears how it went. */
export interface OrderLookupGuard {
  admit(): Promise<OrderLookupRefused | undefined>;
  record(found: boolean): Promise<void>;
}

export type OrderLookupOutput = OrderLookupFound | OrderNotFound | OrderLookupRefused;

export interface ReturnEligibilityItem {
  name: string;
  returnable: boolean;
  reason: string;
}

export interface ReturnEligibilityFound {
  found: true;
  orderNumber: string;
  eligible: boolean;
  reason: string;
  /** Last day (ISO date) a return can be started, when the order is in its return window. */
  returnBy: string | null;
  items: ReturnEligibilityItem[];
}
export type ReturnEligibilityOutput = ReturnEligibilityFound | OrderNotFound | OrderLookupRefused;

const orderInput = z.object({
  orderNumber: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('The order number exactly as the customer gave it, e.g. "HP-10042".'),
  email: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .describe("The email address the customer says the order was placed with."),
});

/** With a verified shopper the email is theirs: the model gives the order number only. */
const verifiedOrderInput = orderInput.pick({ orderNumber: true });
// Wrapped once: the AI SDK turns a bare zod schema into JSON Schema again on every model call,
// a wrapper keeps the JSON Schema it made.
const orderInputSchema = zodSchema(orderInput);
const verifiedOrderInputSchema = zodSchema(verifiedOrderInput);

export function createOrderTools(deps: {
  orders: OrderRepo;
  clock: () => Date;
  guard?: OrderLookupGuard;
  /** The store's returns page, from the store profile as it is when the tool runs. */
  returnsUrl: () => string;
  /** The signed-in shopper's email (shopper-identity.service.ts): every lookup uses it, whatever the model passes. */
  verifiedEmail?: string;
}) {
  /** The order, undefined when none matches, or the guard's refusal (then nothing was looked up). */
  const find = async (orderNumber: string, email: string): Promise<Order | OrderLookupRefused | undefined> => {
    const refused = await deps.guard?.admit();
    if (refused) return refused;
    const order = await deps.orders.findOrderForCustomer(orderNumber, email);
    await deps.guard?.record(order !== undefined);
    return order;
  };
  const isRefusal = (found: Order | OrderLookupRefused): found is OrderLookupRefused => "refused" in found;

  const lookupOrder = async (orderNumber: string, email: string): Promise<OrderLookupOutput> => {
    const order = await find(orderNumber, email);
    if (!order) return ORDER_NOT_FOUND;
    return isRefusal(order) ? order : { found: true, order: toLookup(order) };
  };
  const checkReturnEligibility = async (orderNumber: string, email: string): Promise<ReturnEligibilityOutput> => {
    const order = await find(orderNumber, email);
    if (!order) return ORDER_NOT_FOUND;
    return isRefusal(order) ? order : returnEligibility(order, deps.clock(), deps.returnsUrl());
  };

  const verifiedEmail = deps.verifiedEmail;
  if (verifiedEmail) {
    // Only the order number is asked for: an email the model adds anyway is dropped by the schema.
    return {
      [TOOL_NAMES.lookupOrder]: tool({
        description:
          "Look up one of the signed-in customer's orders: status, items, carrier, tracking number, ship, " +
          "expected and delivery dates, refund. The customer is verified by the store's site and their " +
          "account email is used, so only the order number (like HP-10042) is needed: never ask for their " +
          "email. Call it when the customer has given the order number; never guess it. If it returns " +
          "found: false, tell the customer no order with that number is on their account and ask them to check it.",
        inputSchema: verifiedOrderInputSchema,
        execute: ({ orderNumber }) => lookupOrder(orderNumber, verifiedEmail),
      }),
      [TOOL_NAMES.checkReturnEligibility]: tool({
        description:
          "Check whether one of the signed-in customer's orders can be returned now, applying the store's " +
          "return rules (30 days from delivery, final-sale items and gift cards excluded, not-yet-delivered " +
          "orders). Call it when the customer asks to return or send back items of a specific order and has " +
          "given the order number; their account email is used, never ask for it. Explain the returned " +
          "reason; do not override it.",
        inputSchema: verifiedOrderInputSchema,
        execute: ({ orderNumber }) => checkReturnEligibility(orderNumber, verifiedEmail),
      }),
    };
  }

  return {
    [TOOL_NAMES.lookupOrder]: tool({
      description:
        "Look up one of the customer's orders: status, items, carrier, tracking number, ship, expected " +
        "and delivery dates, refund. Call it only when the customer has given BOTH the order number " +
        "(like HP-10042) and the order email in this conversation; never guess either. If it returns " +
        "found: false, tell the customer no order matches that number and email and ask them to check both.",
      inputSchema: orderInputSchema,
      execute: ({ orderNumber, email }) => lookupOrder(orderNumber, email),
    }),
    [TOOL_NAMES.checkReturnEligibility]: tool({
      description:
        "Check whether a customer's order can be returned now, applying the store's return rules " +
        "(30 days from delivery, final-sale items and gift cards excluded, not-yet-delivered orders). " +
        "Call it when the customer asks to return or send back items of a specific order and has given " +
        "BOTH the order number and the order email. Explain the returned reason; do not override it.",
      inputSchema: orderInputSchema,
      execute: ({ orderNumber, email }) => checkReturnEligibility(orderNumber, email),
    }),
  };
}

export type OrderTools = ReturnType<typeof createOrderTools>;

function toLookup(order: Order): OrderLookupFound["order"] {
  return {
    orderNumber: order.orderNumber,
    status: order.status,
    placedAt: order.placedAt,
    items: order.items.map((i) => ({
      name: i.name,
      quantity: i.quantity,
      unitPrice: dollars(i.unitPriceCents),
      finalSale: i.finalSale,
    })),
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    shippedAt: order.shippedAt,
    expectedDelivery: order.expectedDelivery,
    deliveredAt: order.deliveredAt,
    refund: order.refundAmountCents === null ? null : { amount: dollars(order.refundAmountCents), date: order.refundedAt },
    note: order.note,
  };
}

/** The store's return rules, applied to one order on the given day. */
export function returnEligibility(order: Order, now: Date, returnsUrl: string): ReturnEligibilityFound {
  const result = (eligible: boolean, reason: string, returnBy: string | null, items: ReturnEligibilityItem[]) => ({
    found: true as const,
    orderNumber: order.orderNumber,
    eligible,
    reason,
    returnBy,
    items,
  });
  const allItems = (reason: string) => order.items.map((i) => ({ name: i.name, returnable: false, reason }));
  // What would keep an item from being returned even inside the window.
  const excluded = (item: Order["items"][number]): string | undefined => {
    if (item.finalSale) return 'Marked "Final sale": final-sale items cannot be returned.';
    if (/gift ?card/i.test(item.name)) return "Gift cards cannot be returned.";
    return undefined;
  };

  switch (order.status) {
    case "refunded":
      return result(
        false,
        "This order was already returned and refunded, so there is nothing left to return.",
        null,
        allItems("Already returned and refunded."),
      );
    case "cancelled":
      return result(false, "This order was cancelled, so there is nothing to return.", null, allItems("Order cancelled."));
    case "processing":
      return result(
        false,
        "This order has not shipped yet. An order can only be cancelled within 1 hour of placing it; " +
          `after that, wait for it to arrive, then return it within ${RETURN_WINDOW_DAYS} days of delivery.`,
        null,
        order.items.map((i) => ({
          name: i.name,
          returnable: false,
          reason: excluded(i) ?? `Not delivered yet; can be returned within ${RETURN_WINDOW_DAYS} days of delivery.`,
        })),
      );
    case "shipped":
      return result(
        false,
        "This order is on its way and has not been delivered yet. Once it arrives, it can be returned " +
          `within ${RETURN_WINDOW_DAYS} days of delivery (items ${RETURN_CONDITION}).`,
        null,
        order.items.map((i) => ({
          name: i.name,
          returnable: false,
          reason: excluded(i) ?? `Not delivered yet; can be returned within ${RETURN_WINDOW_DAYS} days of delivery.`,
        })),
      );
    case "delivered": {
      if (!order.deliveredAt) {
        return result(false, "The delivery date of this order is unknown; please contact support.", null, allItems("Delivery date unknown."));
      }
      const returnBy = addDays(order.deliveredAt, RETURN_WINDOW_DAYS);
      const today = now.toISOString().slice(0, 10);
      if (today > returnBy) {
        return result(
          false,
          `The ${RETURN_WINDOW_DAYS}-day return window ended on ${returnBy} (delivered ${order.deliveredAt}). ` +
            "If an item is defective, contact support: cookware and small appliances have a 1-year warranty.",
          null,
          order.items.map((i) => ({ name: i.name, returnable: false, reason: excluded(i) ?? "The return window has closed." })),
        );
      }
      const items = order.items.map((i) => {
        const why = excluded(i);
        return why
          ? { name: i.name, returnable: false, reason: why }
          : { name: i.name, returnable: true, reason: `Returnable until ${returnBy} if ${RETURN_CONDITION}.` };
      });
      const eligible = items.some((i) => i.returnable);
      return result(
        eligible,
        eligible
          ? `Delivered on ${order.deliveredAt}: items can be returned until ${returnBy}, each ${RETURN_CONDITION}. ` +
              `Start the return at ${returnsUrl} with the order number and email.`
          : "None of the items in this order can be returned.",
        eligible ? returnBy : null,
        items,
      );
    }
  }
}

function dollars(cents: number): number {
  return Math.round(cents) / 100;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
