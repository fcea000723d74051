import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from "express-rate-limit";
import { AppError } from "../errors";
import type { RedisConnection } from "../redis/client";
import { createRateLimitStore } from "../redis/rate-limit-store";

const WINDOW_MS = 15 * 60_000;
export const LOGIN_FAILURES_PER_EMAIL = 5;
export const LOGIN_FAILURES_PER_IP = 20;

/**
 * Failed staff sign-ins, counted per email and per IP over 15 minutes (a success is not counted).
 * Past the limit: 429 with Retry-After, before the password is even checked.
 */
export function loginLimits(redis: RedisConnection | undefined): RequestHandler[] {
  const limiter = (by: "email" | "ip", limit: number) =>
    rateLimit({
      windowMs: WINDOW_MS,
      limit,
      skipSuccessfulRequests: true,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      store: createRateLimitStore(`staff-login-${by}`, redis),
      keyGenerator: (req) => {
        const email = typeof req.body?.email === "string" ? req.body.email.trim().toLowerCase() : "";
        return by === "email" ? `email:${email}` : `ip:${ipKeyGenerator(req.ip ?? "")}`;
      },
      handler: (req, _res, next) => {
        const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
        const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));
        next(
          new AppError("rate_limited:login", 429, `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minutes.`, true, {
            "Retry-After": String(seconds),
          }),
        );
      },
    });
  return [limiter("ip", LOGIN_FAILURES_PER_IP), limiter("email", LOGIN_FAILURES_PER_EMAIL)];
}
