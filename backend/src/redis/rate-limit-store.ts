// Rate-limit counters live in Redis ({REDIS_PREFIX}rate-limit:{scope}:{key}) so every API process shares them.
// While Redis is down or not answering, the counters fall back to this process's memory instead
// of switching the limit off, failing the request or making it wait.
import { MemoryStore, type Options, type Store } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import type { RedisConnection } from "./client";

export function createRateLimitStore(scope: string, redis: RedisConnection | undefined): Store {
  const memory = new MemoryStore();
  if (!redis) return memory;

  const remote = new RedisStore({
    prefix: redis.key(`rate-limit:${scope}:`),
    sendCommand: (...args: string[]) => redis.client.sendCommand(args),
  });
  // The store loads its scripts at construction; if Redis is down then, those promises reject
  // with nobody waiting. It reloads them on the next call, so the early failure is ignored.
  remote.incrementScriptSha.catch(() => {});
  remote.getScriptSha.catch(() => {});

  // Through attempt(): a Redis that is down, slow or failing answers undefined within its time
  // limit, and the count is taken in memory instead.
  return {
    init(options: Options) {
      memory.init(options);
      remote.init(options);
    },
    async increment(key) {
      return (await redis.attempt("rate-limit.increment", () => remote.increment(key))) ?? memory.increment(key);
    },
    async decrement(key) {
      await redis.attempt("rate-limit.decrement", () => remote.decrement(key));
      memory.decrement(key);
    },
    async resetKey(key) {
      await redis.attempt("rate-limit.reset", () => remote.resetKey(key));
      memory.resetKey(key);
    },
    shutdown() {
      memory.shutdown();
    },
  };
}
