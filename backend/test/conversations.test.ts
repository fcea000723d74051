import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function newVisitorWithChat(message = "Where is my parcel?") {
  const res = await apiClient(t.url)("POST", "/api/chat", { message });
  expect(res.status).toBe(200);
  return { token: res.json.visitorToken as string, conversationId: res.json.conversationId as string, api: apiClient(t.url, res.json.visitorToken) };
}

describe("visitors never see each other's conversations", () => {
  it("answers 404 to another visitor on every conversation endpoint, exactly as for a missing one", async () => {
    const alice = await newVisitorWithChat("Alice's private question");
    const bob = await newVisitorWithChat("Bob's question");
    const id = alice.conversationId;
    const missing = randomUUID();
    const calls: [string, string, unknown][] = [
      ["GET", `/api/chat/${id}/messages`, undefined],
      ["PATCH", `/api/chat/${id}`, { title: "mine now" }],
      ["DELETE", `/api/chat/${id}`, undefined],
      ["POST", "/api/chat", { message: "let me in", conversationId: id }],
      ["POST", "/api/chat/stream", { message: "let me in", conversationId: id }],
    ];
    for (const [method, path, body] of calls) {
      const theirs = await bob.api(method, path, body);
      const none = await bob.api(method, path.replace(id, missing), body && { ...(body as object), ...("conversationId" in (body as object) ? { conversationId: missing } : {}) });
      expect(theirs.status, `${method} ${path}`).toBe(404);
      expect(theirs.json.error.code).toBe(none.json.error.code);
      expect(theirs.json.error.message).toBe(none.json.error.message);
    }
    const list = await bob.api("GET", "/api/conversations");
    expect(list.json.conversations.map((c: { id: string }) => c.id)).toEqual([bob.conversationId]);
    // Alice's conversation is untouched.
    const mine = await alice.api("GET", `/api/chat/${id}/messages`);
    expect(mine.json.messages).toHaveLength(2);
    expect(mine.json.messages[0].content).toBe("Alice's private question");
  });

  it("needs a valid token everywhere but the first chat message", async () => {
    const { conversationId } = await newVisitorWithChat();
    const stranger = apiClient(t.url);
    for (const [method, path] of [
      ["GET", "/api/conversations"],
      ["GET", `/api/chat/${conversationId}/messages`],
      ["PATCH", `/api/chat/${conversationId}`],
      ["DELETE", `/api/chat/${conversationId}`],
    ] as const) {
      const res = await stranger(method, path, method === "PATCH" ? { title: "x" } : undefined);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized:visitor");
    }
    const forged = apiClient(t.url, "forged-token-that-was-never-issued-000000");
    expect((await forged("GET", "/api/conversations")).status).toBe(401);
    // A bad token on the chat endpoint is a 401 too, not a silent new visitor.
    expect((await forged("POST", "/api/chat", { message: "hi" })).status).toBe(401);
  });

  it("stores only a hash of the token", async () => {
    const { token } = await newVisitorWithChat();
    const rows = await t.database.db.selectFrom("visitors").select("token_hash").execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it("answers 400 for a malformed conversation id", async () => {
    const { api } = await newVisitorWithChat();
    const res = await api("GET", "/api/chat/not-a-uuid/messages");
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/valid id/);
  });
});

describe("conversation list and messages", () => {
  it("lists newest first with title, preview and cursor paging", async () => {
    const { api, conversationId: first } = await newVisitorWithChat("First chat about returns");
    const ids = [first];
    for (let i = 2; i <= 5; i++) {
      const r = await api("POST", "/api/chat", { message: `Chat number ${i}` });
      ids.push(r.json.conversationId);
    }
    const page1 = await api("GET", "/api/conversations?limit=2");
    expect(page1.json.conversations.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
    expect(page1.json.conversations[0]).toMatchObject({ title: "Chat number 5", lastMessage: { role: "assistant" } });
    const page2 = await api("GET", `/api/conversations?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json.conversations.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page3 = await api("GET", `/api/conversations?limit=2&cursor=${page2.json.nextCursor}`);
    expect(page3.json.conversations.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(page3.json.nextCursor).toBeNull();
    // A message moves its conversation to the top.
    await api("POST", "/api/chat", { message: "back to returns", conversationId: first });
    const again = await api("GET", "/api/conversations?limit=1");
    expect(again.json.conversations[0].id).toBe(first);
    expect((await api("GET", "/api/conversations?limit=0")).status).toBe(400);
    expect((await api("GET", "/api/conversations?limit=abc")).status).toBe(400);
    expect((await api("GET", "/api/conversations?cursor=garbage")).status).toBe(400);
  });

  it("pages messages oldest first with limit and before", async () => {
    const { api, conversationId } = await newVisitorWithChat("m1");
    for (let i = 2; i <= 4; i++) await api("POST", "/api/chat", { message: `m${i}`, conversationId });
    // 8 messages: m1, r1, m2, r2, m3, r3, m4, r4
    const latest = await api("GET", `/api/chat/${conversationId}/messages?limit=3`);
    expect(latest.json.messages.map((m: { role: string }) => m.role)).toEqual(["assistant", "user", "assistant"]);
    expect(latest.json.messages[1].content).toBe("m4");
    expect(latest.json.hasMore).toBe(true);
    const oldest = latest.json.messages[0].id;
    const older = await api("GET", `/api/chat/${conversationId}/messages?limit=3&before=${oldest}`);
    expect(older.json.messages).toHaveLength(3);
    const rest = await api("GET", `/api/chat/${conversationId}/messages?limit=3&before=${older.json.messages[0].id}`);
    expect(rest.json.messages).toHaveLength(2);
    expect(rest.json.hasMore).toBe(false);
    expect(rest.json.messages[0].content).toBe("m1");
    const all = [...rest.json.messages, ...older.json.messages, ...latest.json.messages];
    expect(new Set(all.map((m: { id: string }) => m.id)).size).toBe(8);
    expect((await api("GET", `/api/chat/${conversationId}/messages?before=${randomUUID()}`)).status).toBe(400);
  });

  it("renames a conversation", async () => {
    const { api, conversationId } = await newVisitorWithChat();
    const res = await api("PATCH", `/api/chat/${conversationId}`, { title: "  My parcel  " });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: conversationId, title: "My parcel" });
    expect((await api("PATCH", `/api/chat/${conversationId}`, { title: "" })).status).toBe(400);
    expect((await api("PATCH", `/api/chat/${conversationId}`, { title: "x".repeat(121) })).status).toBe(400);
    expect((await api("PATCH", `/api/chat/${conversationId}`, { title: "ok", extra: 1 })).status).toBe(400);
    const list = await api("GET", "/api/conversations");
    expect(list.json.conversations[0].title).toBe("My parcel");
  });

  it("titles a new conversation from its first message, shortened", async () => {
    const long = "I ordered a stand mixer last week and I would like to know when it will arrive at my house";
    const { api } = await newVisitorWithChat(long);
    const list = await api("GET", "/api/conversations");
    expect(list.json.conversations[0].title.length).toBeLessThanOrEqual(60);
    expect(list.json.conversations[0].title.endsWith("…")).toBe(true);
  });
});
