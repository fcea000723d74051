// messages:{conversationId} — the conversation's messages, oldest first, as a Redis list.
// SQLite's message_count is the truth: the list is served only when its length matches it,
// so a cold, partial or stale list is never shown.
import type { StoredMessage } from "../db/message.repo";
import type { RedisConnection } from "./client";

const TTL_SECONDS = 60 * 60;
export const messagesKey = (conversationId: string) => `messages:${conversationId}`;

// Appends only onto a list that is exactly one short of the new count; anything else is dropped
// and refilled from SQLite on the next read.
const APPEND_SCRIPT = `
local len = redis.call('LLEN', KEYS[1])
if len == tonumber(ARGV[2]) - 1 and len > 0 then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
redis.call('DEL', KEYS[1])
return 0`;

export interface MessageCache {
  /** The last `limit` messages, or undefined unless the list holds exactly `messageCount`. */
  latest(conversationId: string, messageCount: number, limit: number): Promise<StoredMessage[] | undefined>;
  fill(conversationId: string, messages: StoredMessage[]): Promise<void>;
  append(conversationId: string, message: StoredMessage, messageCount: number): Promise<void>;
  drop(conversationId: string): Promise<void>;
}

export function createMessageCache(redis: RedisConnection): MessageCache {
  return {
    async latest(conversationId, messageCount, limit) {
      if (messageCount === 0) return [];
      const key = messagesKey(conversationId);
      const result = await redis.attempt("messages.latest", (c) =>
        c.multi().lLen(key).lRange(key, -limit, -1).exec(),
      );
      if (!result) return undefined;
      const [length, items] = result as unknown as [number, string[]];
      if (length !== messageCount) return undefined;
      return items.map((item) => JSON.parse(item) as StoredMessage);
    },

    async fill(conversationId, messages) {
      if (messages.length === 0) return;
      const key = messagesKey(conversationId);
      await redis.attempt("messages.fill", (c) =>
        c
          .multi()
          .del(key)
          .rPush(key, messages.map((m) => JSON.stringify(m)))
          .expire(key, TTL_SECONDS)
          .exec(),
      );
    },

    async append(conversationId, message, messageCount) {
      await redis.attempt("messages.append", (c) =>
        c.eval(APPEND_SCRIPT, {
          keys: [messagesKey(conversationId)],
          arguments: [JSON.stringify(message), String(messageCount), String(TTL_SECONDS)],
        }),
      );
    },

    async drop(conversationId) {
      await redis.attempt("messages.drop", (c) => c.del(messagesKey(conversationId)));
    },
  };
}

/** With no Redis configured every read is a miss and every write a no-op. */
export const noMessageCache: MessageCache = {
  latest: async () => undefined,
  fill: async () => {},
  append: async () => {},
  drop: async () => {},
};
