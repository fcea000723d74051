// Live events across API instances: two apps on one database and one Redis deliver each other's
// events; with Redis down they keep working (events stay on their own instance) and recover.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openEvents, signInStaff } from "./support/live-client";
import { apiClient, createTestDatabase, startTestApp, waitFor, type TestApp, type TestDatabase } from "./support/test-app";
import { freePort } from "./support/ports";


const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

/** Two instances sharing one database and one Redis key space. */
async function twoInstances(redis: string | true): Promise<[TestApp, TestApp]> {
  const database = await createTestDatabase();
  databases.push(database);
  const env = { REDIS_PREFIX: `pair-${randomUUID().slice(0, 8)}:` };
  const a = await startTestApp({ redis, env, database });
  const b = await startTestApp({ redis, env, database });
  return [a, b];
}

async function shopperOn(app: TestApp) {
  const res = await apiClient(app.url)("POST", "/api/chat", { message: "hello there" });
  return { token: res.json.visitorToken as string, id: res.json.conversationId as string };
}

const staffPost = (app: TestApp, cookie: string, p: string, body?: unknown) => apiClient(app.url)("POST", p, body, { cookie });

describe("two API instances sharing Redis", () => {
  it("a shopper on one sees a staff message sent through the other within a second; the inbox sees handoffs", async () => {
    const [a, b] = await twoInstances(true);
    try {
      const s = await shopperOn(a);
      const shopperEvents = await openEvents(`${a.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
      await shopperEvents.next((e) => e.type === "ready");
      const staff = await signInStaff(b, { name: "Sam on B" });
      const staffEvents = await openEvents(`${a.url}/api/staff/events`, { cookie: staff.cookie });
      await staffEvents.next((e) => e.type === "ready");

      await apiClient(b.url, s.token)("POST", `/api/chat/${s.id}/handoff`, {});
      await staffEvents.next((e) => e.type === "conversation.updated" && e.conversationId === s.id && e.status === "waiting", 1000);

      const sentAt = Date.now();
      expect((await staffPost(b, staff.cookie, `/api/staff/conversations/${s.id}/messages`, { content: "from instance B" })).status).toBe(201);
      const got = await shopperEvents.next((e) => e.type === "message.created" && e.message.content === "from instance B", 1000);
      expect(got.message.author).toEqual({ name: "Sam on B" });
      expect(Date.now() - sentAt).toBeLessThan(1000);
      // Each event arrives once, though the sender also delivers its own locally.
      await new Promise((r) => setTimeout(r, 200));
      expect(shopperEvents.events.filter((e) => e.type === "message.created" && e.message.content === "from instance B")).toHaveLength(1);
      shopperEvents.close();
      staffEvents.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("Redis down", () => {
  let server: ChildProcess | undefined;
  const startRedis = (port: number) => {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  };
  afterAll(() => server?.kill("SIGKILL"));

  it("goes on without 5xx, with events on the same instance, and crosses instances again once Redis is back", async () => {
    const port = await freePort();
    startRedis(port);
    const [a, b] = await twoInstances(`redis://127.0.0.1:${port}`);
    try {
      await waitFor(() => a.redis!.isReady() && b.redis!.isReady(), 5000);
      const s = await shopperOn(a);
      const staff = await signInStaff(a);
      server!.kill("SIGKILL");
      await waitFor(() => !a.redis!.isReady() && !b.redis!.isReady(), 5000);

      const events = await openEvents(`${a.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
      await events.next((e) => e.type === "ready");
      const during = [
        await apiClient(a.url, s.token)("POST", `/api/chat/${s.id}/handoff`, {}),
        await staffPost(a, staff.cookie, `/api/staff/conversations/${s.id}/assign`),
        await staffPost(a, staff.cookie, `/api/staff/conversations/${s.id}/messages`, { content: "redis is down" }),
        await apiClient(b.url, s.token)("POST", "/api/chat", { message: "still there?", conversationId: s.id }),
        await apiClient(b.url)("GET", `/api/staff/conversations/${s.id}`, undefined, { cookie: staff.cookie }),
      ];
      expect(during.map((r) => r.status)).toEqual([200, 200, 201, 200, 200]);
      await events.next((e) => e.type === "message.created" && e.message.content === "redis is down");

      const readyBefore = events.events.filter((e) => e.type === "ready").length;
      startRedis(port);
      await waitFor(() => a.redis!.isReady() && b.redis!.isReady(), 8000);
      // Events from elsewhere may have been missed meanwhile: the open stream is told to re-read.
      await waitFor(() => events.events.filter((e) => e.type === "ready").length > readyBefore, 8000);
      // The subscriber connections come back on their own; give them a moment to resubscribe.
      await waitFor(async () => {
        await staffPost(b, staff.cookie, `/api/staff/conversations/${s.id}/typing`);
        return events.events.some((e) => e.type === "typing");
      }, 8000);
      await staffPost(b, staff.cookie, `/api/staff/conversations/${s.id}/messages`, { content: "redis is back" });
      await events.next((e) => e.type === "message.created" && e.message.content === "redis is back", 1000);
      events.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
