// The message cache of an API without Redis (src/redis/memory-message-cache.ts): the newest page
// of each conversation kept in the process, served only at the revision the database reports.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageRepo, type MessageSnapshot, type StoredMessage } from "../src/db/message.repo";
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
/** A database read of a conversation of these messages at this revision, noting what it was asked for. */
function loader(revision: number, all: StoredMessage[], asked: Array<number | undefined> = []) {
  return async (newest?: number): Promise<MessageSnapshot> => {
    asked.push(newest);
    return { revision, messageCount: all.length, messages: newest === undefined ? all : all.slice(-newest) };
  };
}

const redis = await connectRedis(REDIS_URL, createLogger("silent"), `mem-cache-${randomUUID().slice(0, 8)}:`);
beforeAll(() => waitFor(() => redis.isReady()));
afterAll(() => redis.close());

// The one contract, for the memory and for the Redis list: what a cache may serve, and when not.
describe.each([
  ["in memory", () => createMemoryMessageCache()],
  ["in Redis", () => createMessageCache(redis)],
])("the message cache %s", (_name, create) => {
  it("serves the newest messages only at the revision and count they were read at", async () => {
    const cache = create();
    const c1 = randomUUID();
    expect(await cache.latest(c1, { revision: 3, messageCount: 3 }, 50)).toBeUndefined();
    await cache.fill(c1, loader(3, messages(1, 3)));
    expect(ids(await cache.latest(c1, { revision: 3, messageCount: 3 }, 50))).toEqual(["m1", "m2", "m3"]);
    expect(ids(await cache.latest(c1, { revision: 3, messageCount: 3 }, 2))).toEqual(["m2", "m3"]);
    // A write it did not see (another instance, a feedback change): read again, never served.
    expect(await cache.latest(c1, { revision: 4, messageCount: 3 }, 50)).toBeUndefined();
    expect(await cache.latest(c1, { revision: 3, messageCount: 4 }, 50)).toBeUndefined();
    // An empty conversation needs no entry.
    expect(await cache.latest(randomUUID(), { revision: 0, messageCount: 0 }, 50)).toEqual([]);
    await cache.drop(c1);
    expect(await cache.latest(c1, { revision: 3, messageCount: 3 }, 50)).toBeUndefined();
  });

  it("appends onto the revision just before a write, and forgets the entry otherwise", async () => {
    const cache = create();
    const c1 = randomUUID();
    await cache.fill(c1, loader(2, messages(1, 2)));
    await cache.append(c1, message(3), 3);
    expect(ids(await cache.latest(c1, { revision: 3, messageCount: 3 }, 50))).toEqual(["m1", "m2", "m3"]);
    // A write skipped (revision 4 never reached this cache): the entry goes.
    await cache.append(c1, message(5), 5);
    expect(await cache.latest(c1, { revision: 5, messageCount: 4 }, 50)).toBeUndefined();
    expect(await cache.latest(c1, { revision: 3, messageCount: 3 }, 50)).toBeUndefined();
    // And a conversation never read is not started by a write: its first read fills it.
    const c9 = randomUUID();
    await cache.append(c9, message(1), 1);
    expect(await cache.latest(c9, { revision: 1, messageCount: 1 }, 50)).toBeUndefined();
  });
});

describe("the message cache in memory", () => {
  it("keeps a page per conversation, read as such: a longer page than it holds is the database's", async () => {
    const cache = createMemoryMessageCache({ keep: 5 });
    const asked: Array<number | undefined> = [];
    await cache.fill("c1", loader(8, messages(1, 8), asked));
    expect(asked).toEqual([5]); // the newest five, not the whole conversation
    expect(ids(await cache.latest("c1", { revision: 8, messageCount: 8 }, 5))).toEqual(["m4", "m5", "m6", "m7", "m8"]);
    expect(await cache.latest("c1", { revision: 8, messageCount: 8 }, 6)).toBeUndefined();
    await cache.append("c1", message(9), 9);
    expect(ids(await cache.latest("c1", { revision: 9, messageCount: 9 }, 5))).toEqual(["m5", "m6", "m7", "m8", "m9"]);
  });

  it("holds at most maxConversations, dropping the one used longest ago", async () => {
    const cache = createMemoryMessageCache({ maxConversations: 2 });
    const at = { revision: 1, messageCount: 1 };
    await cache.fill("a", loader(1, messages(1, 1)));
    await cache.fill("b", loader(1, messages(1, 1)));
    expect(await cache.latest("a", at, 50)).toHaveLength(1); // a is now the newest
    await cache.fill("c", loader(1, messages(1, 1)));
    expect(await cache.latest("b", at, 50)).toBeUndefined();
    expect(await cache.latest("a", at, 50)).toHaveLength(1);
    expect(await cache.latest("c", at, 50)).toHaveLength(1);
  });
});

describe("memory in front of the Redis list", () => {
  it("answers from this process's memory first, and keeps what Redis answered", async () => {
    const list = redis.key(messagesKey("c1"));
    await redis.attempt("test", (c) => c.del(list));
    const one = withMemoryInFront(createMessageCache(redis));
    const other = withMemoryInFront(createMessageCache(redis)); // another instance's memory
    const at = { revision: 3, messageCount: 3 };
    const asked: Array<number | undefined> = [];
    await one.fill("c1", loader(3, messages(1, 3), asked));
    expect(asked).toEqual([undefined]); // one database read of the whole conversation fills both
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

    // A turn appends to the page in memory (the shopper's message and the reply); feedback moves
    // the revision, and the next read is the database's.
    await api("POST", "/api/chat", { message: `${run} and when will it arrive?`, conversationId: id });
    // The two new messages were appended to the page in memory, not read again: a change behind
    // the API's back, made after the turn, stays unseen.
    await rewrite(cold[1]!.id, "changed again");
    const after = await read();
    expect(after.map((m) => m.content).slice(0, 3)).toEqual(["changed behind the API's back", cold[1]!.content, `${run} and when will it arrive?`]);
    expect(after).toHaveLength(4);
    await api("PUT", `/api/chat/${id}/messages/${after[3]!.id}/feedback`, { rating: "up" });
    const rated = (await api("GET", `/api/chat/${id}/messages`)).json.messages;
    expect(rated[3].feedback).toEqual({ rating: "up", reason: null });
    expect(rated[1].content).toBe("changed again");
  });

  it("fills the memory from the newest messages only, with the conversation's count", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} one` });
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId as string;
    await api("POST", "/api/chat", { message: `${run} two`, conversationId: id });
    const { visitor_id } = await t.database.db.selectFrom("conversations").select("visitor_id").where("id", "=", id).executeTakeFirstOrThrow();
    const repo = createMessageRepo(t.database.db);
    const whole = await repo.snapshotMessages(id, visitor_id);
    const newest = await repo.snapshotMessages(id, visitor_id, 3);
    expect(whole!.messages).toHaveLength(4);
    expect(newest).toEqual({ revision: whole!.revision, messageCount: 4, messages: whole!.messages.slice(-3) });
    expect(await repo.snapshotMessages(id, randomUUID(), 3)).toBeUndefined();
  });
});
