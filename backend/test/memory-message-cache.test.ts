// The message cache of an API without Redis (src/redis/memory-message-cache.ts): the newest page
// of each conversation kept in the process, served only at the revision the database reports.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../src/db/message.repo";
import { createLogger } from "../src/logger";
import { connectRedis } from "../src/redis/client";
import { createMemoryMessageCache, withMemoryInFront } from "../src/redis/memory-message-cache";
import { createMessageCache, messagesKey } from "../src/redis/message-cache";
import { apiClient, REDIS_URL, startTestApp, waitFor, type TestApp } from "./support/test-app";

function message(n: number): StoredMessage {
  return {
    id: `m${n}`,
    role: n % 2 ? "user" : "assistant",
    content: `message ${n}`,
    status: "complete",
    sources: [],
    createdAt: new Date(Date.UTC(2026, 11, 3, 12, 0, n)).toISOString(),
    usedTool: false,
    toolCalls: [],
    flags: [],
    feedback: null,
    author: null,
  };
}
const messages = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const ids = (list: StoredMessage[] | undefined) => list?.map((m) => m.id);

describe("memory message cache", () => {
  it("serves the newest messages only at the revision and count they were read at", async () => {
    const cache = createMemoryMessageCache();
    expect(await cache.latest("c1", { revision: 3, messageCount: 3 }, 50)).toBeUndefined();
    await cache.fill("c1", async () => ({ revision: 3, messages: messages(1, 3) }));
    expect(ids(await cache.latest("c1", { revision: 3, messageCount: 3 }, 50))).toEqual(["m1", "m2", "m3"]);
    expect(ids(await cache.latest("c1", { revision: 3, messageCount: 3 }, 2))).toEqual(["m2", "m3"]);
    // A write it did not see (another instance, a feedback change): read again, never served.
    expect(await cache.latest("c1", { revision: 4, messageCount: 3 }, 50)).toBeUndefined();
    expect(await cache.latest("c1", { revision: 3, messageCount: 4 }, 50)).toBeUndefined();
    // An empty conversation needs no entry.
    expect(await cache.latest("c2", { revision: 0, messageCount: 0 }, 50)).toEqual([]);
  });

  it("appends onto the revision just before a write, and forgets the entry otherwise", async () => {
    const cache = createMemoryMessageCache();
    await cache.fill("c1", async () => ({ revision: 2, messages: messages(1, 2) }));
    await cache.append("c1", message(3), 3);
    expect(ids(await cache.latest("c1", { revision: 3, messageCount: 3 }, 50))).toEqual(["m1", "m2", "m3"]);
    // A write skipped (revision 4 never reached this process): the entry goes.
    await cache.append("c1", message(5), 5);
    expect(await cache.latest("c1", { revision: 5, messageCount: 4 }, 50)).toBeUndefined();
    expect(await cache.latest("c1", { revision: 3, messageCount: 3 }, 50)).toBeUndefined();
    // And a conversation never read is not started by a write: its first read fills it.
    await cache.append("c9", message(1), 1);
    expect(await cache.latest("c9", { revision: 1, messageCount: 1 }, 50)).toBeUndefined();
  });

  it("keeps a page per conversation: a longer page than it holds is read from the database", async () => {
    const cache = createMemoryMessageCache({ keep: 5 });
    await cache.fill("c1", async () => ({ revision: 8, messages: messages(1, 8) }));
    expect(ids(await cache.latest("c1", { revision: 8, messageCount: 8 }, 5))).toEqual(["m4", "m5", "m6", "m7", "m8"]);
    expect(await cache.latest("c1", { revision: 8, messageCount: 8 }, 6)).toBeUndefined();
    await cache.append("c1", message(9), 9);
    expect(ids(await cache.latest("c1", { revision: 9, messageCount: 9 }, 5))).toEqual(["m5", "m6", "m7", "m8", "m9"]);
  });

  it("holds at most maxConversations, dropping the one used longest ago", async () => {
    const cache = createMemoryMessageCache({ maxConversations: 2 });
    const at = { revision: 1, messageCount: 1 };
    await cache.fill("a", async () => ({ revision: 1, messages: messages(1, 1) }));
    await cache.fill("b", async () => ({ revision: 1, messages: messages(1, 1) }));
    expect(await cache.latest("a", at, 50)).toHaveLength(1); // a is now the newest
    await cache.fill("c", async () => ({ revision: 1, messages: messages(1, 1) }));
    expect(await cache.latest("b", at, 50)).toBeUndefined();
    expect(await cache.latest("a", at, 50)).toHaveLength(1);
    expect(await cache.latest("c", at, 50)).toHaveLength(1);
    await cache.drop("a");
    expect(await cache.latest("a", at, 50)).toBeUndefined();
  });
});

describe("memory in front of the Redis list", () => {
  it("answers from this process's memory first, and keeps what Redis answered", async () => {
    const redis = await connectRedis(REDIS_URL, createLogger("silent"), `mem-front-${randomUUID().slice(0, 8)}:`);
    try {
      await waitFor(() => redis.isReady());
      const list = redis.key(messagesKey("c1"));
      const one = withMemoryInFront(createMessageCache(redis));
      const other = withMemoryInFront(createMessageCache(redis)); // another instance's memory
      const at = { revision: 3, messageCount: 3 };
      let loads = 0;
      await one.fill("c1", async () => {
        loads += 1;
        return { revision: 3, messages: messages(1, 3) };
      });
      expect(loads).toBe(1); // one database read fills both
      expect(await redis.attempt("test", (c) => c.lLen(list))).toBe(4);

      // The other instance reads the Redis list and keeps it: with the list gone, both still answer.
      expect(ids(await other.latest("c1", at, 50))).toEqual(["m1", "m2", "m3"]);
      await redis.attempt("test", (c) => c.del(list));
      expect(ids(await one.latest("c1", at, 50))).toEqual(["m1", "m2", "m3"]);
      expect(ids(await other.latest("c1", at, 2))).toEqual(["m2", "m3"]);

      // A write through one instance moves the revision: the other's copy is not served.
      await one.append("c1", message(4), 4);
      expect(ids(await one.latest("c1", { revision: 4, messageCount: 4 }, 50))).toEqual(["m1", "m2", "m3", "m4"]);
      expect(await other.latest("c1", { revision: 4, messageCount: 4 }, 50)).toBeUndefined();
      await one.drop("c1");
      expect(await one.latest("c1", { revision: 4, messageCount: 4 }, 50)).toBeUndefined();
    } finally {
      await redis.close();
    }
  });
});

describe("an API without Redis", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false });
  });
  afterAll(() => t.close());
  const run = randomUUID().slice(0, 8);
  /** Changes a stored message behind the API's back, leaving the revision as it was. */
  const rewrite = (messageId: string, content: string) =>
    t.database.db.updateTable("messages").set({ content }).where("id", "=", messageId).execute();

  it("serves the newest messages from memory, and reads the database again after any write", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} where is my parcel?` });
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId as string;
    const read = async () => (await api("GET", `/api/chat/${id}/messages`)).json.messages as Array<{ id: string; content: string }>;

    const cold = await read();
    expect(cold).toHaveLength(2);
    // The page now comes from memory: a change that did not go through the API is not seen...
    await rewrite(cold[0]!.id, "changed behind the API's back");
    expect((await read())[0]!.content).toBe(`${run} where is my parcel?`);

    // ...until the conversation's revision moves, as every write through any instance makes it.
    await t.database.db.updateTable("conversations").set((eb) => ({ cache_revision: eb("cache_revision", "+", 1) })).where("id", "=", id).execute();
    expect((await read())[0]!.content).toBe("changed behind the API's back");

    // A turn appends to the page in memory (the shopper's message and the reply), and feedback
    // moves the revision: each read shows the database's truth.
    await api("POST", "/api/chat", { message: `${run} and when will it arrive?`, conversationId: id });
    const after = await read();
    expect(after.map((m) => m.content).slice(0, 3)).toEqual(["changed behind the API's back", cold[1]!.content, `${run} and when will it arrive?`]);
    expect(after).toHaveLength(4);
    await api("PUT", `/api/chat/${id}/messages/${after[3]!.id}/feedback`, { rating: "up" });
    const rated = (await api("GET", `/api/chat/${id}/messages`)).json.messages;
    expect(rated[3].feedback).toEqual({ rating: "up", reason: null });
  });
});
