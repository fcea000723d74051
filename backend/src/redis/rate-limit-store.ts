// Rate-limit counters live in Redis (rate-limit:{scope}:{key}) so every API process shares them.
// While Redis is down the counters fall back to this process's memory instead of switching the
// limit off or failing the request.
import { MemoryStore, type Options, type Store } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import type { RedisConnection } from "./client";

export function createRateLimitStore(scope: string, redis: RedisConnection | undefined): Store {
  const memory = new MemoryStore();
  if (!redis) return memory;

  const remote = new RedisStore({
    prefix: `rate-limit:${scope}:`,
    sendCommand: (...args: string[]) => redis.client.sendCommand(args),
  });
  // The store loads its scripts at construction; if Redis is down then, those promises reject
  // with nobody waiting. It reloads them on the next call, so the early failure is ignored.
  remote.incrementScriptSha.catch(() => {});
  remote.getScriptSha.catch(() => {});

  const useRemote = () => redis.isReady();
  return {
    init(options: Options) {
      memory.init(options);
      remote.init(options);
    },
    async increment(key) {
      if (useRemote()) {
        try {
          return await remote.increment(key);
        } catch {
          // fall through to memory
        }
      }
      return memory.increment(key);
    },
    async decrement(key) {
      if (useRemote()) await remote.decrement(key).catch(() => {});
      memory.decrement(key);
    },
    async resetKey(key) {
      if (useRemote()) await remote.resetKey(key).catch(() => {});
      memory.resetKey(key);
    },
    shutdown() {
      memory.shutdown();
    },
  };
}
