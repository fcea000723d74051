// Every stored agent reply gets one reply_metrics row: the model, timings, tokens (as the fake
// Mistral reports them), the reply cache, retrieval and tools. On both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, parseUiStream, startTestApp, type TestApp } from "./support/test-app";

const metricsOf = (t: TestApp, messageId: string) =>
  t.database.db.selectFrom("reply_metrics").selectAll().where("message_id", "=", messageId).executeTakeFirst();

describe("reply metrics with Mistral", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it("records a whole reply: model, tokens from the usage, retrieval and what it cited", async () => {
    const api = apiClient(t.url);
    const res = await api("POST", "/api/chat", { message: "What is your return policy?" });
    expect(res.status).toBe(200);
    const row = await metricsOf(t, res.json.reply.id);
    const text: string = res.json.reply.content;
    expect(row).toMatchObject({
      model: "mistral-small-latest",
      tokens_in: 120,
      tokens_out: text.split(/\s+/).length,
      cache_hit: 0,
      retrieval_confident: 1,
      tools_called: "[]",
      handoff_reason: null,
      created_at: res.json.reply.createdAt,
    });
    expect(row!.retrieval_top_score).toBeGreaterThan(0);
    expect(JSON.parse(row!.cited_article_ids)).toEqual(res.json.reply.sources.map((s: { id: string }) => s.id));
    expect(JSON.parse(row!.cited_article_ids).length).toBeGreaterThan(0);
    expect(JSON.parse(row!.retrieved_article_ids)).toEqual(expect.arrayContaining(JSON.parse(row!.cited_article_ids)));
    expect(row!.latency_ms).toBeGreaterThanOrEqual(0);
    expect(row!.first_token_ms).not.toBeNull();
  });

  it("records a streamed reply with its time to first token, and the same question again as a cache hit", async () => {
    const api = apiClient(t.url);
    const question = "Do you ship to Canada?";
    t.mistral!.script({ text: "Yes, we ship to Canada in 5 to 8 business days.", chunkDelayMs: 60 });
    const first = await api("POST", "/api/chat/stream", { message: question });
    const firstId = parseUiStream(first.text).find((c) => c.type === "start")?.messageId as string;
    const row = await metricsOf(t, firstId);
    expect(row).toMatchObject({ model: "mistral-small-latest", tokens_in: 120, tokens_out: 11, cache_hit: 0 });
    // Ten chunks 60 ms apart: the first arrives well before the last.
    expect(row!.first_token_ms).toBeGreaterThanOrEqual(50);
    expect(row!.latency_ms).toBeGreaterThanOrEqual(row!.first_token_ms! + 400);

    const again = await api("POST", "/api/chat", { message: question });
    expect(again.json.reply.content).toBe("Yes, we ship to Canada in 5 to 8 business days.");
    expect(await metricsOf(t, again.json.reply.id)).toMatchObject({ cache_hit: 1, tokens_in: 0, tokens_out: 0, model: "mistral-small-latest" });
  });

  it("records the tools the model called and the reason it handed off for", async () => {
    const api = apiClient(t.url);
    const lookup = await api("POST", "/api/chat", { message: "Where is my order HP-10042? jane.doe@example.com" });
    const lookupRow = await metricsOf(t, lookup.json.reply.id);
    expect(JSON.parse(lookupRow!.tools_called)).toEqual(["lookup_order"]);
    // Two model calls (the tool call, then the answer): both steps' tokens count.
    expect(lookupRow!.tokens_in).toBe(240);

    t.mistral!.script({ toolCalls: [{ name: "handoff_to_human", arguments: { reason: "missing_knowledge", summary: "Asks about engraving." } }] });
    const handoff = await api("POST", "/api/chat", { message: "Can you engrave my cutting board?" });
    expect(handoff.json.status).toBe("waiting");
    expect(await metricsOf(t, handoff.json.reply.id)).toMatchObject({
      tools_called: JSON.stringify(["handoff_to_human"]),
      handoff_reason: "missing_knowledge",
    });
  });

  it("records a fallback without a first token", async () => {
    const api = apiClient(t.url);
    // 422 is not retried: the fallback comes at once.
    t.mistral!.script({ status: 422 });
    const failed = await api("POST", "/api/chat", { message: "Hello there, a question?" });
    expect(failed.json.reply.status).toBe("fallback");
    expect(await metricsOf(t, failed.json.reply.id)).toMatchObject({ first_token_ms: null, cache_hit: 0, tokens_out: 0 });
  });
});

describe("reply metrics offline", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mistral: false, redis: false });
  });
  afterAll(async () => t.close());

  it("names the offline responder's model 'offline'", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "How long does shipping take?" });
    const row = await metricsOf(t, res.json.reply.id);
    expect(row).toMatchObject({ model: "offline", cache_hit: 0 });
    expect(row!.tokens_out).toBeGreaterThan(0);
  });

  it("goes with its message when the conversation is deleted", async () => {
    const created = await apiClient(t.url)("POST", "/api/chat", { message: "Hi" });
    const api = apiClient(t.url, created.json.visitorToken);
    expect(await metricsOf(t, created.json.reply.id)).toBeDefined();
    expect((await api("DELETE", `/api/chat/${created.json.conversationId}`)).status).toBe(204);
    expect(await metricsOf(t, created.json.reply.id)).toBeUndefined();
  });
});
