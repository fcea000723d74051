// Issue 8, "Abuse and cost": chat limits per IP beside per visitor, a daily model budget shared
// through Redis, and a new visitor counted only when one is created.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./support/test-app";

// Counters live in the shared Redis and outlive a run: each test comes from its own address
// (X-Forwarded-For, trusted for one hop here).
const randomClient = () => {
  const hex = (n: number) => Math.floor(Math.random() * 16 ** n).toString(16);
  return { "x-forwarded-for": `2001:db8:${hex(4)}:${hex(2)}00::1` };
};

describe("per-minute chat limits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_CHAT_PER_MINUTE: "3", RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "5", TRUST_PROXY: "1" },
    });
  });
  afterAll(() => t.close());

  it("limits messages per IP even when each comes from a fresh visitor", async () => {
    const client = randomClient();
    const statuses: number[] = [];
    let limited;
    // Two messages from each new visitor: the per-visitor limit (3) is never reached.
    for (let i = 0; i < 3; i++) {
      const first = await apiClient(t.url)("POST", "/api/chat", { message: `rotating ${i}` }, client);
      statuses.push(first.status);
      if (first.status !== 200) {
        limited = first;
        break;
      }
      const again = await apiClient(t.url, first.json.visitorToken)(
        "POST",
        "/api/chat",
        { message: `again ${i}`, conversationId: first.json.conversationId },
        client,
      );
      statuses.push(again.status);
      if (again.status !== 200) limited = again;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(limited!.json.error.code).toBe("rate_limited:chat-ip");
    expect(limited!.json.error.message).toMatch(/^Too many messages from your network\. Please wait \d+ seconds\.$/);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await t.redis!.client.keys(t.redis!.key("rate-limit:chat-ip:ip:*"))).not.toHaveLength(0);
    // Another address is not affected.
    expect((await apiClient(t.url)("POST", "/api/chat", { message: "hi" }, randomClient())).status).toBe(200);
  });

  it("counts a new visitor only when one is created: invalid requests use up nothing", async () => {
    const client = randomClient();
    for (const body of [{}, { message: "" }, { message: 42 }, "not json", { message: "x".repeat(5000) }]) {
      expect((await apiClient(t.url)("POST", "/api/chat", body, client)).status).toBe(400);
    }
    // A conversation id without a token creates nobody either.
    const stray = await apiClient(t.url)(
      "POST",
      "/api/chat",
      { message: "hi", conversationId: "7b1c3a52-8d4e-4f7a-9c1b-2e3d4f5a6b7c" },
      client,
    );
    expect(stray.status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await apiClient(t.url)("POST", "/api/chat", { message: `new ${i}` }, client)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("daily model budget", () => {
  let a: TestApp;
  let b: TestApp;
  let database: TestDatabase;
  beforeAll(async () => {
    const env = { DAILY_MESSAGES_PER_VISITOR: "2", DAILY_MESSAGES_PER_IP: "4", TRUST_PROXY: "1", REDIS_PREFIX: `budget-${randomUUID().slice(0, 8)}:` };
    // Two API instances on one database and one Redis key space: the budget is shared between them.
    database = await createTestDatabase();
    a = await startTestApp({ env, database });
    b = await startTestApp({ env, database });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await database.drop();
  });

  it("stops a visitor after its daily messages, on every instance, with a 429 the web app can show", async () => {
    const client = randomClient();
    const first = await apiClient(a.url)("POST", "/api/chat", { message: "budget one" }, client);
    expect(first.status).toBe(200);
    const id = first.json.conversationId;
    const on = (app: TestApp) => apiClient(app.url, first.json.visitorToken);
    expect((await on(a)("POST", "/api/chat", { message: "budget two", conversationId: id }, client)).status).toBe(200);
    expect((await on(b)("POST", "/api/chat", { message: "budget three", conversationId: id }, client)).status).toBe(200);
    const limited = await on(b)("POST", "/api/chat/stream", { message: "budget four", conversationId: id }, client);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited:daily");
    expect(limited.json.error.message).toMatch(/^You have reached today's message limit\. Please try again in about \d+ hours\.$/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    expect(await a.redis!.client.keys(a.redis!.key("rate-limit:daily:visitor:*"))).not.toHaveLength(0);
  });

  it("stops an address after its daily messages, whichever visitors send them", async () => {
    const client = randomClient();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const app = i % 2 ? a : b;
      statuses.push((await apiClient(app.url)("POST", "/api/chat", { message: `ip budget ${i}` }, client)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await apiClient(a.url)("POST", "/api/chat", { message: "one more" }, client);
    expect(limited.json.error.code).toBe("rate_limited:daily-ip");
    expect(limited.json.error.message).toMatch(/Your network has reached today's message limit/);
  });
});
