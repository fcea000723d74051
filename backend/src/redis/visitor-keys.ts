// The Redis keys that belong to one visitor, so retention can remove them with the visitor.
// Kept next to their writers' prefixes: middleware/chat-limits.ts (scopes "chat" and "daily",
// keyed visitor:{id}) and services/order-lookup-guard.ts (order-lookup-failures:visitor:{id}).
import type { RedisConnection } from "./client";

/** The keys' names after REDIS_PREFIX. */
export const visitorRedisKeys = (visitorId: string) => [
  `rate-limit:chat:visitor:${visitorId}`,
  `rate-limit:daily:visitor:${visitorId}`,
  `order-lookup-failures:visitor:${visitorId}`,
];

export async function forgetVisitors(redis: RedisConnection | undefined, visitorIds: string[]): Promise<void> {
  if (!redis || visitorIds.length === 0) return;
  await redis.attempt("visitors.forget", (c) => c.del(visitorIds.flatMap(visitorRedisKeys).map(redis.key)));
}
