// The limits on chat messages, each one a model turn (up to 3 model calls): per visitor and per
// IP each minute, and a daily budget per visitor and per IP. A client rotating new visitors still
// meets the per-IP limits. Counters are shared through Redis when present (rate-limit-store.ts).
//
// A message counts only when it is accepted: a request that ends in a 4xx or 5xx gives its count
// back, so an invalid request (or one refused by another limit) does not use up the new-visitor
// allowance of everyone behind the same address. A reply the client stops reading still counts:
// the model ran for it.
import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, type Options, type Store } from "express-rate-limit";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { RedisConnection } from "../redis/client";
import { createRateLimitStore } from "../redis/rate-limit-store";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

interface ChatLimit {
  /** Redis key prefix rate-limit:{scope}: and the error code rate_limited:{scope}. */
  scope: string;
  limit: number;
  windowMs: number;
  /** The counter's key, or undefined when this limit does not apply to the request. */
  keyOf(req: Request): string | undefined;
  message(seconds: number): string;
}

export const ipKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? "")}`;
export const visitorKey = (visitorId: string) => `visitor:${visitorId}`;

const inTime = (seconds: number) =>
  seconds >= 2 * 3600 ? `in about ${Math.round(seconds / 3600)} hours` : seconds >= 120 ? `in ${Math.ceil(seconds / 60)} minutes` : `in ${seconds} seconds`;

export function chatLimits(config: Config, redis: RedisConnection | undefined): RequestHandler {
  const limits: ChatLimit[] = [
    {
      // A new visitor is counted against its address until it exists.
      scope: "chat",
      limit: config.RATE_LIMIT_CHAT_PER_MINUTE,
      windowMs: MINUTE_MS,
      keyOf: (req) => (req.visitor ? visitorKey(req.visitor.id) : ipKey(req)),
      message: (s) => `You are sending messages too quickly. Please wait ${s} seconds.`,
    },
    {
      scope: "chat-ip",
      limit: config.RATE_LIMIT_CHAT_PER_IP_PER_MINUTE,
      windowMs: MINUTE_MS,
      keyOf: ipKey,
      message: (s) => `Too many messages from your network. Please wait ${s} seconds.`,
    },
    {
      // 24 hours from the first message counted, not a calendar day: no midnight burst.
      scope: "daily",
      limit: config.DAILY_MESSAGES_PER_VISITOR,
      windowMs: DAY_MS,
      keyOf: (req) => (req.visitor ? visitorKey(req.visitor.id) : undefined),
      message: (s) => `You have reached today's message limit. Please try again ${inTime(s)}.`,
    },
    {
      scope: "daily-ip",
      limit: config.DAILY_MESSAGES_PER_IP,
      windowMs: DAY_MS,
      keyOf: ipKey,
      message: (s) => `Your network has reached today's message limit. Please try again ${inTime(s)}.`,
    },
  ];

  const counters = limits.filter((l) => l.limit > 0).map((limit) => {
    const store: Store = createRateLimitStore(limit.scope, redis);
    store.init?.({ windowMs: limit.windowMs } as Options);
    return { ...limit, store };
  });

  return async (req, res, next) => {
    const counted: { store: Store; key: string }[] = [];
    // Given back once the response is complete with an error (finish, not close: a stream the
    // client dropped still cost a model turn).
    res.once("finish", () => {
      if (res.statusCode >= 400) for (const { store, key } of counted) void store.decrement(key);
    });
    for (const counter of counters) {
      const key = counter.keyOf(req);
      if (!key) continue;
      const { totalHits, resetTime } = await counter.store.increment(key);
      counted.push({ store: counter.store, key });
      if (totalHits > counter.limit) {
        const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + counter.windowMs) - Date.now()) / 1000));
        throw new AppError(`rate_limited:${counter.scope}`, 429, counter.message(seconds), true, { "Retry-After": String(seconds) });
      }
    }
    next();
  };
}
