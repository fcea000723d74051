// Replies in progress as shared streams: two API instances on one database and one Redis key
// space. A reply written on one is replayed and followed on the other, stopped from the other, and
// stored by the other when its instance dies; without Redis the same works within one instance.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeMistral, type FakeMistral } from "./support/fake-mistral";
import { openEvents, signInStaff } from "./support/live-client";
import { openUiStream, type UiStream } from "./support/reply-client";
import { apiClient, createTestDatabase, REDIS_URL, startTestApp, waitFor, type TestApp, type TestDatabase } from "./support/test-app";
import { freePort } from "./support/ports";

// Instances that share a database (a SQLite file, or a PostgreSQL schema), removed at the end.
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});
async function sharedDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

// The reply cache outlives a run in Redis: a fresh word keeps each question new.
const run = randomUUID().slice(0, 8);
const words = (n: number, tag = "w") => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Sends a message through POST /api/chat/stream and reads its stream as it comes. */
async function sendStreaming(app: TestApp, message: string, token?: string, conversationId?: string): Promise<UiStream> {
  return openUiStream(`${app.url}/api/chat/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
    body: JSON.stringify(conversationId ? { message: `${run} ${message}`, conversationId } : { message: `${run} ${message}` }),
  });
}

async function acknowledged(stream: UiStream) {
  const data = (await stream.next((e) => e.chunk.type === "data-conversation")).chunk.data;
  return { token: (stream.headers.get("x-visitor-token") ?? data.visitorToken) as string, id: data.conversationId as string, replyId: data.replyId as string };
}

const storedReply = async (app: TestApp, replyId: string) =>
  app.database.db.selectFrom("messages").select(["content", "status"]).where("id", "=", replyId).executeTakeFirst();

describe("two instances sharing Redis", () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const database = await sharedDatabase();
    const env = { REDIS_PREFIX: `replies-${randomUUID().slice(0, 8)}:` };
    a = await startTestApp({ env, database });
    b = await startTestApp({ env, database });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("the other instance replays the reply in progress from its start and follows it to the end", async () => {
    const text = words(40);
    a.mistral!.script({ text, chunkDelayMs: 15 });
    const sent = await sendStreaming(a, "tell me a long story");
    const s = await acknowledged(sent);
    await sent.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("w3"));

    const resumed = await openUiStream(`${b.url}/api/chat/${s.id}/stream`, { headers: bearer(s.token) });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(resumed.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(resumed.headers.get("x-accel-buffering")).toBe("no");
    expect(resumed.headers.get("cache-control")).toBe("no-cache, no-transform");
    await resumed.ended;
    expect(resumed.events[0]!.chunk).toEqual({ type: "start", messageId: s.replyId });
    expect(resumed.events.every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
    expect(resumed.events.some((e) => e.chunk.type === "data-conversation")).toBe(false);
    expect(resumed.events.at(-1)!.chunk).toMatchObject({ type: "finish", messageMetadata: { status: "complete", stored: true } });
    expect(resumed.text()).toBe(text);
    await sent.ended;
    expect(sent.text()).toBe(text);
    expect(await storedReply(a, s.replyId)).toEqual({ content: text, status: "complete" });

    // Nothing in progress any more.
    const after = await apiClient(b.url, s.token)("GET", `/api/chat/${s.id}/stream`);
    expect(after.status).toBe(204);
  });

  it("resumes after the Last-Event-ID it gave", async () => {
    const text = words(30, "x");
    a.mistral!.script({ text, chunkDelayMs: 15 });
    const sent = await sendStreaming(a, "another long one");
    const s = await acknowledged(sent);
    const seen = await sent.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("x5"));
    sent.close();
    const before = sent.events.slice(0, sent.events.indexOf(seen) + 1);
    const prefix = before.filter((e) => e.chunk.type === "text-delta").map((e) => e.chunk.delta).join("");

    const resumed = await openUiStream(`${b.url}/api/chat/${s.id}/stream`, { headers: { ...bearer(s.token), "last-event-id": seen.id! } });
    await resumed.ended;
    expect(resumed.events.some((e) => e.chunk.type === "start")).toBe(false);
    const seq = (id: string) => Number(id.split("-")[1]);
    expect(resumed.events.every((e) => seq(e.id!) > seq(seen.id!))).toBe(true);
    expect(prefix + resumed.text()).toBe(text);
    // The client left: the reply went on and was stored whole.
    await waitFor(async () => (await storedReply(a, s.replyId))?.content === text, 5000);
  });

  it("answers 204 when no reply is in progress, 404 for another visitor's conversation, 401 without a token", async () => {
    const mine = await apiClient(a.url)("POST", "/api/chat", { message: `${run} hello` });
    const other = await apiClient(a.url)("POST", "/api/chat", { message: `${run} hi` });
    const api = apiClient(b.url, mine.json.visitorToken);
    expect((await api("GET", `/api/chat/${mine.json.conversationId}/stream`)).status).toBe(204);
    const foreign = await api("GET", `/api/chat/${other.json.conversationId}/stream`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found:conversation");
    expect((await api("POST", `/api/chat/${other.json.conversationId}/stop`)).status).toBe(404);
    expect((await api("GET", `/api/chat/${randomUUID()}/stream`)).status).toBe(404);
    expect((await apiClient(b.url)("GET", `/api/chat/${mine.json.conversationId}/stream`)).status).toBe(401);
    expect((await api("GET", `/api/chat/${mine.json.conversationId}/stream`, undefined, { "last-event-id": "nope" })).status).toBe(400);
    const none = await api("POST", `/api/chat/${mine.json.conversationId}/stop`);
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ stopping: false });
  });

  it("a stop sent to the other instance ends the reply within 500 ms and stores it as stopped; the shopper's other conversation goes on", async () => {
    a.mistral!.script({ text: words(200, "s"), chunkDelayMs: 20 }, { text: words(40, "k"), chunkDelayMs: 20 });
    const sent = await sendStreaming(a, "stop me");
    const s = await acknowledged(sent);
    await sent.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("s3"));
    const otherSent = await sendStreaming(a, "keep me going", s.token);
    const other = await acknowledged(otherSent);
    expect(other.id).not.toBe(s.id);
    const follower = await openUiStream(`${b.url}/api/chat/${s.id}/stream`, { headers: bearer(s.token) });
    await follower.next((e) => e.chunk.type === "text-delta");
    const staff = await signInStaff(b);
    const staffEvents = await openEvents(`${b.url}/api/staff/events`, { cookie: staff.cookie });
    await staffEvents.next((e) => e.type === "ready");

    const stopping = await apiClient(b.url, s.token)("POST", `/api/chat/${s.id}/stop`);
    const stoppedAt = Date.now();
    expect(stopping.status).toBe(202);
    expect(stopping.json).toEqual({ stopping: true, replyId: s.replyId });
    await waitFor(async () => (await storedReply(a, s.replyId))?.status === "stopped", 500);
    expect(Date.now() - stoppedAt).toBeLessThan(500);

    await follower.ended;
    expect(follower.events.at(-1)!.chunk).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    await sent.ended;
    const stored = await storedReply(a, s.replyId);
    expect(stored!.content).toContain("s0 s1 s2");
    expect(stored!.content).not.toContain("s199");
    expect(sent.text()).toBe(stored!.content);

    await otherSent.ended;
    expect(await storedReply(a, other.replyId)).toEqual({ content: words(40, "k"), status: "complete" });
    // The stop is between instances: staff screens never see it.
    await new Promise((r) => setTimeout(r, 100));
    expect(staffEvents.events.map((e) => e.type).every((t) => ["ready", "message.created", "conversation.updated"].includes(t))).toBe(true);
    staffEvents.close();
  });
});

describe("an instance that dies mid-reply", () => {
  let child: ChildProcess | undefined;
  let fake: FakeMistral | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    await fake?.close();
  });

  it("another instance stores what was streamed as stopped and ends the stream within the lease", async () => {
    // The dying instance is the real server in its own process, killed with SIGKILL: no shutdown,
    // no stop, no storing. The survivor sweeps every 200 ms for leases of 1.5 s.
    const lease = { REPLY_LEASE_MS: "1500", REPLY_SWEEP_MS: "200" };
    const database = await sharedDatabase();
    const env = { ...database.env, REDIS_PREFIX: `dying-${randomUUID().slice(0, 8)}:`, ...lease };
    const survivor = await startTestApp({ env, database });
    fake = await startFakeMistral();
    const port = await freePort();
    const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: backendDir,
      stdio: "ignore",
      env: {
        ...process.env,
        ...env,
        NODE_ENV: "test",
        HOST: "127.0.0.1",
        PORT: String(port),
        MISTRAL_API_KEY: "test-key",
        MISTRAL_BASE_URL: fake.baseURL,
        REDIS_URL,
        RATE_LIMIT_CHAT_PER_MINUTE: "0",
        RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
        RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
        DAILY_MESSAGES_PER_VISITOR: "0",
        DAILY_MESSAGES_PER_IP: "0",
        LOG_LEVEL: "silent",
      },
    });
    const dying = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${dying}/api/health`).catch(() => undefined))?.ok === true, 20_000);
      fake.script({ text: words(300, "d"), chunkDelayMs: 20 });
      const sent = await openUiStream(`${dying}/api/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: `${run} a reply that will not finish` }),
      });
      const s = await acknowledged(sent);
      const follower = await openUiStream(`${survivor.url}/api/chat/${s.id}/stream`, { headers: bearer(s.token) });
      await follower.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("d10"));

      child.kill("SIGKILL");
      const killedAt = Date.now();
      await follower.ended;
      const tookMs = Date.now() - killedAt;
      expect(tookMs).toBeLessThan(1500 + 200 + 1000);
      expect(follower.events.at(-1)!.chunk).toMatchObject({ type: "finish", messageMetadata: { status: "stopped", stored: true } });
      const stored = await storedReply(survivor, s.replyId);
      expect(stored!.status).toBe("stopped");
      expect(stored!.content).toBe(follower.text());
      expect(stored!.content).toContain("d0 d1 d2");
      expect(stored!.content).not.toContain("d299");
      // Stored once, and the shopper's message stays: the shopper can retry.
      const messages = await apiClient(survivor.url, s.token)("GET", `/api/chat/${s.id}/messages`);
      expect(messages.json.messages.map((m: { role: string; status: string }) => `${m.role}:${m.status}`)).toEqual(["user:complete", "assistant:stopped"]);
      // A second sweep finds nothing to do.
      await new Promise((r) => setTimeout(r, 500));
      expect(survivor.logs.filter((l) => l.includes("reply recovered"))).toHaveLength(1);
      expect((await apiClient(survivor.url, s.token)("GET", `/api/chat/${s.id}/stream`)).status).toBe(204);
    } finally {
      await survivor.close();
    }
  }, 40_000);
});

describe("without Redis", () => {
  it("resumes and stops within the one instance", async () => {
    const app = await startTestApp({ redis: false });
    try {
      const text = words(30, "m");
      app.mistral!.script({ text, chunkDelayMs: 15 }, { text: words(200, "n"), chunkDelayMs: 15 });
      const sent = await sendStreaming(app, "no redis here");
      const s = await acknowledged(sent);
      await sent.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("m3"));
      sent.close();
      const resumed = await openUiStream(`${app.url}/api/chat/${s.id}/stream`, { headers: bearer(s.token) });
      expect(resumed.status).toBe(200);
      await resumed.ended;
      expect(resumed.events[0]!.chunk).toEqual({ type: "start", messageId: s.replyId });
      expect(resumed.text()).toBe(text);
      expect(await storedReply(app, s.replyId)).toEqual({ content: text, status: "complete" });
      expect((await apiClient(app.url, s.token)("GET", `/api/chat/${s.id}/stream`)).status).toBe(204);

      const second = await sendStreaming(app, "and stop this one", s.token, s.id);
      const t2 = await acknowledged(second);
      await second.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("n3"));
      const stop = await apiClient(app.url, s.token)("POST", `/api/chat/${s.id}/stop`);
      expect(stop.status).toBe(202);
      await second.ended;
      expect(second.events.at(-1)!.chunk).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
      expect((await storedReply(app, t2.replyId))!.status).toBe("stopped");
    } finally {
      await app.close();
    }
  });
});

describe("Redis going down", () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill("SIGKILL"));

  it("a follower on another instance ends cleanly; the writer's own stream goes on and the reply is stored", async () => {
    const port = await freePort();
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const database = await sharedDatabase();
    const env = { REDIS_PREFIX: `down-${randomUUID().slice(0, 8)}:` };
    const a = await startTestApp({ redis: `redis://127.0.0.1:${port}`, env, database });
    const b = await startTestApp({ redis: `redis://127.0.0.1:${port}`, env, database });
    try {
      await waitFor(() => a.redis!.isReady() && b.redis!.isReady(), 5000);
      const text = words(80, "r");
      a.mistral!.script({ text, chunkDelayMs: 15 });
      const sent = await sendStreaming(a, "while redis goes away");
      const s = await acknowledged(sent);
      const follower = await openUiStream(`${b.url}/api/chat/${s.id}/stream`, { headers: bearer(s.token) });
      await follower.next((e) => e.chunk.type === "text-delta" && e.chunk.delta.includes("r3"));

      server.kill("SIGKILL");
      const downAt = Date.now();
      await follower.ended;
      expect(Date.now() - downAt).toBeLessThan(3000);
      expect(follower.events.at(-1)!.chunk).toEqual({ type: "finish" });
      await sent.ended;
      expect(sent.text()).toBe(text);
      expect(await storedReply(a, s.replyId)).toEqual({ content: text, status: "complete" });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
