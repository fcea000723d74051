// The message cache in this process's memory: the same contract as the Redis list
// (message-cache.ts), alone for an API without Redis and in front of the Redis list with one.
// Each conversation keeps its newest page of messages with the cache revision and message count
// they were read at, and is served only when both still match what the database says on this
// request: an entry left behind by a write on another instance, a feedback change or a deletion is
// never shown, only read again.
import { PAGE_LIMIT_MAX } from "@harbor/contracts";
import type { ConversationVersion, StoredMessage } from "../db/message.repo";
import type { MessageCache } from "./message-cache";

type Version = Pick<ConversationVersion, "revision" | "messageCount">;

export interface MemoryMessageCache extends MessageCache {
  /** Keeps the newest messages read elsewhere (the Redis list) at the version they were read at. */
  remember(conversationId: string, version: Version, newest: StoredMessage[]): void;
}

interface Entry {
  revision: number;
  messageCount: number;
  /** The newest messages, oldest first: at most `keep`. */
  messages: StoredMessage[];
}

export interface MemoryMessageCacheOptions {
  /** Conversations kept; the one read or written longest ago goes first. */
  maxConversations?: number;
  /** Messages kept per conversation: a page of the largest size the API serves. */
  keep?: number;
}

export function createMemoryMessageCache({ maxConversations = 200, keep = PAGE_LIMIT_MAX }: MemoryMessageCacheOptions = {}): MemoryMessageCache {
  // A Map iterates in insertion order: deleting and setting again makes an entry the newest.
  const entries = new Map<string, Entry>();
  const put = (conversationId: string, entry: Entry) => {
    entries.delete(conversationId);
    entries.set(conversationId, entry);
    if (entries.size > maxConversations) entries.delete(entries.keys().next().value!);
  };

  return {
    async latest(conversationId, { revision, messageCount }, limit) {
      if (messageCount === 0) return [];
      const entry = entries.get(conversationId);
      if (!entry || entry.revision !== revision || entry.messageCount !== messageCount) return undefined;
      if (entry.messages.length < Math.min(limit, messageCount)) return undefined;
      put(conversationId, entry);
      return entry.messages.slice(-limit);
    },

    async fill(conversationId, load) {
      const snapshot = await load(keep);
      if (!snapshot || snapshot.messages.length === 0) return;
      put(conversationId, {
        revision: snapshot.revision,
        messageCount: snapshot.messageCount,
        messages: snapshot.messages.slice(-keep),
      });
    },

    async append(conversationId, message, revision) {
      const entry = entries.get(conversationId);
      // Only onto the revision just before this write; anything else is read again when asked for.
      if (!entry || entry.revision !== revision - 1) {
        entries.delete(conversationId);
        return;
      }
      const messages = [...entry.messages, message];
      put(conversationId, { revision, messageCount: entry.messageCount + 1, messages: messages.slice(-keep) });
    },

    async drop(conversationId) {
      entries.delete(conversationId);
    },

    remember(conversationId, { revision, messageCount }, newest) {
      if (messageCount === 0 || newest.length === 0) return;
      put(conversationId, { revision, messageCount, messages: newest.slice(-keep) });
    },
  };
}

/**
 * This process's memory in front of a cache shared by every instance (the Redis list): a read
 * this process can answer costs no round trip, and every write reaches both.
 */
export function withMemoryInFront(shared: MessageCache, memory: MemoryMessageCache = createMemoryMessageCache()): MessageCache {
  return {
    async latest(conversationId, version, limit) {
      const mine = await memory.latest(conversationId, version, limit);
      if (mine) return mine;
      const theirs = await shared.latest(conversationId, version, limit);
      if (theirs) memory.remember(conversationId, version, theirs);
      return theirs;
    },
    async fill(conversationId, load) {
      // One database read for both: the whole conversation when Redis takes it, else only the
      // newest messages the memory keeps.
      let whole: ReturnType<typeof load> | undefined;
      await shared.fill(conversationId, () => (whole ??= load()));
      await memory.fill(conversationId, (newest) => whole ?? load(newest));
    },
    async append(conversationId, message, revision) {
      await memory.append(conversationId, message, revision);
      await shared.append(conversationId, message, revision);
    },
    async drop(conversationId) {
      await memory.drop(conversationId);
      await shared.drop(conversationId);
    },
  };
}
