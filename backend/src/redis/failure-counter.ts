// Counts failures per key in a fixed window that starts at the first one ({REDIS_PREFIX}{prefix}:{key}
// in Redis, so every API process sees them). While Redis is down or slow, this process's memory counts.
import type { RedisConnection } from "./client";

export interface FailureCounter {
  count(key: string): Promise<number>;
  add(key: string): Promise<void>;
  /** Redis key names of a counter, for retention to delete. */
  redisKey(key: string): string;
}

export function createFailureCounter(redis: RedisConnection | undefined, prefix: string, windowMs: number, now = () => Date.now()): FailureCounter {
  const memory = new Map<string, { count: number; resetAt: number }>();
  const name = (key: string) => `${prefix}:${key}`;
  const redisKey = (key: string) => redis?.key(name(key)) ?? name(key);
  const live = (key: string) => {
    const entry = memory.get(key);
    if (entry && entry.resetAt <= now()) memory.delete(key);
    return memory.get(key);
  };

  return {
    redisKey,
    async count(key) {
      const remote = redis ? await redis.attempt("failures.get", (c) => c.get(redisKey(key))) : undefined;
      return Math.max(Number(remote ?? 0), live(key)?.count ?? 0);
    },
    async add(key) {
      const entry = live(key) ?? { count: 0, resetAt: now() + windowMs };
      entry.count += 1;
      memory.set(key, entry);
      // PEXPIRE NX: the window runs from the first failure, later ones do not extend it.
      await redis?.attempt("failures.add", (c) => c.multi().incr(redisKey(key)).pExpire(redisKey(key), windowMs, "NX").exec());
    },
  };
}
