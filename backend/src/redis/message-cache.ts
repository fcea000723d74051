// {REDIS_PREFIX}messages:v2:{conversationId} — the conversation's messages, oldest first, as a Redis list whose
// first element is the conversation's cache revision (SQLite's conversations.cache_revision,
// bumped by every message write and feedback change). The list is served only when that revision
// matches SQLite's, so a cold, partial or stale list is never shown — even when a write or a drop
// could not reach Redis, or a fill raced a write.
import type { ConversationVersion, MessageSnapshot, StoredMessage } from "../db/message.repo";
import type { RedisConnection } from "./client";

const TTL_SECONDS = 60 * 60;
// v2: messages carry author, tool calls and flags; lists in the older shape are never read.
/** The key's name after REDIS_PREFIX (the connection's `key()` adds it). */
export const messagesKey = (conversationId: string) => `messages:v2:${conversationId}`;

// The last ARGV[2] messages, or nil unless the list was built at revision ARGV[1] and holds all
// ARGV[3] messages.
const LATEST_SCRIPT = `
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then return false end
local len = redis.call('LLEN', KEYS[1])
if len ~= tonumber(ARGV[3]) + 1 then return false end
local from = len - tonumber(ARGV[2])
if from < 1 then from = 1 end
return redis.call('LRANGE', KEYS[1], from, -1)`;

// Appends only onto the list of the revision just before this write; anything else is dropped
// and refilled from SQLite on the next read.
const APPEND_SCRIPT = `
if redis.call('LINDEX', KEYS[1], 0) == tostring(tonumber(ARGV[2]) - 1) then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('LSET', KEYS[1], 0, ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
redis.call('DEL', KEYS[1])
return 0`;

export interface MessageCache {
  /** The last `limit` messages, or undefined unless the list is exactly the one at this version. */
  latest(conversationId: string, version: Pick<ConversationVersion, "revision" | "messageCount">, limit: number): Promise<StoredMessage[] | undefined>;
  /**
   * Rebuilds the list; `load` reads the database: the whole conversation, or its `newest` messages
   * for a cache that keeps only those. Not called while the cache cannot take it (Redis down).
   */
  fill(conversationId: string, load: (newest?: number) => Promise<MessageSnapshot | undefined>): Promise<void>;
  append(conversationId: string, message: StoredMessage, revision: number): Promise<void>;
  drop(conversationId: string): Promise<void>;
}

export function createMessageCache(redis: RedisConnection): MessageCache {
  return {
    async latest(conversationId, { revision, messageCount }, limit) {
      if (messageCount === 0) return [];
      const items = await redis.attempt("messages.latest", (c) =>
        c.eval(LATEST_SCRIPT, {
          keys: [redis.key(messagesKey(conversationId))],
          arguments: [String(revision), String(limit), String(messageCount)],
        }),
      );
      if (!Array.isArray(items)) return undefined;
      return items.map((item) => JSON.parse(String(item)) as StoredMessage);
    },

    async fill(conversationId, load) {
      if (!redis.isReady()) return;
      const snapshot = await load();
      if (!snapshot || snapshot.messages.length === 0) return;
      const key = redis.key(messagesKey(conversationId));
      await redis.attempt("messages.fill", (c) =>
        c
          .multi()
          .del(key)
          .rPush(key, [String(snapshot.revision), ...snapshot.messages.map((m) => JSON.stringify(m))])
          .expire(key, TTL_SECONDS)
          .exec(),
      );
    },

    async append(conversationId, message, revision) {
      await redis.attempt("messages.append", (c) =>
        c.eval(APPEND_SCRIPT, {
          keys: [redis.key(messagesKey(conversationId))],
          arguments: [JSON.stringify(message), String(revision), String(TTL_SECONDS)],
        }),
      );
    },

    async drop(conversationId) {
      await redis.attempt("messages.drop", (c) => c.del(redis.key(messagesKey(conversationId))));
    },
  };
}
