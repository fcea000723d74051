// The owner's insights over seeded conversations with known times: every figure, each drill-down
// list's count against its chart, the CSV, and who may see them. On both databases.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/connection";
import { signInStaff } from "./support/live-client";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

// The store is in America/New_York (UTC-5 in early March 2026): 2026-03-02 is a Monday.
const NOW = new Date("2026-03-05T12:00:00.000Z");
const RANGE = "from=2026-03-02&to=2026-03-04";

type Step =
  | { user: string; at: string }
  | { assistant: string; at: string; sources?: { id: string; title: string }[]; feedback?: ["up" | "down", string | null]; flags?: string[]; metrics?: Metrics }
  | { staff: string; at: string }
  | { status: "waiting" | "human" | "resolved" | "bot"; from: "bot" | "waiting" | "human" | "resolved"; at: string; reason?: string };

interface Metrics {
  model: string;
  latency: number;
  ttft: number | null;
  tokens: [number, number];
  cache?: boolean;
  confident: boolean;
  tools?: string[];
  handoff?: string;
}

async function seedConversation(db: Db, title: string, steps: Step[], handoffReason: string | null = null) {
  const visitorId = randomUUID();
  const conversationId = randomUUID();
  const createdAt = steps[0]!.at;
  await db.insertInto("visitors").values({ id: visitorId, token_hash: randomUUID(), created_at: createdAt }).execute();
  await db
    .insertInto("conversations")
    .values({
      id: conversationId, visitor_id: visitorId, title, created_at: createdAt, updated_at: steps.at(-1)!.at, message_count: 0,
      cache_revision: 0, last_message_role: null, last_message_content: null, last_message_at: null, status: "bot",
      assignee_id: null, handoff_reason: handoffReason, waiting_since: null,
    })
    .execute();
  for (const step of steps) {
    if ("status" in step) {
      await db
        .insertInto("conversation_timeline")
        .values({ conversation_id: conversationId, at: step.at, actor: "system", staff_id: null, from_status: step.from, to_status: step.status, reason: step.reason ?? null })
        .execute();
      continue;
    }
    const id = randomUUID();
    const role = "user" in step ? "user" : "assistant" in step ? "assistant" : "staff";
    const content = "user" in step ? step.user : "assistant" in step ? step.assistant : step.staff;
    const reply = "assistant" in step ? step : undefined;
    await db
      .insertInto("messages")
      .values({
        id, conversation_id: conversationId, role, content, status: "complete", sources: JSON.stringify(reply?.sources ?? []),
        used_tool: 0, tool_calls: "[]", author_staff_id: null, author_name: role === "staff" ? "Sam" : null,
        feedback_rating: reply?.feedback?.[0] ?? null, feedback_reason: reply?.feedback?.[1] ?? null, created_at: step.at,
        flags: JSON.stringify(reply?.flags ?? []),
      })
      .execute();
    const m = reply?.metrics;
    if (m) {
      await db
        .insertInto("reply_metrics")
        .values({
          message_id: id, created_at: step.at, model: m.model, latency_ms: m.latency, first_token_ms: m.ttft, tokens_in: m.tokens[0],
          tokens_out: m.tokens[1], cache_hit: m.cache ? 1 : 0, retrieval_top_score: m.confident ? 30 : 5, retrieval_confident: m.confident ? 1 : 0,
          retrieved_article_ids: "[]", cited_article_ids: JSON.stringify((reply.sources ?? []).map((s) => s.id)),
          tools_called: JSON.stringify(m.tools ?? []), handoff_reason: m.handoff ?? null,
        })
        .execute();
    }
  }
  return conversationId;
}

const SHIPPING = { id: "shipping-times", title: "Shipping times" };
const RETURNS = { id: "returns", title: "Returns" };
const mistral = (latency: number, ttft: number | null, tokens: [number, number], extra: Partial<Metrics> = {}): Metrics => ({
  model: "mistral-small-latest", latency, ttft, tokens, confident: true, ...extra,
});

async function seed(db: Db) {
  const ids: Record<string, string> = {};
  // C1: answered, rated up, later closed by staff from bot: resolved by the assistant.
  ids.c1 = await seedConversation(db, '=HYPERLINK("x"), shipping', [
    { user: "How long does shipping take?", at: "2026-03-02T15:00:00.000Z" },
    { assistant: "3 to 5 business days.", at: "2026-03-02T15:00:02.000Z", sources: [SHIPPING], feedback: ["up", "clear"], metrics: mistral(2000, 300, [100, 50]) },
    { status: "resolved", from: "bot", at: "2026-03-02T18:00:00.000Z" },
  ]);
  // C2: a missing_knowledge handoff, taken over, a staff reply, resolved, then reopened (a cached reply).
  ids.c2 = await seedConversation(
    db,
    "Engraving",
    [
      { user: "Can you engrave my cutting board?", at: "2026-03-02T16:00:00.000Z" },
      { assistant: "Let me get a person.", at: "2026-03-02T16:00:04.000Z", metrics: mistral(4000, 3900, [200, 20], { confident: false, tools: ["handoff_to_human"], handoff: "missing_knowledge" }) },
      { status: "waiting", from: "bot", at: "2026-03-02T16:00:04.000Z", reason: "Asks about engraving." },
      { status: "human", from: "waiting", at: "2026-03-02T16:10:00.000Z" },
      { staff: "We don't engrave, sorry.", at: "2026-03-02T16:10:04.000Z" },
      { status: "resolved", from: "human", at: "2026-03-02T16:20:00.000Z" },
      { user: "What is your return policy?", at: "2026-03-03T09:00:00.000Z" },
      { status: "bot", from: "resolved", at: "2026-03-03T09:00:00.000Z" },
      { assistant: "30 days.", at: "2026-03-03T09:00:01.000Z", sources: [RETURNS], metrics: mistral(10, 5, [0, 0], { cache: true }) },
    ],
    "missing_knowledge",
  );
  // C3: weak retrieval, a thumbs down and an invented promise.
  ids.c3 = await seedConversation(db, "Engraving again", [
    { user: "Could you engrave a cutting board for me?", at: "2026-03-03T14:00:00.000Z" },
    { assistant: "Sure, for free!", at: "2026-03-03T14:00:03.000Z", feedback: ["down", "didn't answer"], flags: ["unsupported_promise"], metrics: mistral(3000, 500, [150, 60], { confident: false }) },
  ]);
  // C4: the shopper wrote again within 24 hours of the last reply, then asked for a person in their own words.
  ids.c4 = await seedConversation(
    db,
    "Gift wrap",
    [
      { user: "Do you offer gift wrapping?", at: "2026-03-03T20:00:00.000Z" },
      { assistant: "I'm not sure.", at: "2026-03-03T20:00:01.000Z", metrics: { model: "offline", latency: 1000, ttft: null, tokens: [30, 40], confident: false } },
      { user: "Hello? Anyone?", at: "2026-03-04T08:00:00.000Z" },
      { status: "waiting", from: "bot", at: "2026-03-04T08:00:01.000Z", reason: "I want to speak to someone" },
    ],
    "I want to speak to someone",
  );
  // C5: answered less than 24 hours before now: pending. Its question has no content words.
  ids.c5 = await seedConversation(db, "Thanks", [
    { user: "Thanks!", at: "2026-03-04T13:00:00.000Z" },
    { assistant: "You're welcome!", at: "2026-03-04T13:00:01.000Z", metrics: { model: "offline", latency: 1000, ttft: null, tokens: [30, 40], confident: false } },
  ]);
  // C6: started on Sunday 23:30 local (before the range); two of its messages fall inside it. No metrics (an older reply).
  ids.c6 = await seedConversation(db, "Late night", [
    { user: "Do you ship to Canada?", at: "2026-03-02T04:30:00.000Z" },
    { assistant: "Yes.", at: "2026-03-02T04:30:01.000Z", sources: [SHIPPING] },
    { user: "And returns from Canada?", at: "2026-03-02T15:30:00.000Z" },
    { assistant: "Yes, within 30 days.", at: "2026-03-02T15:30:01.000Z", sources: [SHIPPING, RETURNS], feedback: ["up", null] },
  ]);
  return ids;
}

describe("insights", () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let owner: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    t = await startTestApp({ redis: false, mistral: false, clock: () => NOW, env: { MODEL_PRICE_INPUT_PER_MILLION: "2", MODEL_PRICE_OUTPUT_PER_MILLION: "6" } });
    ids = await seed(t.database.db);
    const { cookie } = await signInStaff(t, { role: "owner" });
    owner = (method, path) => apiClient(t.url)(method, path, undefined, { cookie });
  });
  afterAll(async () => t.close());

  it("computes every figure in the store's time zone", async () => {
    const res = await owner("GET", `/api/staff/insights?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const i = res.json;
    expect(i.range).toEqual({ from: "2026-03-02", to: "2026-03-04", timeZone: "America/New_York", days: 3 });
    expect(i.volume).toEqual({
      conversations: 5,
      messages: 16,
      days: [
        { date: "2026-03-02", conversations: 2, shopper: 3, assistant: 3, staff: 1 },
        { date: "2026-03-03", conversations: 2, shopper: 3, assistant: 3, staff: 0 },
        { date: "2026-03-04", conversations: 1, shopper: 2, assistant: 1, staff: 0 },
      ],
    });
    expect(i.resolution).toEqual({ eligible: 4, resolvedByAssistant: 1, rate: 0.25, pending: 1 });
    expect(i.handoffs).toEqual({
      conversations: 5,
      handedOff: 2,
      rate: 0.4,
      byReason: [
        { reason: "missing_knowledge", conversations: 1 },
        { reason: "other", conversations: 1 },
      ],
    });
    expect(i.reopens).toEqual({ resolved: 2, reopened: 1, rate: 0.5 });
    expect(i.feedback.up).toBe(2);
    expect(i.feedback.down).toBe(1);
    expect([...i.feedback.reasons].sort((a: { reason: string }, b: { reason: string }) => a.reason.localeCompare(b.reason))).toEqual([
      { rating: "up", reason: "(no reason given)", count: 1 },
      { rating: "up", reason: "clear", count: 1 },
      { rating: "down", reason: "didn't answer", count: 1 },
    ]);
    // Assistant: 2, 4, 3, 1 and 1 seconds; staff: 10 minutes after the handoff. Nearest rank.
    expect(i.firstResponse).toEqual({
      assistant: { count: 5, p50: 2000, p90: 4000, p95: 4000 },
      staff: { count: 1, p50: 600_000, p90: 600_000, p95: 600_000 },
    });
    expect(i.busiestHours).toEqual({
      total: 8,
      cells: [
        { weekday: 1, hour: 10, messages: 2 },
        { weekday: 1, hour: 11, messages: 1 },
        { weekday: 2, hour: 4, messages: 1 },
        { weekday: 2, hour: 9, messages: 1 },
        { weekday: 2, hour: 15, messages: 1 },
        { weekday: 3, hour: 3, messages: 1 },
        { weekday: 3, hour: 8, messages: 1 },
      ],
    });
    expect(i.articles).toEqual({
      citations: 4,
      top: [
        { id: "returns", title: "Returns", citations: 2 },
        { id: "shipping-times", title: "Shipping times", citations: 2 },
      ],
    });
    expect(i.knowledgeGaps).toEqual({
      questions: 3,
      groups: [
        {
          question: "Can you engrave my cutting board?",
          count: 2,
          weakRetrieval: 1,
          thumbsDown: 1,
          missingKnowledge: 1,
          examples: ["Can you engrave my cutting board?", "Could you engrave a cutting board for me?"],
          writeArticleUrl: "/console/knowledge/new?question=Can%20you%20engrave%20my%20cutting%20board%3F",
        },
        {
          question: "Do you offer gift wrapping?",
          count: 1,
          weakRetrieval: 1,
          thumbsDown: 0,
          missingKnowledge: 0,
          examples: ["Do you offer gift wrapping?"],
          writeArticleUrl: "/console/knowledge/new?question=Do%20you%20offer%20gift%20wrapping%3F",
        },
      ],
    });
    expect(i.modelUse).toEqual({
      replies: 6,
      cacheHits: 1,
      cacheHitRate: 1 / 6,
      latencyMs: { count: 6, p50: 1000, p90: 4000, p95: 4000 },
      timeToFirstTokenMs: { count: 4, p50: 300, p90: 3900, p95: 3900 },
      tokensIn: 510,
      tokensOut: 210,
      // Mistral only: 450 tokens in at $2/M and 130 out at $6/M.
      estimatedCostUsd: 0.00168,
      prices: { inputPerMillion: 2, outputPerMillion: 6 },
      byModel: [
        { model: "mistral-small-latest", replies: 4, tokensIn: 450, tokensOut: 130 },
        { model: "offline", replies: 2, tokensIn: 60, tokensOut: 80 },
      ],
    });
    expect(i.promises).toEqual({ replies: 7, flagged: 1, rate: 1 / 7 });
  });

  it("lists what is behind every chart, as many rows as the chart counts", async () => {
    const i = (await owner("GET", `/api/staff/insights?${RANGE}`)).json;
    const totals: Record<string, number> = {
      conversations: i.volume.conversations,
      messages: i.volume.messages,
      resolution: i.resolution.eligible,
      handoffs: i.handoffs.handedOff,
      reopens: i.reopens.resolved,
      feedback: i.feedback.up + i.feedback.down,
      "first-response": i.firstResponse.assistant.count + i.firstResponse.staff.count,
      "busiest-hours": i.busiestHours.total,
      articles: i.articles.citations,
      "knowledge-gaps": i.knowledgeGaps.questions,
      "model-use": i.modelUse.replies,
      promises: i.promises.flagged,
    };
    expect(totals).toEqual({
      conversations: 5, messages: 16, resolution: 4, handoffs: 2, reopens: 2, feedback: 3, "first-response": 6,
      "busiest-hours": 8, articles: 4, "knowledge-gaps": 3, "model-use": 6, promises: 1,
    });
    for (const [metric, total] of Object.entries(totals)) {
      const res = await owner("GET", `/api/staff/insights/drilldown?metric=${metric}&${RANGE}`);
      expect(res.status, metric).toBe(200);
      expect(res.json.total, metric).toBe(total);
      expect(res.json.rows, metric).toHaveLength(total);
      for (const row of res.json.rows) expect(Object.keys(row).sort(), metric).toEqual([...res.json.columns].sort());
    }
    const resolution = (await owner("GET", `/api/staff/insights/drilldown?metric=resolution&${RANGE}`)).json.rows;
    expect(resolution.map((r: { conversationId: string; resolvedByAssistant: string; why: string }) => [r.conversationId, r.resolvedByAssistant, r.why])).toEqual([
      [ids.c1, "yes", ""],
      [ids.c2, "no", "handed off; taken over by staff; staff message"],
      [ids.c3, "no", "thumbs down"],
      [ids.c4, "no", "handed off; shopper wrote again within 24 h"],
    ]);
    const handoffs = (await owner("GET", `/api/staff/insights/drilldown?metric=handoffs&${RANGE}`)).json.rows;
    expect(handoffs.map((r: { conversationId: string; reason: string }) => [r.conversationId, r.reason])).toEqual([
      [ids.c2, "missing_knowledge"],
      [ids.c4, "other"],
    ]);
  });

  it("exports a drill-down list as CSV, quoted, with formulas defused and a file name", async () => {
    const res = await owner("GET", `/api/staff/insights/drilldown?metric=conversations&format=csv&${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=insights-conversations-2026-03-02-to-2026-03-04.csv");
    const lines = res.text.split("\r\n");
    expect(lines[0]).toBe("conversationId,title,createdAt,date,status");
    expect(lines[1]).toBe(`${ids.c1},"'=HYPERLINK(""x""), shipping",2026-03-02T15:00:00.000Z,2026-03-02,bot`);
    expect(lines).toHaveLength(5 + 2);
    expect(lines.at(-1)).toBe("");
  });

  it("answers bad ranges and metrics with a clear 400", async () => {
    const cases: [string, string][] = [
      ["to=2026-03-04", "from: is required, as YYYY-MM-DD"],
      ["from=2026-3-2&to=2026-03-04", "from: must be a date as YYYY-MM-DD"],
      ["from=2026-02-30&to=2026-03-04", "from: is not a calendar date"],
      ["from=2026-03-05&to=2026-03-04", "from: must not be after to"],
      ["from=2025-03-01&to=2026-03-02", "to: must be at most 366 days after from (both included)"],
      ["from=2026-03-01&to=2026-03-04&from=2026-03-02", "from: is required, as YYYY-MM-DD"],
    ];
    for (const [query, message] of cases) {
      const res = await owner("GET", `/api/staff/insights?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error, query).toMatchObject({ code: "bad_request:validation", message });
    }
    // 366 days is allowed.
    expect((await owner("GET", "/api/staff/insights?from=2025-03-04&to=2026-03-04")).status).toBe(200);
    const metric = await owner("GET", `/api/staff/insights/drilldown?metric=nope&${RANGE}`);
    expect(metric.status).toBe(400);
    expect(metric.json.error.message).toMatch(/^metric: metric must be one of conversations/);
    const format = await owner("GET", `/api/staff/insights/drilldown?metric=messages&format=xml&${RANGE}`);
    expect(format.status).toBe(400);
  });

  it("is for owners only", async () => {
    const { cookie } = await signInStaff(t, { role: "agent" });
    for (const path of [`/api/staff/insights?${RANGE}`, `/api/staff/insights/drilldown?metric=messages&${RANGE}`]) {
      const asAgent = await apiClient(t.url)("GET", path, undefined, { cookie });
      expect(asAgent.status).toBe(403);
      expect(asAgent.json.error).toMatchObject({ code: "forbidden:owner_only", message: "Only the store's owners can see insights." });
      expect((await apiClient(t.url)("GET", path)).status).toBe(401);
    }
  });
});
