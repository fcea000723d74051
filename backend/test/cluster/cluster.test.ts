// The cluster, tested: PostgreSQL, Redis, two API instances (separate processes) and nginx in round
// robin in front, no sticky sessions. Every request below goes through nginx, the way a shopper's
// and a staff member's browser would reach a production deployment.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeMistral, type FakeMistral } from "../support/fake-mistral";
import { openUiStream } from "../support/reply-client";
import { clusterUnavailable, startCluster, type ApiInstance, type Cluster } from "./cluster";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ORIGIN = "http://localhost:3000";
const CHAT_PER_MINUTE = 5;

// CI (HARBOR_REQUIRE_CLUSTER=1, set by .ci/run) must run it; a developer without nginx or PostgreSQL
// gets one line saying why it did not run.
const unavailable = await clusterUnavailable();
if (unavailable && process.env.HARBOR_REQUIRE_CLUSTER === "1") throw new Error(`cluster test cannot run: ${unavailable}`);
if (unavailable) console.warn(`cluster test skipped: ${unavailable}`);

let cluster: Cluster;
let mistral: FakeMistral;

beforeAll(async () => {
  mistral = await startFakeMistral();
  cluster = await startCluster({
    instances: 2,
    mistralBaseURL: mistral.baseURL,
    env: {
      RATE_LIMIT_CHAT_PER_MINUTE: String(CHAT_PER_MINUTE),
      // Every request comes from 127.0.0.1: the per-address limits would count all tests together.
      RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
      RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
      DAILY_MESSAGES_PER_VISITOR: "0",
      DAILY_MESSAGES_PER_IP: "0",
      // A dead instance's reply is noticed within the lease (15 s at most, as promised).
      REPLY_LEASE_MS: "6000",
      REPLY_SWEEP_MS: "1000",
    },
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await mistral?.close();
});

async function call(method: string, urlPath: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${cluster.url}${urlPath}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : newShopperAddress()),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, servedBy: cluster.servedBy(res), headers: res.headers };
}

// Each new shopper comes from an address of its own (nginx passes X-Forwarded-For on, and the API
// trusts it from the proxy): a new visitor is counted by address until it has a token.
let shoppers = 0;
const newShopperAddress = () => ({ "x-forwarded-for": `198.51.100.${++shoppers}` });

/** The next request through nginx lands on the instance that is not `current` (round robin over two, one worker). */
async function nextGoesPast(current: ApiInstance) {
  for (let i = 0; i < 4; i++) {
    const probe = await call("GET", "/api/health");
    if (probe.servedBy === current) return;
  }
  throw new Error("could not steer the round robin");
}

/** Starts a slow reply through nginx; resolves once some of its text has streamed. */
async function startSlowReply() {
  const stream = await openUiStream(`${cluster.url}/api/chat/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", ...newShopperAddress() },
    // A question of its own each time, so no reply comes from the reply cache at once.
    body: JSON.stringify({ message: `[[slow]] what are your shipping options? (${randomUUID()})` }),
  });
  expect(stream.status).toBe(200);
  const servedBy = cluster.servedBy(stream)!;
  await stream.next((e) => e.chunk.type === "text-delta");
  const conversation = (await stream.next((e) => e.chunk.type === "data-conversation")).chunk.data;
  return { servedBy, stream, conversationId: conversation.conversationId as string, token: conversation.visitorToken as string };
}

async function follow(conversationId: string, token: string, headers: Record<string, string> = {}) {
  const stream = await openUiStream(`${cluster.url}/api/chat/${conversationId}/stream`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { status: stream.status, servedBy: cluster.servedBy(stream), stream };
}

const messagesOf = async (conversationId: string, token: string) =>
  (await call("GET", `/api/chat/${conversationId}/messages`, { token })).json.messages as any[];

function addStaff(email: string, name: string, password: string) {
  execFileSync(process.execPath, ["--import", "tsx", "src/cli/staff.ts", "add", "--email", email, "--name", name, "--role", "agent"], {
    cwd: backendDir,
    env: { ...process.env, ...cluster.env },
    input: `${password}\n`,
    stdio: ["pipe", "ignore", "pipe"],
  });
}

describe.skipIf(Boolean(unavailable))("two API instances behind nginx on PostgreSQL and Redis", () => {
  it("serves a whole shopper conversation with a handoff and a staff reply, whichever instance answers", async () => {
    const health = await call("GET", "/api/health");
    expect(health.json).toMatchObject({ status: "ok", redis: "ok", database: { status: "ok", dialect: "postgres" } });

    const first = await call("POST", "/api/chat", { body: { message: "Do you ship to Canada?" } });
    expect(first.status).toBe(200);
    const token = first.json.visitorToken as string;
    const id = first.json.conversationId as string;
    expect(first.json.reply.content).toContain("fake model");

    const second = await call("POST", "/api/chat", { token, body: { conversationId: id, message: "And how long does it take?" } });
    expect(second.status).toBe(200);
    // Round robin without sticky sessions: the two turns were answered by different instances.
    expect(new Set([first.servedBy, second.servedBy]).size).toBe(2);

    const handoff = await call("POST", `/api/chat/${id}/handoff`, { token, body: { reason: "I'd like a person" } });
    expect(handoff.status).toBe(200);
    expect(handoff.json.status).toBe("waiting");

    // The shopper listens on one instance; the staff member acts through whichever nginx picks.
    const live = await openUiStream(`${cluster.url}/api/chat/${id}/events`, { headers: { authorization: `Bearer ${token}` } });
    await live.next((e) => e.chunk.type === "ready");

    const email = `rita-${Date.now()}@harborandpine.example`;
    addStaff(email, "Rita", "correct horse battery");
    const login = await fetch(`${cluster.url}/api/staff/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email, password: "correct horse battery" }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const staff = { cookie, origin: ORIGIN };

    const waiting = await call("GET", "/api/staff/conversations?status=waiting&limit=100", { headers: staff });
    expect(waiting.json.conversations.map((c: any) => c.id)).toContain(id);
    expect((await call("POST", `/api/staff/conversations/${id}/assign`, { body: {}, headers: staff })).status).toBe(200);
    const sent = await call("POST", `/api/staff/conversations/${id}/messages`, { body: { content: "Hi, Rita here. Yes, we ship to Canada." }, headers: staff });
    expect(sent.status).toBe(201);

    const seen = await live.next((e) => e.chunk.type === "message.created" && e.chunk.message.content.startsWith("Hi, Rita here"));
    expect(seen.chunk.message.author).toEqual({ name: "Rita" });

    // While a person has it, the agent stays silent on either instance.
    for (let i = 0; i < 2; i++) {
      const quiet = await call("POST", "/api/chat", { token, body: { conversationId: id, message: `Thanks! (${i})` } });
      expect(quiet.status).toBe(200);
      expect(quiet.json.reply).toBeNull();
      expect(quiet.json.status).toBe("human");
    }
    const transcript = await messagesOf(id, token);
    expect(transcript.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "staff", "user", "user"]);
    live.close();
  });

  it("resumes a reply started on one instance on the other after a reload, and stores it once", async () => {
    const started = await startSlowReply();
    started.stream.close(); // the reload: the browser drops the response mid-reply

    const followers = [await follow(started.conversationId, started.token), await follow(started.conversationId, started.token)];
    for (const f of followers) expect(f.status).toBe(200);
    expect(followers.map((f) => f.servedBy)).toContain(cluster.instances.find((i) => i !== started.servedBy));
    // A reader that saw some events resumes after the last id it saw (Last-Event-ID), on any instance.
    const seen = followers[0]!.stream;
    await seen.next(() => seen.events.length >= 3);
    const lastSeen = seen.events[2]!;
    const after = await follow(started.conversationId, started.token, { "last-event-id": lastSeen.id! });
    expect(after.status).toBe(200);
    await Promise.all([...followers, after].map((f) => f.stream.ended));

    const [user, reply] = await messagesOf(started.conversationId, started.token);
    expect(user.content).toContain("[[slow]]");
    expect(reply).toMatchObject({ role: "assistant", status: "complete" });
    for (const f of followers) {
      // Each replay starts at the reply's start, carries its id, and ends with the stored text.
      expect(f.stream.events[0]!.chunk).toMatchObject({ type: "start", messageId: reply.id });
      expect(f.stream.text()).toBe(reply.content);
      expect(f.stream.events.at(-1)!.chunk.type).toBe("finish");
    }
    // One stream entry may be several UI chunks under one id: the resumed reader gets every entry after that id.
    const seq = (id: string | undefined) => Number(id?.split("-")[1]);
    expect(after.stream.events.map((e) => e.id)).toEqual(seen.events.map((e) => e.id).filter((id) => seq(id) > seq(lastSeen.id)));

    // Once the reply is stored there is nothing to resume, and it was stored once.
    expect((await follow(started.conversationId, started.token)).status).toBe(204);
    expect(await messagesOf(started.conversationId, started.token)).toHaveLength(2);
  });

  it("stops a reply through the other instance and stores what was written as stopped", async () => {
    const started = await startSlowReply();
    await nextGoesPast(started.servedBy);
    const stop = await call("POST", `/api/chat/${started.conversationId}/stop`, { token: started.token, body: {} });
    expect(stop.servedBy).not.toBe(started.servedBy);
    expect(stop.status).toBeLessThan(300);
    await started.stream.ended;
    expect(started.stream.events.at(-1)!.chunk.type).toBe("finish");

    const reply = (await messagesOf(started.conversationId, started.token))[1];
    expect(reply.status).toBe("stopped");
    expect(started.stream.text().startsWith(reply.content)).toBe(true);
    expect(reply.content.length).toBeGreaterThan(0);
  });

  it("counts the per-visitor chat limit across both instances", async () => {
    const first = await call("POST", "/api/chat", { body: { message: "hello" } });
    const token = first.json.visitorToken as string;
    const id = first.json.conversationId as string;
    const served = new Set([first.servedBy]);
    // The first message made the visitor; the limit counts the ones sent with its token.
    for (let i = 0; i < CHAT_PER_MINUTE; i++) {
      const ok = await call("POST", "/api/chat", { token, body: { conversationId: id, message: `message ${i}` } });
      expect(ok.status).toBe(200);
      served.add(ok.servedBy);
    }
    expect(served.size).toBe(2);
    const limited = await call("POST", "/api/chat", { token, body: { conversationId: id, message: "one too many" } });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited:chat");
    // Another shopper is not affected.
    expect((await call("POST", "/api/chat", { body: { message: "hello from someone else" } })).status).toBe(200);
  });

  // Last: it leaves one instance running.
  it("survives kill -9 of the instance writing a reply: the partial reply is stored and the other instance serves on", async () => {
    const started = await startSlowReply();
    await started.stream.next(() => started.stream.text().split(" ").length > 3);
    await started.servedBy.kill();
    const killedAt = Date.now();
    await started.stream.ended;

    // The shopper reloads: the surviving instance replays what was streamed and ends it once it
    // notices the dead instance's lease ran out.
    const resumed = await follow(started.conversationId, started.token);
    expect(resumed.servedBy).not.toBe(started.servedBy);
    await resumed.stream.ended;
    expect(Date.now() - killedAt).toBeLessThan(15_000);

    await expect
      .poll(async () => (await messagesOf(started.conversationId, started.token)).length, { timeout: 15_000, interval: 250 })
      .toBe(2);
    const [user, reply] = await messagesOf(started.conversationId, started.token);
    expect(user.content).toContain("[[slow]]");
    expect(reply.status).toBe("stopped");
    expect(reply.content.length).toBeGreaterThan(0);
    expect(started.stream.text().startsWith(reply.content) || reply.content.startsWith(started.stream.text())).toBe(true);

    // The shopper retries; every request now goes to the instance that is left.
    for (let i = 0; i < 3; i++) {
      const retry = await call("POST", "/api/chat", { token: started.token, body: { conversationId: started.conversationId, message: `retry ${i}` } });
      expect(retry.status).toBe(200);
      expect(retry.servedBy).not.toBe(started.servedBy);
    }
  });
});
