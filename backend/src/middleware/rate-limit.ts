import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from "express-rate-limit";
import { AppError } from "../errors";
import type { RedisConnection } from "../redis/client";
import { createRateLimitStore } from "../redis/rate-limit-store";

const WINDOW_MS = 60_000;

/**
 * `perMinute` requests per key and minute; 0 switches the limit off (for benchmarks).
 * Keys: the visitor when known, else the client's IP (which honours TRUST_PROXY through req.ip).
 */
export function rateLimitPerMinute(
  scope: "chat" | "requests",
  perMinute: number,
  redis: RedisConnection | undefined,
  keyBy: "visitor-or-ip" | "ip",
): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    store: createRateLimitStore(scope, redis),
    keyGenerator: (req) =>
      keyBy === "visitor-or-ip" && req.visitor ? `visitor:${req.visitor.id}` : `ip:${ipKeyGenerator(req.ip ?? "")}`,
    handler: (req, _res, next) => {
      const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));
      next(
        new AppError(
          `rate_limited:${scope}`,
          429,
          scope === "chat"
            ? `You are sending messages too quickly. Please wait ${seconds} seconds.`
            : `Too many requests. Please wait ${seconds} seconds.`,
          true,
          { "Retry-After": String(seconds) },
        ),
      );
    },
  });
}
