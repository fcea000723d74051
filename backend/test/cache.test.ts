import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messagesKey } from "../src/redis/message-cache";
import { apiClient, createTestDatabase, REDIS_URL, TEST_DIALECT, startTestApp, waitFor, type TestApp, type TestDatabase } from "./support/test-app";
import { freePort } from "./support/ports";

let t: TestApp;
/** Another instance on the same database and Redis: its memory holds none of t's reads. */
let peer: TestApp;
let shared: TestDatabase;
const redis = createClient({ url: REDIS_URL });
beforeAll(async () => {
  shared = await createTestDatabase();
  t = await startTestApp({ database: shared });
  peer = await startTestApp({ database: shared, env: { REDIS_PREFIX: t.config.REDIS_PREFIX } });
  await redis.connect();
});
afterAll(async () => {
  await peer.close();
  await t.close();
  await shared.drop();
  await redis.close();
});
beforeEach(() => t.mistral!.reset());
const run = randomUUID().slice(0, 8);
/** The app's Redis name for a key (its REDIS_PREFIX first). */
const key = (name: string) => t.redis!.key(name);

describe("reply cache (llm:{hash})", () => {
  it("answers the same question in the same context from the cache, with no model call", async () => {
    const question = `${run} What payment methods do you accept?`;
    t.mistral!.script({ text: "We accept Visa, Mastercard, Amex, Discover, PayPal, Apple Pay and Google Pay." });
    const first = await apiClient(t.url)("POST", "/api/chat", { message: question });
    expect(t.mistral!.requests).toHaveLength(1);
    const second = await apiClient(t.url)("POST", "/api/chat", { message: `  ${question.toUpperCase()} ` });
    expect(t.mistral!.requests).toHaveLength(1);
    expect(second.json.reply.content).toBe(first.json.reply.content);
    const [replyKey] = await redis.sMembers(key(`reply-keys:${first.json.conversationId}`));
    expect(replyKey).toMatch(new RegExp(`^${t.config.REDIS_PREFIX}llm:[0-9a-f]{64}$`));
    expect(await redis.ttl(replyKey!)).toBeGreaterThan(29 * 60);
  });

  it("treats the same words in two different conversations as two questions", async () => {
    const a = await apiClient(t.url)("POST", "/api/chat", { message: `${run} I want to return my mixer` });
    const b = await apiClient(t.url)("POST", "/api/chat", { message: `${run} I want to cancel my order` });
    const before = t.mistral!.requests.length;
    await apiClient(t.url, a.json.visitorToken)("POST", "/api/chat", { message: "yes", conversationId: a.json.conversationId });
    await apiClient(t.url, b.json.visitorToken)("POST", "/api/chat", { message: "yes", conversationId: b.json.conversationId });
    expect(t.mistral!.requests.length - before).toBe(2);
  });

  it("never caches a fallback reply", async () => {
    const question = `${run} Is this cached?`;
    t.mistral!.script({ status: 401 });
    await apiClient(t.url)("POST", "/api/chat", { message: question });
    const again = await apiClient(t.url)("POST", "/api/chat", { message: question });
    expect(again.json.reply.status).toBe("complete");
    expect(t.mistral!.requests).toHaveLength(2);
  });
});

describe("message cache (messages:{id})", () => {
  it("keeps the Redis list exact through writes and serves it only when complete", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} cache me` });
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId;
    const listKey = key(messagesKey(id));
    // Cold: the first read fills it from SQLite.
    await api("GET", `/api/chat/${id}/messages`);
    // The revision it was built at, then the two messages.
    expect(await redis.lLen(listKey)).toBe(3);
    expect(await redis.ttl(listKey)).toBeGreaterThan(0);
    await api("POST", "/api/chat", { message: `${run} and more`, conversationId: id });
    expect(await redis.lLen(listKey)).toBe(5);
    // A partial list (one message lost) is never served: an instance that does not have the
    // messages in its own memory reads SQLite instead, and fills the list again.
    await redis.rPop(listKey);
    const res = await apiClient(peer.url, first.json.visitorToken)("GET", `/api/chat/${id}/messages`);
    expect(res.json.messages).toHaveLength(4);
    expect(await redis.lLen(listKey)).toBe(5);
    // Feedback changes a message: the list is dropped and refilled with the change.
    const replyId = res.json.messages[3].id;
    await api("PUT", `/api/chat/${id}/messages/${replyId}/feedback`, { rating: "up" });
    const after = await api("GET", `/api/chat/${id}/messages`);
    expect(after.json.messages[3].feedback).toEqual({ rating: "up", reason: null });

    // Even if the drop never reached Redis (or a slow fill wrote old rows back), the old list
    // carries an old revision and is not served.
    const stale = await redis.lRange(listKey, 0, -1);
    await api("PUT", `/api/chat/${id}/messages/${replyId}/feedback`, { rating: "down", reason: "changed my mind" });
    await redis.del(listKey);
    await redis.rPush(listKey, stale);
    const fresh = await apiClient(peer.url, first.json.visitorToken)("GET", `/api/chat/${id}/messages`);
    expect(fresh.json.messages[3].feedback).toEqual({ rating: "down", reason: "changed my mind" });
  });

  it("caches conversations written outside the API too (revision 0, e.g. imported)", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} imported one` });
    const id = first.json.conversationId;
    await t.database.db.updateTable("conversations").set({ cache_revision: 0 }).where("id", "=", id).execute();
    await redis.del(key(messagesKey(id)));
    await apiClient(t.url, first.json.visitorToken)("GET", `/api/chat/${id}/messages`);
    expect(await redis.lIndex(key(messagesKey(id)), 0)).toBe("0");
    expect(await redis.lLen(key(messagesKey(id)))).toBe(3);
  });

  it("delete removes the conversation from SQLite and its keys from Redis", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} delete me please` });
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId;
    await api("GET", `/api/chat/${id}/messages`);
    expect(await redis.exists(key(messagesKey(id)))).toBe(1);
    const replyKeys = await redis.sMembers(key(`reply-keys:${id}`));
    expect(replyKeys.length).toBe(1);
    expect(await redis.exists(replyKeys[0]!)).toBe(1);

    const res = await api("DELETE", `/api/chat/${id}`);
    expect(res.status).toBe(204);
    expect(await redis.exists(key(messagesKey(id)))).toBe(0);
    expect(await redis.exists(key(`reply-keys:${id}`))).toBe(0);
    expect(await redis.exists(replyKeys[0]!)).toBe(0);
    expect(await t.database.db.selectFrom("messages").select("id").where("conversation_id", "=", id).execute()).toEqual([]);
    expect((await api("GET", `/api/chat/${id}/messages`)).status).toBe(404);
    expect((await api("DELETE", `/api/chat/${id}`)).status).toBe(404);
  });
});

describe("Redis going down at runtime", () => {
  let server: ChildProcess | undefined;
  const startRedis = (port: number) => {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  };
  afterAll(() => server?.kill("SIGKILL"));

  it("keeps answering 200 from SQLite with no hang, and uses Redis again when it returns", async () => {
    const port = await freePort();
    startRedis(port);
    const app = await startTestApp({ redis: `redis://127.0.0.1:${port}`, env: { RATE_LIMIT_CHAT_PER_MINUTE: "50" } });
    try {
      await waitFor(() => app.redis!.isReady(), 5000);
      const first = await apiClient(app.url)("POST", "/api/chat", { message: "before the outage" });
      const api = apiClient(app.url, first.json.visitorToken);
      const id = first.json.conversationId;
      await api("GET", `/api/chat/${id}/messages`);
      expect((await api("GET", "/api/health")).json.redis).toBe("ok");

      server!.kill("SIGKILL");
      await waitFor(() => !app.redis!.isReady(), 5000);
      const started = Date.now();
      const during = [
        await api("POST", "/api/chat", { message: "during the outage", conversationId: id }),
        await api("GET", `/api/chat/${id}/messages`),
        await api("GET", "/api/conversations"),
        await api("PATCH", `/api/chat/${id}`, { title: "renamed while down" }),
        await apiClient(app.url)("POST", "/api/chat", { message: "a new visitor while down" }),
      ];
      expect(during.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(during[1]!.json.messages).toHaveLength(4);
      const health = await api("GET", "/api/health");
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ db: "ok", redis: "down" });

      startRedis(port);
      await waitFor(() => app.redis!.isReady(), 8000);
      // This instance still answers the old conversation from its memory; a conversation it has
      // not read before is filled into Redis again.
      expect((await api("GET", `/api/chat/${id}/messages`)).json.messages).toHaveLength(4);
      const later = await apiClient(app.url)("POST", "/api/chat", { message: "after the outage" });
      await apiClient(app.url, later.json.visitorToken)("GET", `/api/chat/${later.json.conversationId}/messages`);
      const fresh = createClient({ url: `redis://127.0.0.1:${port}` });
      await fresh.connect();
      expect(await fresh.lLen(app.redis!.key(messagesKey(later.json.conversationId)))).toBe(3);
      await fresh.close();
      expect((await api("GET", "/api/health")).json.redis).toBe("ok");
    } finally {
      await app.close();
    }
  });

  it("does not wait on a Redis that stops answering (socket open, no replies)", async () => {
    const port = await freePort();
    startRedis(port);
    const app = await startTestApp({
      redis: `redis://127.0.0.1:${port}`,
      env: { RATE_LIMIT_CHAT_PER_MINUTE: "50", RATE_LIMIT_REQUESTS_PER_MINUTE: "500" },
    });
    try {
      await waitFor(() => app.redis!.isReady(), 5000);
      const first = await apiClient(app.url)("POST", "/api/chat", { message: "before the freeze" });
      const api = apiClient(app.url, first.json.visitorToken);
      const id = first.json.conversationId;
      server!.kill("SIGSTOP");
      const started = Date.now();
      const during = [
        await api("POST", "/api/chat", { message: "during the freeze", conversationId: id }),
        await api("GET", `/api/chat/${id}/messages`),
        await api("GET", "/api/conversations"),
      ];
      expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(during[1]!.json.messages).toHaveLength(4);
      // Each Redis call gives up after 250 ms; nothing waits for Redis itself.
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      server!.kill("SIGCONT");
      await app.close();
      server!.kill("SIGKILL");
    }
  });

  it("runs without Redis at all", async () => {
    const app = await startTestApp({ redis: false });
    try {
      const res = await apiClient(app.url)("POST", "/api/chat", { message: "no redis here" });
      expect(res.status).toBe(200);
      const health = await apiClient(app.url)("GET", "/api/health");
      expect(health.json).toEqual({ status: "ok", db: "ok", database: { status: "ok", dialect: TEST_DIALECT }, redis: "disabled", llm: "mistral" });
    } finally {
      await app.close();
    }
  });
});
