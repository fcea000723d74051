// REDIS_PREFIX: every key a deployment writes starts with it, so two deployments (or two test
// apps) sharing one Redis never see each other's replies, lists or counters.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

const env = { TRUST_PROXY: "1", RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "2", DAILY_MESSAGES_PER_VISITOR: "50" };
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await startTestApp({ env: { ...env, REDIS_PREFIX: `prefix-a-${randomUUID().slice(0, 8)}:` } });
  b = await startTestApp({ env: { ...env, REDIS_PREFIX: `prefix-b-${randomUUID().slice(0, 8)}:` } });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const client = () => ({ "x-forwarded-for": `2001:db8:${randomUUID().slice(0, 4)}::1` });

describe("REDIS_PREFIX", () => {
  it("keeps two deployments on one Redis apart: replies, message lists and rate limits", async () => {
    const question = `${randomUUID().slice(0, 8)} Do you gift-wrap?`;
    const from = client();
    a.mistral!.script({ text: "Yes, for $5 per order." });
    const first = await apiClient(a.url)("POST", "/api/chat", { message: question }, from);
    expect(first.status).toBe(200);
    await apiClient(a.url, first.json.visitorToken)("GET", `/api/chat/${first.json.conversationId}/messages`, undefined, from);

    // The same question on the other deployment is not answered from the first one's cache.
    b.mistral!.script({ text: "We do not gift-wrap." });
    const elsewhere = await apiClient(b.url)("POST", "/api/chat", { message: question }, from);
    expect(elsewhere.json.reply.content).toBe("We do not gift-wrap.");
    expect(b.mistral!.requests).toHaveLength(1);

    // The address used up its per-IP chat limit on A (2 a minute); B counts its own.
    const again = { message: "and wrapping paper?", conversationId: first.json.conversationId };
    expect((await apiClient(a.url, first.json.visitorToken)("POST", "/api/chat", again, from)).status).toBe(200);
    expect((await apiClient(a.url)("POST", "/api/chat", { message: "three" }, from)).status).toBe(429);
    expect((await apiClient(b.url)("POST", "/api/chat", { message: "two" }, from)).status).toBe(200);

    // Every key A wrote for this conversation and visitor starts with A's prefix.
    const redis = a.redis!.client;
    const keysOfA = await redis.keys(`${a.config.REDIS_PREFIX}*`);
    for (const name of ["llm:", "reply-keys:", "messages:v2:", "rate-limit:chat-ip:", "rate-limit:daily:"]) {
      expect(keysOfA.some((k) => k.startsWith(`${a.config.REDIS_PREFIX}${name}`)), name).toBe(true);
    }
    const ofConversation = await redis.keys(`*${first.json.conversationId}*`);
    expect(ofConversation.length).toBeGreaterThan(0);
    expect(ofConversation.every((k) => k.startsWith(a.config.REDIS_PREFIX))).toBe(true);
    expect((await redis.keys(`${b.config.REDIS_PREFIX}*`)).some((k) => k.includes(first.json.conversationId))).toBe(false);
  });
});
