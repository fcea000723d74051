// Live conversations through the real API: handoff, the staff console API, the agent's silence
// while a person has the conversation, status changes with their timeline, and the live events.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openEvents, signInStaff } from "./support/live-client";
import { apiClient, parseUiStream, startTestApp, waitFor, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { LIVE_KEEPALIVE_MS: "300" } });
});
afterAll(() => t.close());
beforeEach(() => t.mistral!.reset());

/** A shopper with one conversation (one message, one agent reply). */
async function shopper(first = `hello ${randomUUID().slice(0, 6)}`) {
  const res = await apiClient(t.url)("POST", "/api/chat", { message: first });
  expect(res.status).toBe(200);
  const token: string = res.json.visitorToken;
  const id: string = res.json.conversationId;
  return { token, id, api: apiClient(t.url, token) };
}

async function asStaff(cookie: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiClient(t.url)(method, path, body, { cookie, ...headers });
}

describe("handoff, as the shopper asks for it", () => {
  it("moves the conversation to waiting (idempotent) and the agent goes silent", async () => {
    const s = await shopper();
    const handoff = await s.api("POST", `/api/chat/${s.id}/handoff`, { reason: "I want to talk to someone about a gift" });
    expect(handoff.status).toBe(200);
    expect(handoff.json).toEqual({ conversationId: s.id, status: "waiting" });
    expect((await s.api("POST", `/api/chat/${s.id}/handoff`, {})).json.status).toBe("waiting");

    t.mistral!.reset();
    const json = await s.api("POST", "/api/chat", { message: "are you there?", conversationId: s.id });
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ conversationId: s.id, reply: null, status: "waiting", userMessage: { role: "user" } });

    const stream = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ message: "hello?", conversationId: s.id }),
    });
    const chunks = parseUiStream(await stream.text());
    const data = chunks.find((c) => c.type === "data-conversation").data;
    expect(data).toMatchObject({ conversationId: s.id, status: "waiting", replyId: null });
    expect(chunks.filter((c) => c.type === "text-delta")).toEqual([]);
    expect(t.mistral!.requests).toHaveLength(0);

    const messages = await s.api("GET", `/api/chat/${s.id}/messages`);
    expect(messages.json.status).toBe("waiting");
    expect(messages.json.messages.map((m: any) => m.role)).toEqual(["user", "assistant", "user", "user"]);
    const list = await s.api("GET", "/api/conversations");
    expect(list.json.conversations[0]).toMatchObject({ id: s.id, status: "waiting" });
  });

  it("refuses bad input and other visitors' conversations", async () => {
    const s = await shopper();
    const other = await shopper();
    expect((await s.api("POST", `/api/chat/${other.id}/handoff`, {})).status).toBe(404);
    expect((await s.api("POST", `/api/chat/${s.id}/handoff`, { reason: "x".repeat(501) })).status).toBe(400);
    expect((await s.api("POST", `/api/chat/${s.id}/handoff`, { reason: 5 })).json.error.code).toBe("bad_request:validation");
    expect((await s.api("POST", `/api/chat/${s.id}/handoff`, { urgent: true })).status).toBe(400);
    expect((await apiClient(t.url)("POST", `/api/chat/${s.id}/handoff`, {})).status).toBe(401);
  });

  it("the agent hands off through the handoff_to_human tool", async () => {
    const s = await shopper();
    t.mistral!.reset();
    t.mistral!.script({ toolCalls: [{ name: "handoff_to_human", arguments: { reason: "customer_request", summary: "Wants a person" } }] });
    const res = await s.api("POST", "/api/chat", { message: "real person please", conversationId: s.id });
    expect(res.json.status).toBe("waiting");
    expect(res.json.reply.content).toMatch(/asked a person from the Harbor & Pine team/);
    // The model is not asked to write after the handoff: the standard words are ours.
    expect(t.mistral!.requests).toHaveLength(1);
    const { cookie } = await signInStaff(t);
    const detail = await asStaff(cookie, "GET", `/api/staff/conversations/${s.id}`);
    expect(detail.json.conversation).toMatchObject({ status: "waiting", handoffReason: "customer_request" });
    expect(detail.json.timeline.at(-1)).toMatchObject({ actor: "agent", from: "bot", to: "waiting", reason: "Wants a person" });
  });
});

describe("the staff console API", () => {
  it("signs in with a session cookie, and out", async () => {
    const { cookie, setCookie, email } = await signInStaff(t, { name: "Sam Lee" });
    expect(setCookie).toMatch(/^harbor_staff_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http here
    const me = await asStaff(cookie, "GET", "/api/staff/me");
    expect(me.json.staff).toMatchObject({ email, name: "Sam Lee", role: "agent" });
    expect((await asStaff(cookie, "POST", "/api/staff/logout")).status).toBe(204);
    const after = await asStaff(cookie, "GET", "/api/staff/me");
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("unauthorized:staff");
  });

  it("answers a wrong password and an unknown email alike, and limits failed sign-ins per email", async () => {
    const { email } = await signInStaff(t);
    const api = apiClient(t.url);
    const wrong = await api("POST", "/api/staff/login", { email, password: "not the password" });
    const unknown = await api("POST", "/api/staff/login", { email: `nobody-${randomUUID()}@example.com`, password: "whatever123" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.error.code).toBe("invalid_credentials");
    expect(unknown.json.error).toMatchObject({ code: wrong.json.error.code, message: wrong.json.error.message });
    for (let i = 0; i < 4; i++) expect((await api("POST", "/api/staff/login", { email, password: `wrong ${i}` })).status).toBe(401);
    const limited = await api("POST", "/api/staff/login", { email, password: "correct horse battery" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api("POST", "/api/staff/login", { email: "x", password: 3 })).status).toBe(400);
  });

  it("keeps shopper and staff credentials apart, and refuses foreign origins", async () => {
    const s = await shopper();
    const { cookie } = await signInStaff(t);
    expect((await s.api("GET", "/api/staff/conversations")).status).toBe(401);
    expect((await asStaff(cookie, "GET", "/api/conversations")).status).toBe(401);
    const foreign = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/assign`, {}, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe("forbidden:origin");
    const ours = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/assign`, {}, { origin: "http://localhost:3000" });
    expect(ours.status).toBe(200);
  });

  it("lists the inbox: waiting ones longest-waiting first, with filters", async () => {
    const a = await shopper();
    const b = await shopper();
    await a.api("POST", `/api/chat/${a.id}/handoff`, {});
    await new Promise((r) => setTimeout(r, 5));
    await b.api("POST", `/api/chat/${b.id}/handoff`, {});
    const { cookie, member } = await signInStaff(t);
    const waiting = await asStaff(cookie, "GET", "/api/staff/conversations?status=waiting&limit=100");
    const ids = waiting.json.conversations.map((c: any) => c.id);
    expect(ids.indexOf(a.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(waiting.json.conversations.find((c: any) => c.id === a.id)).toMatchObject({
      status: "waiting",
      assignee: null,
      handoffReason: "customer_request",
      waitingSince: expect.any(String),
      lastMessage: { role: "assistant" },
    });
    await asStaff(cookie, "POST", `/api/staff/conversations/${b.id}/assign`);
    const mine = await asStaff(cookie, "GET", "/api/staff/conversations?status=human&mine=true");
    expect(mine.json.conversations.map((c: any) => c.id)).toEqual([b.id]);
    expect(mine.json.conversations[0].assignee).toEqual({ id: member.id, name: member.name });
    expect((await asStaff(cookie, "GET", "/api/staff/conversations?status=nope")).status).toBe(400);
    // Paging walks the list without repeats.
    const page1 = await asStaff(cookie, "GET", "/api/staff/conversations?status=all&limit=1");
    const page2 = await asStaff(cookie, "GET", `/api/staff/conversations?status=all&limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json.conversations[0].id).not.toBe(page1.json.conversations[0].id);
  });

  it("of ten staff members taking the same conversation at once, exactly one wins; an owner may force", async () => {
    const s = await shopper();
    await s.api("POST", `/api/chat/${s.id}/handoff`, {});
    const staff = await Promise.all(Array.from({ length: 10 }, () => signInStaff(t)));
    const results = await Promise.all(staff.map((m) => asStaff(m.cookie, "POST", `/api/staff/conversations/${s.id}/assign`, {})));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(9);
    expect(losers[0]!.json.error.code).toBe("conflict:assigned");
    const winner = staff[results.findIndex((r) => r.status === 200)]!;
    // The holder taking it again is fine; an agent may not force; an owner may.
    expect((await asStaff(winner.cookie, "POST", `/api/staff/conversations/${s.id}/assign`, {})).status).toBe(200);
    const agent = staff.find((m) => m !== winner)!;
    expect((await asStaff(agent.cookie, "POST", `/api/staff/conversations/${s.id}/assign`, { force: true })).status).toBe(403);
    const owner = await signInStaff(t, { role: "owner", name: "Olivia Owner" });
    const forced = await asStaff(owner.cookie, "POST", `/api/staff/conversations/${s.id}/assign`, { force: true });
    expect(forced.status).toBe(200);
    expect(forced.json.conversation.assignee).toEqual({ id: owner.member.id, name: "Olivia Owner" });
    // A staff message from the former holder is refused: the owner has it now.
    expect((await asStaff(winner.cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "hi" })).status).toBe(409);
    // Eleven accounts created and signed in: 22 scrypt hashes, slow on a busy CI machine.
  }, 60_000);

  it("takes over, replies, hands back and resolves, with the agent silent only while a person has it", async () => {
    const s = await shopper();
    const { cookie, member } = await signInStaff(t, { name: "Sam Rivera" });
    // A staff message into a bot conversation takes it over.
    const sent = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "  Hi, Sam here. <b>Let me check.</b>  " });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ role: "staff", content: "Hi, Sam here. <b>Let me check.</b>", author: { name: "Sam Rivera" }, flags: [] });
    expect((await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "" })).status).toBe(400);
    expect((await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "x".repeat(4001) })).status).toBe(400);

    const seen = await s.api("GET", `/api/chat/${s.id}/messages`);
    expect(seen.json).toMatchObject({ status: "human", assignee: { name: "Sam Rivera" } });
    expect(seen.json.messages.at(-1)).toMatchObject({ role: "staff", author: { name: "Sam Rivera" } });
    expect(seen.json.messages[0].author).toBeNull();

    t.mistral!.reset();
    const silent = await s.api("POST", "/api/chat", { message: "thanks, waiting", conversationId: s.id });
    expect(silent.json).toMatchObject({ reply: null, status: "human" });
    expect(t.mistral!.requests).toHaveLength(0);

    const released = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/release`);
    expect(released.json.conversation).toMatchObject({ status: "bot", assignee: null });
    const answered = await s.api("POST", "/api/chat", { message: "one more question about shipping", conversationId: s.id });
    expect(answered.json.status).toBe("bot");
    expect(answered.json.reply.role).toBe("assistant");
    // The staff member's words reach the model as the store's side of the conversation.
    expect(t.mistral!.requests[0]!.body.messages.some((m: any) => m.role === "assistant" && String(m.content).includes("Sam here"))).toBe(true);

    const resolved = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/resolve`);
    expect(resolved.json.conversation.status).toBe("resolved");
    const reopened = await s.api("POST", "/api/chat", { message: "actually, one more thing", conversationId: s.id });
    expect(reopened.json.status).toBe("bot");
    expect(reopened.json.reply).not.toBeNull();

    const detail = await asStaff(cookie, "GET", `/api/staff/conversations/${s.id}`);
    expect(detail.json.timeline.map((e: any) => [e.actor, e.from, e.to])).toEqual([
      ["staff", "bot", "human"],
      ["staff", "human", "bot"],
      ["staff", "bot", "resolved"],
      ["shopper", "resolved", "bot"],
    ]);
    expect(detail.json.timeline[0].staff).toEqual({ id: member.id, name: "Sam Rivera" });
    expect(JSON.stringify(detail.json)).not.toContain(s.token);
    expect((await asStaff(cookie, "POST", `/api/staff/conversations/${randomUUID()}/assign`)).status).toBe(404);
    expect((await asStaff(cookie, "POST", `/api/staff/conversations/not-an-id/assign`)).status).toBe(400);
  });

  it("shows staff which order a tool call asked for and whether it was found", async () => {
    const s = await shopper();
    await s.api("POST", "/api/chat", { message: "where is HP-10042, email jane.doe@example.com", conversationId: s.id });
    await s.api("POST", "/api/chat", { message: "and HP-10043, email jane.doe@example.com", conversationId: s.id });
    const { cookie } = await signInStaff(t);
    const detail = await asStaff(cookie, "GET", `/api/staff/conversations/${s.id}`);
    const replies = detail.json.messages.filter((m: any) => m.role === "assistant" && m.toolCalls.length > 0);
    expect(replies.map((m: any) => m.toolCalls[0])).toEqual([
      { toolName: "lookup_order", orderNumber: "HP-10042", found: true },
      { toolName: "lookup_order", orderNumber: "HP-10043", found: false },
    ]);
    // The shopper's view never carries them.
    const mine = await s.api("GET", `/api/chat/${s.id}/messages`);
    expect(mine.json.messages.every((m: any) => !("toolCalls" in m) && !("flags" in m))).toBe(true);
  });
});

describe("a reply racing a take-over", () => {
  it("stops the streaming reply and stores it as stopped; nothing from the agent follows", async () => {
    const s = await shopper();
    const { cookie } = await signInStaff(t);
    t.mistral!.reset();
    t.mistral!.script({ text: "one two three four five six seven eight nine ten eleven twelve", chunkDelayMs: 150 });
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ message: "tell me everything", conversationId: s.id }),
    });
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("text-delta")) text += new TextDecoder().decode((await reader.read()).value);
    const started = Date.now();
    expect((await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/assign`)).status).toBe(200);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(Date.now() - started).toBeLessThan(1200); // the rest would take another 1.5 s
    const chunks = parseUiStream(text);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    const staffMessage = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "I'm here" });
    expect(staffMessage.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    const messages = (await s.api("GET", `/api/chat/${s.id}/messages`)).json.messages;
    const last = messages.slice(-3);
    expect(last.map((m: any) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "stopped"],
      ["staff", "complete"],
    ]);
    expect(last[1].content.length).toBeLessThan("one two three four five six seven eight nine ten eleven twelve".length);
  });

  it("drops a whole reply that finishes after a person took over", async () => {
    const s = await shopper();
    const { cookie } = await signInStaff(t);
    t.mistral!.reset();
    t.mistral!.script({ text: "A late answer.", delayMs: 600 });
    const pending = s.api("POST", "/api/chat", { message: "slow one", conversationId: s.id });
    await waitFor(() => t.mistral!.requests.length === 1);
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/assign`);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ reply: null, status: "human" });
    const messages = (await s.api("GET", `/api/chat/${s.id}/messages`)).json.messages;
    expect(messages.at(-1)).toMatchObject({ role: "user", content: "slow one" });
  });
});

describe("live events", () => {
  it("sends the shopper their conversation's events, by name only, with keepalives", async () => {
    const s = await shopper();
    const other = await shopper();
    const events = await openEvents(`${t.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
    expect(events.status).toBe(200);
    expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(events.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(events.headers.get("x-accel-buffering")).toBe("no");
    await events.next((e) => e.type === "ready");

    const { cookie, member } = await signInStaff(t, { name: "Sam Ortiz" });
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "Hello from Sam" });
    const joined = await events.next((e) => e.type === "conversation.updated" && e.status === "human");
    expect(joined.assignee).toEqual({ name: "Sam Ortiz" });
    const message = await events.next((e) => e.type === "message.created" && e.message.role === "staff");
    expect(message.message).toMatchObject({ content: "Hello from Sam", author: { name: "Sam Ortiz" } });
    expect(Object.keys(message.message).sort()).toEqual(["author", "content", "createdAt", "feedback", "id", "role", "sources", "status"]);
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/typing`);
    await events.next((e) => e.type === "typing" && e.name === "Sam Ortiz");
    expect(JSON.stringify(events.events)).not.toContain(member.id);
    // Another conversation's events never reach this stream.
    await asStaff(cookie, "POST", `/api/staff/conversations/${other.id}/messages`, { content: "not for you" });
    await waitFor(() => events.comments.length > 0, 2000);
    expect(JSON.stringify(events.events)).not.toContain("not for you");
    events.close();

    expect((await openEvents(`${t.url}/api/chat/${other.id}/events`, { authorization: `Bearer ${s.token}` })).status).toBe(404);
    expect((await openEvents(`${t.url}/api/chat/${s.id}/events`, {})).status).toBe(401);
  });

  it("sends staff every conversation's events: a handoff appears live", async () => {
    const { cookie } = await signInStaff(t);
    const events = await openEvents(`${t.url}/api/staff/events`, { cookie });
    expect(events.status).toBe(200);
    await events.next((e) => e.type === "ready");
    const s = await shopper();
    await events.next((e) => e.type === "message.created" && e.conversationId === s.id && e.message.role === "user");
    await s.api("POST", `/api/chat/${s.id}/handoff`, { reason: "gift wrap question" });
    const handoff = await events.next((e) => e.type === "conversation.updated" && e.conversationId === s.id);
    expect(handoff).toMatchObject({ status: "waiting", assignee: null, handoffReason: "gift wrap question" });
    events.close();
    expect((await openEvents(`${t.url}/api/staff/events`, {})).status).toBe(401);
  });

  it("a shopper who reconnects re-syncs from the messages and misses nothing", async () => {
    const s = await shopper();
    const { cookie } = await signInStaff(t);
    const first = await openEvents(`${t.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
    await first.next((e) => e.type === "ready");
    first.close();
    // Sent while the shopper was disconnected.
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: "while you were away" });
    const second = await openEvents(`${t.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
    await second.next((e) => e.type === "ready");
    const messages = (await s.api("GET", `/api/chat/${s.id}/messages`)).json.messages;
    expect(messages.at(-1)).toMatchObject({ role: "staff", content: "while you were away" });
    second.close();
  });
});

describe("logs", () => {
  it("hold no password, session id, visitor token or message text at info", async () => {
    const secret = `secret-words-${randomUUID()}`;
    const s = await shopper(`${secret} in a message`);
    const { cookie, password } = await signInStaff(t);
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/messages`, { content: `${secret} from staff` });
    const logs = t.logs.join("\n");
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(password);
    expect(logs).not.toContain(cookie.split("=")[1]);
    expect(logs).not.toContain(s.token);
  });
});

describe("the offline responder", () => {
  it("hands off when the shopper asks for a person, and stays silent after", async () => {
    const offline = await startTestApp({ mistral: false, redis: false });
    try {
      const first = await apiClient(offline.url)("POST", "/api/chat", { message: "how long does shipping to Canada take?" });
      expect(first.json.status).toBe("bot");
      const api = apiClient(offline.url, first.json.visitorToken);
      const id = first.json.conversationId;
      const asked = await api("POST", "/api/chat", { message: "can I talk to a human please", conversationId: id });
      expect(asked.json.status).toBe("waiting");
      expect(asked.json.reply.content).toMatch(/asked a person/);
      const after = await api("POST", "/api/chat", { message: "hello?", conversationId: id });
      expect(after.json).toMatchObject({ status: "waiting", reply: null });
    } finally {
      await offline.close();
    }
  });
});

describe("after a review", () => {
  it("announces an owner's forced take-over, refuses typing from anyone but the holder, and ends a signed-out staff stream", async () => {
    const s = await shopper();
    const alice = await signInStaff(t, { name: "Alice Agent" });
    const owner = await signInStaff(t, { role: "owner", name: "Oscar Owner" });
    await asStaff(alice.cookie, "POST", `/api/staff/conversations/${s.id}/assign`);
    expect((await asStaff(owner.cookie, "POST", `/api/staff/conversations/${s.id}/typing`)).status).toBe(409);
    const events = await openEvents(`${t.url}/api/chat/${s.id}/events`, { authorization: `Bearer ${s.token}` });
    await events.next((e) => e.type === "ready");
    await asStaff(owner.cookie, "POST", `/api/staff/conversations/${s.id}/assign`, { force: true });
    const taken = await events.next((e) => e.type === "conversation.updated" && e.assignee?.name === "Oscar Owner");
    expect(taken.status).toBe("human");
    events.close();
    const detail = await asStaff(owner.cookie, "GET", `/api/staff/conversations/${s.id}`);
    expect(detail.json.timeline.at(-1)).toMatchObject({ from: "human", to: "human", reason: "taken over by an owner" });

    const staffEvents = await openEvents(`${t.url}/api/staff/events`, { cookie: alice.cookie });
    await staffEvents.next((e) => e.type === "ready");
    await asStaff(alice.cookie, "POST", "/api/staff/logout");
    // The next keep-alive (300 ms here) finds the session gone and ends the stream.
    const ended = Date.now();
    await waitFor(async () => {
      await asStaff(owner.cookie, "POST", `/api/staff/conversations/${s.id}/typing`);
      const before = staffEvents.events.length;
      await new Promise((r) => setTimeout(r, 100));
      return staffEvents.events.length === before;
    }, 3000);
    expect(Date.now() - ended).toBeLessThan(3000);
  });

  it("says why a change does not apply: resolved is not held by anyone", async () => {
    const s = await shopper();
    const { cookie } = await signInStaff(t);
    await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/resolve`);
    const release = await asStaff(cookie, "POST", `/api/staff/conversations/${s.id}/release`);
    expect(release.status).toBe(409);
    expect(release.json.error.code).toBe("conflict:status");
  });
});
