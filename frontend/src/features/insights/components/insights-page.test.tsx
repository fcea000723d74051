import { InsightsSchema, type Insights, type InsightsDrilldown } from "@harbor/contracts";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { apiError, json, mockFetch } from "../../../../test/fetch-mock";
import { InsightsPage } from "./insights-page";

const RANGE = { from: "2026-03-02", to: "2026-03-04" };
const percentiles = (count: number, p50: number | null, p90: number | null) => ({ count, p50, p90, p95: p90 });

// Parsed with the contract, so the fixture is the API's shape.
const INSIGHTS: Insights = InsightsSchema.parse({
  range: { ...RANGE, timeZone: "America/New_York", days: 3 },
  volume: {
    conversations: 5,
    messages: 16,
    days: [
      { date: "2026-03-02", conversations: 2, shopper: 3, assistant: 3, staff: 1 },
      { date: "2026-03-03", conversations: 2, shopper: 3, assistant: 3, staff: 0 },
      { date: "2026-03-04", conversations: 1, shopper: 2, assistant: 1, staff: 0 },
    ],
  },
  resolution: { eligible: 4, resolvedByAssistant: 1, rate: 0.25, pending: 1 },
  handoffs: { conversations: 5, handedOff: 2, rate: 0.4, byReason: [{ reason: "missing_knowledge", conversations: 1 }, { reason: "other", conversations: 1 }] },
  reopens: { resolved: 2, reopened: 1, rate: 0.5 },
  feedback: { up: 2, down: 1, reasons: [{ rating: "down", reason: "didn't answer", count: 1 }, { rating: "up", reason: "clear", count: 2 }] },
  firstResponse: { assistant: percentiles(5, 2000, 4000), staff: percentiles(1, 600_000, 600_000) },
  busiestHours: { total: 3, cells: [{ weekday: 1, hour: 10, messages: 2 }, { weekday: 3, hour: 8, messages: 1 }] },
  articles: { citations: 4, top: [{ id: "returns", title: "Returns", citations: 2 }, { id: "shipping-times", title: "Shipping times", citations: 2 }] },
  knowledgeGaps: {
    questions: 2,
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
    ],
  },
  modelUse: {
    replies: 6,
    cacheHits: 1,
    cacheHitRate: 1 / 6,
    latencyMs: percentiles(6, 1000, 4000),
    timeToFirstTokenMs: percentiles(4, 300, 3900),
    tokensIn: 510,
    tokensOut: 210,
    estimatedCostUsd: 0.00168,
    prices: { inputPerMillion: 2, outputPerMillion: 6 },
    byModel: [{ model: "mistral-small-latest", replies: 4, tokensIn: 450, tokensOut: 130 }, { model: "offline", replies: 2, tokensIn: 60, tokensOut: 80 }],
  },
  promises: { replies: 7, flagged: 1, rate: 1 / 7 },
});

const conversationsDrilldown: InsightsDrilldown = {
  metric: "conversations",
  total: 5,
  columns: ["conversationId", "title", "createdAt", "date", "status"],
  rows: Array.from({ length: 5 }, (_, n) => ({
    conversationId: `1111111${n}-1111-4111-8111-111111111111`,
    title: `Conversation ${n + 1}`,
    createdAt: "2026-03-02T15:00:00.000Z",
    date: "2026-03-02",
    status: "bot",
  })),
};

function routes(overrides: { insights?: () => Response } = {}) {
  return mockFetch([
    { path: /^\/api\/staff\/insights$/, handle: () => overrides.insights?.() ?? json(INSIGHTS) },
    { path: /^\/api\/staff\/insights\/drilldown$/, handle: () => json(conversationsDrilldown) },
  ]);
}

const section = (name: string) => screen.getByRole("region", { name });

// A dozen real Recharts charts render in each test: slow in jsdom on a busy machine.
describe("the insights page", { timeout: 20_000 }, () => {
  it("shows each chart's figures as a table for screen readers, with the resolution's definition", async () => {
    const fetch = routes();
    render(<InsightsPage initialRange={RANGE} />);
    const resolution = await screen.findByRole("region", { name: "Automated resolution rate" });
    expect(new URL(String(fetch.mock.calls[0]![0])).search).toBe("?from=2026-03-02&to=2026-03-04");
    expect(within(resolution).getByText("25%")).toBeInTheDocument();
    expect(within(resolution).getByText(/no staff member wrote in it, no reply got a thumbs down, and the shopper did not write again within 24 hours/)).toBeInTheDocument();
    expect(within(resolution).getByRole("table", { name: "Conversations resolved by the assistant" })).toHaveTextContent("Resolved by the assistant1");
    // The chart is for the eye; its table is what a screen reader reads.
    expect(resolution.querySelector('[aria-hidden="true"]')).not.toBeNull();

    const perDay = within(section("Conversations per day")).getByRole("table");
    expect(within(perDay).getAllByRole("row").map((r) => r.textContent)).toEqual(["DateConversations", "2026-03-022", "2026-03-032", "2026-03-041"]);
    expect(within(section("Handoffs by reason")).getByRole("table")).toHaveTextContent("Missing knowledge1Other (shopper's words)1");
    expect(within(section("Busiest hours")).getByRole("table")).toHaveTextContent("Monday10:002Wednesday08:001");
    expect(within(section("First response time")).getByRole("table")).toHaveTextContent("Assistant52 s4 sStaff110 min10 min");
    expect(within(section("Model use")).getByRole("table")).toHaveTextContent("Estimated cost ($2.00 / $6.00 per million tokens in / out)$0.0017");
    expect(within(section("Invented promises")).getByText("1 of 7 replies flagged by the promise check (14.3%)")).toBeInTheDocument();
  });

  it("links each knowledge gap to a prefilled new article", async () => {
    routes();
    render(<InsightsPage initialRange={RANGE} />);
    const gaps = await screen.findByRole("region", { name: "Knowledge gaps" });
    const link = within(gaps).getByRole("link", { name: "Write an article answering “Can you engrave my cutting board?”" });
    expect(link).toHaveAttribute("href", "/console/knowledge/new?question=Can%20you%20engrave%20my%20cutting%20board%3F");
    expect(within(gaps).getByText(/Also: Could you engrave a cutting board for me\?/)).toBeInTheDocument();
  });

  it("lists as many rows as the chart counts, with a CSV of them", async () => {
    const fetch = routes();
    render(<InsightsPage initialRange={RANGE} />);
    const conversations = await screen.findByRole("region", { name: "Conversations per day" });
    expect(within(conversations).getByRole("link", { name: "Download CSV of the conversations" })).toHaveAttribute(
      "href",
      "http://localhost:3001/api/staff/insights/drilldown?metric=conversations&from=2026-03-02&to=2026-03-04&format=csv",
    );
    await userEvent.click(within(conversations).getByRole("button", { name: "List the 5 conversations" }));
    const list = await within(conversations).findByRole("table", { name: "The conversations behind this chart" });
    expect(within(list).getAllByRole("row")).toHaveLength(1 + 5);
    expect(within(conversations).getByRole("status")).toHaveTextContent("5 conversations");
    expect(within(list).getAllByRole("link")[0]).toHaveAttribute("href", "/console/c/11111110-1111-4111-8111-111111111111");
    const drill = fetch.mock.calls.map((c) => new URL(String(c[0]))).find((u) => u.pathname.endsWith("/drilldown"))!;
    expect(drill.search).toBe("?metric=conversations&from=2026-03-02&to=2026-03-04");
  });

  it("shows a chart's table on screen when asked", async () => {
    routes();
    render(<InsightsPage initialRange={RANGE} />);
    const feedback = await screen.findByRole("region", { name: "Thumbs up and down" });
    const table = within(feedback).getByRole("table");
    expect(table.parentElement).toHaveClass("sr-only");
    await userEvent.click(within(feedback).getByRole("button", { name: "Show table" }));
    expect(within(feedback).getByRole("table").parentElement).not.toHaveClass("sr-only");
    expect(within(feedback).getByRole("button", { name: "Show chart" })).toHaveAttribute("aria-pressed", "true");
  });

  it("asks again for a new range, and checks the range first", async () => {
    const fetch = routes();
    render(<InsightsPage initialRange={RANGE} />);
    await screen.findByRole("region", { name: "Knowledge gaps" });
    const from = screen.getByLabelText("From");
    fireEvent.change(from, { target: { value: "2026-03-10" } });
    await userEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(screen.getByRole("alert")).toHaveTextContent("The first day must not be after the last.");
    expect(fetch).toHaveBeenCalledTimes(1);

    fireEvent.change(from, { target: { value: "2026-02-01" } });
    await userEvent.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(new URL(String(fetch.mock.calls[1]![0])).search).toBe("?from=2026-02-01&to=2026-03-04");
  });

  it("shows the last 30 days by default", async () => {
    const fetch = routes();
    render(<InsightsPage />);
    await screen.findByRole("region", { name: "Knowledge gaps" });
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    const today = new Date();
    const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
    expect(new URL(String(fetch.mock.calls[0]![0])).search).toBe(`?from=${iso(from)}&to=${iso(today)}`);
    expect(screen.getByLabelText("From")).toHaveValue(iso(from));
  });

  it("tells an agent that insights are for owners", async () => {
    routes({ insights: () => apiError(403, "forbidden:owner_only", "Only the store's owners can see insights.") });
    render(<InsightsPage initialRange={RANGE} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Only the store's owners can see insights.");
    expect(screen.queryByRole("region")).toBeNull();
  });
});
