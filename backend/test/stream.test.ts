import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiClient, parseUiEvents, parseUiStream, startTestApp, waitFor, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.mistral!.reset());
const run = randomUUID().slice(0, 8);

describe("POST /api/chat/stream", () => {
  it("streams the reply in the AI SDK UI message stream protocol and stores it", async () => {
    t.mistral!.script({ text: "Orders ship within 1-2 business days.", chunkDelayMs: 5 });
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} When will it ship?` }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(res.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    const token = res.headers.get("x-visitor-token")!;
    expect(token).toBeTruthy();
    const text = await res.text();
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const chunks = parseUiStream(text);
    expect(chunks[0]).toMatchObject({ type: "start" });
    expect(chunks[1]).toMatchObject({ type: "data-conversation", transient: true });
    const data = chunks[1].data;
    expect(data.visitorToken).toBe(token);
    expect(data.userMessage.content).toBe(`${run} When will it ship?`);
    expect(chunks[0].messageId).toBe(data.replyId);
    const deltas = chunks.filter((c) => c.type === "text-delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((c) => c.delta).join("")).toBe("Orders ship within 1-2 business days.");
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });

    const stored = await apiClient(t.url, token)("GET", `/api/chat/${data.conversationId}/messages`);
    expect(stored.json.messages[1]).toMatchObject({ id: data.replyId, content: "Orders ship within 1-2 business days." });
  });

  it("answers bad input with a JSON error before any stream starts", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat/stream", { message: "" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request:validation");
  });

  it("goes on when the client disconnects, and stores the whole reply", async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    t.mistral!.script({ text: words, chunkDelayMs: 10 });
    const abort = new AbortController();
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} tell me everything` }),
      signal: abort.signal,
    });
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const token = res.headers.get("x-visitor-token")!;
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("word5 ")) seen += new TextDecoder().decode((await reader.read()).value);
    const events = parseUiEvents(seen.slice(0, seen.lastIndexOf("\n\n")));
    // Every event of the reply carries the id of its stream entry.
    expect(events.filter((e) => e.chunk.type === "text-delta").every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
    const conversationId = events[1]!.chunk.data.conversationId;
    abort.abort();

    const api = apiClient(t.url, token);
    let reply: { content: string; status: string } | undefined;
    await waitFor(async () => {
      const r = await api("GET", `/api/chat/${conversationId}/messages`);
      reply = r.json.messages[1];
      return Boolean(reply);
    }, 5000);
    expect(reply).toMatchObject({ status: "complete", content: words });
    expect(t.mistral!.requests).toHaveLength(1);
  });

  it("POST /api/chat stores the whole reply when the client goes away before it", async () => {
    t.mistral!.script({ text: "A reply nobody waited for.", delayMs: 300 });
    const abort = new AbortController();
    const sent = fetch(`${t.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} quick question` }),
      signal: abort.signal,
    }).catch(() => undefined);
    await waitFor(() => t.mistral!.requests.length === 1);
    abort.abort();
    await sent;
    // The visitor was created with the message: find the reply through the database.
    await waitFor(async () => {
      const row = await t.database.db.selectFrom("messages").select(["content", "status"]).where("content", "=", "A reply nobody waited for.").executeTakeFirst();
      return row?.status === "complete";
    }, 5000);
  });

  it("streams the fallback reply when the model fails", async () => {
    t.mistral!.script({ status: 401 });
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} hello` }),
    });
    const chunks = parseUiStream(await res.text());
    expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("")).toBe(
      "I'm having trouble responding right now. Please try again later.",
    );
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "fallback" } });
  });

  it("gives the fallback when the model does not answer in time", async () => {
    const slow = await startTestApp({ redis: false, env: { MISTRAL_TIMEOUT_MS: "300", MISTRAL_MAX_RETRIES: "0" } });
    try {
      slow.mistral!.script({ hang: true });
      const res = await apiClient(slow.url)("POST", "/api/chat", { message: "are you there?" });
      expect(res.status).toBe(200);
      expect(res.json.reply.status).toBe("fallback");
    } finally {
      await slow.close();
    }
  });

  it("stops open replies on shutdown and stores what they had", async () => {
    const app = await startTestApp({ redis: false });
    try {
      app.mistral!.script({ text: Array.from({ length: 80 }, (_, i) => `w${i}`).join(" "), chunkDelayMs: 30 });
      const res = await fetch(`${app.url}/api/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "long one" }),
      });
      const token = res.headers.get("x-visitor-token")!;
      const reader = res.body!.getReader();
      let seen = "";
      while (!seen.includes("w3 ")) seen += new TextDecoder().decode((await reader.read()).value);
      const started = Date.now();
      await app.stopReplies();
      expect(Date.now() - started).toBeLessThan(2000);
      const rest = await new Response(
        new ReadableStream({
          async pull(c) {
            const { value, done } = await reader.read();
            if (done) c.close();
            else c.enqueue(value);
          },
        }),
      ).text();
      const chunks = parseUiStream((seen + rest).trim());
      expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
      const conversationId = chunks[1].data.conversationId;
      const stored = await apiClient(app.url, token)("GET", `/api/chat/${conversationId}/messages`);
      expect(stored.json.messages[1].status).toBe("stopped");
      expect(stored.json.messages[1].content).toContain("w0 w1 w2");
    } finally {
      await app.close();
    }
  });
});
