// Issue 8: conversations and visitors are not kept forever.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { messagesKey } from "../src/redis/message-cache";
import { apiClient, startTestApp, waitFor, type TestApp } from "./support/test-app";

const DAY = 24 * 60 * 60_000;
const start = Date.parse("2025-01-10T12:00:00Z");

describe("retention", () => {
  let now = start;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      clock: () => new Date(now),
      // The visitor limits are on so that their Redis keys exist and can be seen to go.
      env: { RETENTION_INTERVAL_MS: "50", RATE_LIMIT_CHAT_PER_MINUTE: "50", DAILY_MESSAGES_PER_VISITOR: "50" },
    });
  });
  afterAll(() => t.close());

  const visitorOf = async (conversationId: string) =>
    (await t.database.db.selectFrom("conversations").select("visitor_id").where("id", "=", conversationId).executeTakeFirstOrThrow()).visitor_id;

  it("removes conversations untouched for RETENTION_DAYS, then visitors with nothing left, with their Redis keys", async () => {
    expect(parseConfig({}).RETENTION_DAYS).toBe(365);
    // Day 0: two visitors, one conversation each; each sends a second message (visitor-keyed limits).
    const one = await apiClient(t.url)("POST", "/api/chat", { message: "an old question" });
    const two = await apiClient(t.url)("POST", "/api/chat", { message: "another old question" });
    const api1 = apiClient(t.url, one.json.visitorToken);
    const api2 = apiClient(t.url, two.json.visitorToken);
    await api1("POST", "/api/chat", { message: "still there?", conversationId: one.json.conversationId });
    await api1("GET", `/api/chat/${one.json.conversationId}/messages`);
    const visitor1 = await visitorOf(one.json.conversationId);
    const redis = t.redis!.client;
    expect(await redis.exists([`rate-limit:chat:visitor:${visitor1}`, `rate-limit:daily:visitor:${visitor1}`, messagesKey(one.json.conversationId)].map(t.redis!.key))).toBe(3);

    // Day 300: visitor two starts a new conversation, which is then 66 days old at day 366.
    now = start + 300 * DAY;
    const recent = await api2("POST", "/api/chat", { message: "a recent question" });
    expect(recent.status).toBe(200);

    now = start + 366 * DAY;
    await waitFor(async () => (await api1("GET", "/api/conversations")).status === 401, 5000);

    // Visitor one is gone with everything of theirs, in SQLite and in Redis.
    expect(await t.database.db.selectFrom("messages").select("id").where("conversation_id", "=", one.json.conversationId).execute()).toEqual([]);
    expect(await redis.exists([`rate-limit:chat:visitor:${visitor1}`, `rate-limit:daily:visitor:${visitor1}`, messagesKey(one.json.conversationId)].map(t.redis!.key))).toBe(0);
    // Visitor two keeps the recent conversation and loses the old one.
    const list = await api2("GET", "/api/conversations");
    expect(list.status).toBe(200);
    expect(list.json.conversations.map((c: { id: string }) => c.id)).toEqual([recent.json.conversationId]);
    expect((await api2("GET", `/api/chat/${two.json.conversationId}/messages`)).status).toBe(404);
    expect(t.logs.some((l) => l.includes("retention removed old data"))).toBe(true);
  });
});

describe("RETENTION_DAYS=0", () => {
  it("keeps everything", async () => {
    let now = start;
    const t = await startTestApp({ redis: false, clock: () => new Date(now), env: { RETENTION_DAYS: "0", RETENTION_INTERVAL_MS: "20" } });
    try {
      const first = await apiClient(t.url)("POST", "/api/chat", { message: "keep me" });
      now = start + 5000 * DAY;
      // Several intervals go by; nothing is removed.
      await new Promise((r) => setTimeout(r, 300));
      const list = await apiClient(t.url, first.json.visitorToken)("GET", "/api/conversations");
      expect(list.status).toBe(200);
      expect(list.json.conversations).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
