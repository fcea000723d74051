// Limits on the order tools, so the model cannot be used to guess which email goes with an order
// number: at most 3 order-tool calls per turn (extra ones are answered without a lookup), and
// after ORDER_LOOKUP_FAILURES_PER_HOUR (5) failed lookups in an hour from a visitor or an address, every lookup from them is
// refused for the rest of that hour, even with the right email.
import type { ToolSet } from "ai";
import type { OrderRepo } from "../db/order.repo";
import type { Logger } from "../logger";
import type { RedisConnection } from "../redis/client";
import { createFailureCounter } from "../redis/failure-counter";
import { createOrderTools, type OrderLookupGuard } from "./order-tools";
import type { VerifiedShopper } from "./shopper-identity.service";

export const ORDER_TOOL_CALLS_PER_TURN = 3;
const HOUR_MS = 60 * 60_000;

// Worded for the shopper: the model (or the offline responder) passes them on.
export const LOOKUP_LIMIT_REACHED = {
  found: false,
  refused: true,
  message: `Lookup limit reached: at most ${ORDER_TOOL_CALLS_PER_TURN} order lookups per message. Please send one order at a time.`,
} as const;
export const TOO_MANY_ATTEMPTS = {
  found: false,
  refused: true,
  message: "Too many attempts to look up an order. Please contact support for help with this order.",
} as const;

export const failedLookupsPrefix = "order-lookup-failures";

export interface TurnActor {
  visitorId: string;
  /** The client's address as the rate limits key it (an IPv6 address by its /56). */
  clientIp: string;
  conversationId: string;
}

export function createOrderLookupGuard(deps: {
  failuresPerHour: number;
  redis?: RedisConnection;
  logger: Logger;
  now?: () => number;
}) {
  const failures = createFailureCounter(deps.redis, failedLookupsPrefix, HOUR_MS, deps.now);

  return {
    failures,
    forTurn(actor: TurnActor): OrderLookupGuard {
      const keys = [`visitor:${actor.visitorId}`, ...(actor.clientIp ? [actor.clientIp] : [])];
      let calls = 0;
      const refuse = <T>(reason: string, answer: T): T => {
        deps.logger.warn({ reason, visitorId: actor.visitorId, conversationId: actor.conversationId }, "order lookup refused");
        return answer;
      };
      return {
        async admit() {
          // Counted before any await: parallel calls of one step cannot all slip under the cap.
          calls += 1;
          if (calls > ORDER_TOOL_CALLS_PER_TURN) return refuse("per-turn limit", LOOKUP_LIMIT_REACHED);
          if (deps.failuresPerHour === 0) return undefined;
          const counts = await Promise.all(keys.map((k) => failures.count(k)));
          if (counts.some((c) => c >= deps.failuresPerHour)) return refuse("too many failed lookups", TOO_MANY_ATTEMPTS);
          return undefined;
        },
        async record(found) {
          if (!found && deps.failuresPerHour > 0) await Promise.all(keys.map((k) => failures.add(k)));
        },
      };
    },
  };
}

/** A fresh tool set for each turn, since the per-turn cap and the actor belong to the turn. */
export function orderToolsPerTurn(deps: {
  orders: OrderRepo;
  clock: () => Date;
  guard: ReturnType<typeof createOrderLookupGuard>;
  /** The store's returns page (the store profile's, read per call). */
  returnsUrl: () => string;
}): (turn: TurnActor & { shopper?: VerifiedShopper }) => ToolSet {
  return (turn) =>
    createOrderTools({
      orders: deps.orders,
      clock: deps.clock,
      guard: deps.guard.forTurn(turn),
      returnsUrl: deps.returnsUrl,
      verifiedEmail: turn.shopper?.email,
    });
}
