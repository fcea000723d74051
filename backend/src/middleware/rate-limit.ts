import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from "express-rate-limit";
import { AppError } from "../errors";
import type { RedisConnection } from "../redis/client";
import { createRateLimitStore } from "../redis/rate-limit-store";

const WINDOW_MS = 60_000;

/**
 * `perMinute` requests per client IP (which honours TRUST_PROXY through req.ip) and minute; 0
 * switches the limit off (for benchmarks). The chat message limits are in chat-limits.ts.
 */
export function rateLimitPerMinute(
  scope: "requests",
  perMinute: number,
  redis: RedisConnection | undefined,
  keyBy: "ip",
): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    store: createRateLimitStore(scope, redis),
    keyGenerator: (req) => `${keyBy}:${ipKeyGenerator(req.ip ?? "")}`,
    handler: (req, _res, next) => {
      const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));
      next(new AppError(`rate_limited:${scope}`, 429, `Too many requests. Please wait ${seconds} seconds.`, true, { "Retry-After": String(seconds) }));
    },
  });
}
