import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { transcript } from "./support/fake-mistral";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { MISTRAL_MAX_RETRIES: "2" } });
});
afterAll(() => t.close());
beforeEach(() => t.mistral!.reset());

const anon = () => apiClient(t.url);
// Redis outlives a test run and replies are cached by context: a fresh word keeps each run's
// questions new to the reply cache.
const run = randomUUID().slice(0, 8);

describe("POST /api/chat", () => {
  it("creates a visitor and a conversation and returns the stored reply", async () => {
    t.mistral!.script({ text: "Standard shipping in the US takes 3-5 business days." });
    const res = await anon()("POST", "/api/chat", { message: "  How long does shipping take?  " });
    expect(res.status).toBe(200);
    expect(res.json.visitorToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.headers.get("x-visitor-token")).toBe(res.json.visitorToken);
    expect(res.json.userMessage).toMatchObject({ role: "user", content: "How long does shipping take?", status: "complete" });
    expect(res.json.reply).toMatchObject({
      role: "assistant",
      content: "Standard shipping in the US takes 3-5 business days.",
      status: "complete",
    });
    const api = apiClient(t.url, res.json.visitorToken);
    const messages = await api("GET", `/api/chat/${res.json.conversationId}/messages`);
    expect(messages.json.messages.map((m: { content: string }) => m.content)).toEqual([
      "How long does shipping take?",
      "Standard shipping in the US takes 3-5 business days.",
    ]);
    const list = await api("GET", "/api/conversations");
    expect(list.json.conversations[0]).toMatchObject({ id: res.json.conversationId, title: "How long does shipping take?" });
  });

  it("sends the model the system prompt, settings and only the last 10 messages", async () => {
    const first = await anon()("POST", "/api/chat", { message: `${run} message 1` });
    const api = apiClient(t.url, first.json.visitorToken);
    for (let i = 2; i <= 7; i++) {
      const r = await api("POST", "/api/chat", { message: `${run} message ${i}`, conversationId: first.json.conversationId });
      expect(r.status).toBe(200);
      expect(r.json.visitorToken).toBeUndefined();
    }
    const sent = t.mistral!.requests.at(-1)!.body;
    expect(sent.model).toBe("mistral-small-latest");
    expect(sent.temperature).toBe(0.4);
    expect(sent.max_tokens).toBe(300);
    const [system, ...history] = transcript(sent);
    expect(system!.role).toBe("system");
    expect(String(system!.content)).toContain("Harbor & Pine");
    expect(String(system!.content)).toContain("support@harborandpine.example");
    expect(history).toHaveLength(10);
    // 13 messages so far: the first user message, its reply and the second user message fell out.
    expect(history[0]).toMatchObject({ role: "assistant" });
    expect(history.filter((m) => m.role === "user").map((m) => m.content)).toEqual(
      [3, 4, 5, 6, 7].map((i) => `${run} message ${i}`),
    );
  });

  it("stores and returns the fallback reply when the model fails, and logs the cause", async () => {
    t.mistral!.script({ status: 401 });
    const res = await anon()("POST", "/api/chat", { message: "Do you ship to Canada?" });
    expect(res.status).toBe(200);
    expect(res.json.reply).toMatchObject({
      content: "I'm having trouble responding right now. Please try again later.",
      status: "fallback",
    });
    const api = apiClient(t.url, res.json.visitorToken);
    const stored = await api("GET", `/api/chat/${res.json.conversationId}/messages`);
    expect(stored.json.messages.map((m: { status: string }) => m.status)).toEqual(["complete", "fallback"]);
    expect(t.logs.some((l) => l.includes("model reply failed") && l.includes("Unauthorized"))).toBe(true);
  });

  it("retries on 429 honouring Retry-After, then answers", async () => {
    t.mistral!.script({ status: 429, headers: { "retry-after": "0.2" } }, { text: "Second time lucky." });
    const started = Date.now();
    const res = await anon()("POST", "/api/chat", { message: `${run} Hello?` });
    expect(res.json.reply.content).toBe("Second time lucky.");
    expect(t.mistral!.requests).toHaveLength(2);
    // It waited the 0.2 s the header asked for, not the SDK's own 2 s backoff.
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(180);
    expect(waited).toBeLessThan(1500);
  });

  it("retries on 5xx and gives the fallback when every try fails", async () => {
    t.mistral!.script({ status: 503, headers: { "retry-after": "0" } }, { status: 500, headers: { "retry-after": "0" } }, { status: 500, headers: { "retry-after": "0" } });
    const res = await anon()("POST", "/api/chat", { message: `${run} Anyone there?` });
    expect(res.json.reply.status).toBe("fallback");
    expect(t.mistral!.requests).toHaveLength(3);
  });

  it("does not send earlier fallback replies back to the model as history", async () => {
    t.mistral!.script({ status: 401 });
    const first = await anon()("POST", "/api/chat", { message: `${run} first question` });
    const api = apiClient(t.url, first.json.visitorToken);
    await api("POST", "/api/chat", { message: `${run} second question`, conversationId: first.json.conversationId });
    const history = transcript(t.mistral!.requests.at(-1)!.body).slice(1);
    expect(history.map((m) => m.content)).toEqual([`${run} first question`, `${run} second question`]);
  });
});

describe("bad input", () => {
  const cases: [string, unknown, number, RegExp][] = [
    ["an empty message", { message: "" }, 400, /must not be empty/],
    ["a message of spaces", { message: "   \n " }, 400, /must not be empty/],
    ["a message over 4000 characters", { message: "a".repeat(4001) }, 400, /at most 4000/],
    ["a number as message", { message: 42 }, 400, /message/],
    ["an unknown field", { message: "hi", admin: true }, 400, /unknown field "admin"/],
    ["a bad conversation id", { message: "hi", conversationId: "nope" }, 400, /conversationId/],
    ["no body", undefined, 400, /JSON object/],
    ["an array", [1, 2], 400, /JSON object/],
    ["malformed JSON", "{not json", 400, /not valid JSON/],
    ["a body over 32 KB", JSON.stringify({ message: "a".repeat(33_000) }), 413, /32 KB/],
  ];
  for (const [name, body, status, message] of cases) {
    it(`answers ${status} for ${name}`, async () => {
      const res = await anon()("POST", "/api/chat", body);
      expect(res.status).toBe(status);
      expect(res.json.error.message).toMatch(message);
      expect(res.json.error.requestId).toBeTruthy();
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    });
  }

  it("accepts exactly 4000 characters", async () => {
    const res = await anon()("POST", "/api/chat", { message: "b".repeat(4000) });
    expect(res.status).toBe(200);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await anon()("POST", "/api/chat", "message=hi", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(400);
  });

  it("answers a JSON 404 for an unknown route and 400 for a path that does not decode", async () => {
    const missing = await anon()("GET", "/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("not_found:route");
    const token = (await anon()("POST", "/api/chat", { message: "hi" })).json.visitorToken;
    const bad = await apiClient(t.url, token)("GET", "/api/chat/%E0%A4%A/messages");
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBeTruthy();
  });
});
