// {REDIS_PREFIX}llm:{sha256} — a model reply for 30 minutes, keyed on everything that produced it. Replies that
// used an order tool or mention an order never come here (see chat.service).
// {REDIS_PREFIX}reply-keys:{conversationId} remembers which llm: keys a conversation wrote, so deleting the
// conversation removes them too.
import type { RedisConnection } from "./client";

const TTL_SECONDS = 30 * 60;

export interface ReplyCache {
  /** The reply text. Its sources are not stored: the same key means the same grounding. */
  get(hash: string): Promise<string | undefined>;
  set(hash: string, reply: string, conversationId: string): Promise<void>;
  forgetConversation(conversationId: string): Promise<void>;
}

export function createReplyCache(redis: RedisConnection): ReplyCache {
  const replyKey = (hash: string) => redis.key(`llm:${hash}`);
  const replyKeysOf = (conversationId: string) => redis.key(`reply-keys:${conversationId}`);
  return {
    async get(hash) {
      return (await redis.attempt("llm.get", (c) => c.get(replyKey(hash)))) ?? undefined;
    },

    async set(hash, reply, conversationId) {
      await redis.attempt("llm.set", (c) =>
        c
          .multi()
          .set(replyKey(hash), reply, { expiration: { type: "EX", value: TTL_SECONDS } })
          .sAdd(replyKeysOf(conversationId), replyKey(hash))
          .expire(replyKeysOf(conversationId), TTL_SECONDS)
          .exec(),
      );
    },

    async forgetConversation(conversationId) {
      const keys = await redis.attempt("llm.keys", (c) => c.sMembers(replyKeysOf(conversationId)));
      await redis.attempt("llm.forget", (c) => c.del([...(keys ?? []), replyKeysOf(conversationId)]));
    },
  };
}

export const noReplyCache: ReplyCache = {
  get: async () => undefined,
  set: async () => {},
  forgetConversation: async () => {},
};
