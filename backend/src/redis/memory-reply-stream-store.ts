// The reply stream store in this process's memory: the same contract as the Redis one
// (reply-stream-store.ts), for an API without Redis and for the replies an instance runs itself,
// so its own followers never wait on Redis.
import { compareEntryIds, REPLY_STREAM_TTL_SECONDS, type ReplyStreamEntry, type ReplyStreamStore } from "./reply-stream-store";

export function createMemoryReplyStreamStore(now: () => number = Date.now): ReplyStreamStore {
  const streams = new Map<string, { entries: ReplyStreamEntry[]; lastWrite: number }>();
  const leases = new Map<string, number>();
  const claimed = new Set<string>();
  const member = (conversationId: string, replyId: string) => `${conversationId}:${replyId}`;
  // Expired streams are dropped at most once a second: a walk over every stream at each begin
  // would cost a thousand concurrent replies a million steps.
  let prunedAt = -Infinity;
  const prune = () => {
    const at = now();
    if (at - prunedAt < 1000) return;
    prunedAt = at;
    const cutoff = at - REPLY_STREAM_TTL_SECONDS * 1000;
    for (const [id, stream] of streams) if (stream.lastWrite < cutoff) streams.delete(id);
  };

  return {
    async begin(conversationId, first, leaseUntil) {
      prune();
      streams.set(conversationId, { entries: [first], lastWrite: now() });
      if (leaseUntil !== undefined) leases.set(member(conversationId, first.replyId), leaseUntil);
    },
    async append(conversationId, entry) {
      const stream = streams.get(conversationId);
      const last = stream?.entries.at(-1);
      if (!stream || (last && compareEntryIds(entry.id, last.id) <= 0)) return;
      stream.entries.push(entry);
      stream.lastWrite = now();
    },
    async read(conversationId, afterId) {
      const entries = streams.get(conversationId)?.entries ?? [];
      if (!afterId) return [...entries];
      // Entries are in id order: the new ones are a tail, found from the end (a follower reads
      // every few entries, so this is a step or two, not a pass over the whole reply).
      let from = entries.length;
      while (from > 0 && compareEntryIds(entries[from - 1]!.id, afterId) > 0) from--;
      return entries.slice(from);
    },
    async renewLease({ conversationId, replyId }, until) {
      const key = member(conversationId, replyId);
      if (claimed.has(key)) return false;
      leases.set(key, until);
      return true;
    },
    async releaseLease({ conversationId, replyId }) {
      const key = member(conversationId, replyId);
      if (claimed.has(key)) return false;
      leases.delete(key);
      return true;
    },
    async claimExpired(at) {
      const won = [];
      for (const [key, until] of leases) {
        if (until > at) continue;
        leases.delete(key);
        claimed.add(key);
        const [conversationId = "", replyId = ""] = key.split(":");
        won.push({ conversationId, replyId });
      }
      return won;
    },
  };
}
