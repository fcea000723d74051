// The owner's insights over a range of the store's local days: every figure is computed once,
// together with the drill-down rows behind it, so a chart's count and its list's count are the
// same number by construction. The SQL (insights.repo.ts) selects; this file buckets by the
// store's time zone, takes percentiles and groups knowledge gaps. Definitions:
// docs/decisions/021-insights.md.
import type {
  Insights,
  InsightsDrilldown,
  InsightsMetric,
  InsightsPercentiles,
  InsightsRange,
  Source,
} from "@harbor/contracts";
import { HandoffReasonCodeSchema, insightsRangeDays } from "@harbor/contracts";
import { yes, type InsightsRepo } from "../db/insights.repo";
import type { KnowledgeBase } from "./knowledge-index";
import { addDays, startOfLocalDay, wallClockAt } from "./zoned-time";

/** A reply whose shopper stayed quiet this long after it counts as settled (the resolution's window). */
export const RESOLUTION_WINDOW_HOURS = 24;
/** Two questions belong together when their content words overlap this much (Jaccard). */
export const GAP_SIMILARITY = 0.5;
export const UNSUPPORTED_PROMISE_FLAG = "unsupported_promise";
const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const PREVIEW = 200;

export interface InsightsDeps {
  repo: InsightsRepo;
  /** The store's time zone, read at every request (the profile may change). */
  timeZone: () => string;
  knowledge: KnowledgeBase;
  prices: { inputPerMillion: number; outputPerMillion: number };
  clock: () => Date;
}

export interface ComputedInsights {
  insights: Insights;
  drilldowns: Record<InsightsMetric, InsightsDrilldown>;
}

type Cell = string | number | null;
type Row = Record<string, Cell>;

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

function percentiles(values: number[]): InsightsPercentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p95: percentile(sorted, 95) };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const yesNo = (value: boolean) => (value ? "yes" : "no");
const preview = (text: string) => (text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text);
const parseList = <T>(json: string | null): T[] => {
  try {
    const value: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
};

/** The handoff reasons the chart names; the shopper's own words count as "other". */
function reasonBucket(reason: string | null): string {
  if (!reason) return "unspecified";
  return HandoffReasonCodeSchema.safeParse(reason).success ? reason : "other";
}

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
};

function drilldown(metric: InsightsMetric, columns: string[], rows: Row[]): InsightsDrilldown {
  return { metric, total: rows.length, columns, rows };
}

export function createInsightsService(deps: InsightsDeps) {
  const { repo, knowledge } = deps;

  /** The question as retrieval reads it: translated, typos corrected, stemmed content words. */
  const termsOf = (question: string) => new Set(knowledge.analyze(knowledge.understand(question)));

  return {
    async compute(range: InsightsRange): Promise<ComputedInsights> {
      const timeZone = deps.timeZone();
      const days = insightsRangeDays(range.from, range.to);
      const window = {
        start: startOfLocalDay(range.from, timeZone).toISOString(),
        end: startOfLocalDay(addDays(range.to, 1), timeZone).toISOString(),
      };
      const settledBefore = new Date(deps.clock().getTime() - RESOLUTION_WINDOW_HOURS * 3_600_000).toISOString();
      const [conversations, messages, replies] = await Promise.all([
        repo.conversationFacts(window),
        repo.messages(window),
        repo.replies(window),
      ]);
      const localDate = (iso: string) => wallClockAt(iso, timeZone).date;

      // ---- Volume: conversations (by the day they started) and messages per local day.
      const perDay = new Map<string, Insights["volume"]["days"][number]>();
      for (let i = 0; i < days; i++) {
        const date = addDays(range.from, i);
        perDay.set(date, { date, conversations: 0, shopper: 0, assistant: 0, staff: 0 });
      }
      for (const c of conversations) {
        const day = perDay.get(localDate(c.created_at));
        if (day) day.conversations++;
      }
      for (const m of messages) {
        const day = perDay.get(localDate(m.created_at));
        if (day) day[m.role === "user" ? "shopper" : m.role]++;
      }

      // ---- Resolution, handoffs and reopens: per conversation started in the range.
      const replied = conversations.filter((c) => c.last_reply_at !== null);
      const eligible = replied.filter((c) => c.last_reply_at! <= settledBefore);
      const resolved = eligible.filter((c) => yes(c.resolved_by_assistant));
      const whyNot = (c: (typeof conversations)[number]) =>
        [
          yes(c.handed_off) && "handed off",
          yes(c.taken_over) && "taken over by staff",
          yes(c.staff_replied) && "staff message",
          yes(c.thumbs_down) && "thumbs down",
          yes(c.shopper_came_back) && `shopper wrote again within ${RESOLUTION_WINDOW_HOURS} h`,
        ]
          .filter(Boolean)
          .join("; ");
      const handedOff = conversations.filter((c) => yes(c.handed_off));
      const byReason = new Map<string, number>();
      for (const c of handedOff) byReason.set(reasonBucket(c.handoff_reason), (byReason.get(reasonBucket(c.handoff_reason)) ?? 0) + 1);
      const wasResolved = conversations.filter((c) => yes(c.was_resolved));
      const reopened = wasResolved.filter((c) => yes(c.reopened));

      // ---- Feedback on agent replies written in the range.
      const rated = replies.filter((r) => r.feedback_rating !== null);
      const reasonCounts = new Map<string, { rating: "up" | "down"; reason: string; count: number }>();
      for (const r of rated) {
        const reason = r.feedback_reason?.trim() || "(no reason given)";
        const key = `${r.feedback_rating}\u0000${reason}`;
        const entry = reasonCounts.get(key) ?? { rating: r.feedback_rating!, reason, count: 0 };
        entry.count++;
        reasonCounts.set(key, entry);
      }

      // ---- First response: the agent's first reply after the first shopper message; a person's
      // first message after the first handoff.
      const responseRows: Row[] = [];
      for (const c of conversations) {
        if (c.first_shopper_at && c.first_reply_at && c.first_reply_at >= c.first_shopper_at) {
          const ms = Date.parse(c.first_reply_at) - Date.parse(c.first_shopper_at);
          responseRows.push({ conversationId: c.id, title: c.title, responder: "assistant", from: c.first_shopper_at, to: c.first_reply_at, ms });
        }
        if (c.first_handoff_at && c.first_staff_at) {
          const ms = Date.parse(c.first_staff_at) - Date.parse(c.first_handoff_at);
          responseRows.push({ conversationId: c.id, title: c.title, responder: "staff", from: c.first_handoff_at, to: c.first_staff_at, ms });
        }
      }
      const msOf = (who: string) => responseRows.filter((r) => r.responder === who).map((r) => r.ms as number);

      // ---- Busiest hours: shopper messages by local weekday and hour.
      const shopperMessages = messages.filter((m) => m.role === "user");
      const hourRows: Row[] = shopperMessages.map((m) => {
        const wall = wallClockAt(m.created_at, timeZone);
        return { messageId: m.id, conversationId: m.conversation_id, createdAt: m.created_at, weekday: WEEKDAY_NAMES[wall.weekday] ?? "", hour: wall.hour };
      });
      const cells = new Map<string, { weekday: number; hour: number; messages: number }>();
      for (const row of hourRows) {
        const weekday = WEEKDAY_NAMES.indexOf(row.weekday as string);
        const key = `${weekday}:${row.hour}`;
        const cell = cells.get(key) ?? { weekday, hour: row.hour as number, messages: 0 };
        cell.messages++;
        cells.set(key, cell);
      }

      // ---- Articles cited: the sources shown under each reply.
      const citationRows: Row[] = replies.flatMap((r) =>
        parseList<Source>(r.sources).map((s) => ({ replyId: r.id, conversationId: r.conversation_id, createdAt: r.created_at, articleId: s.id, title: s.title })),
      );
      const articleCounts = new Map<string, { id: string; title: string; citations: number }>();
      for (const row of citationRows) {
        const entry = articleCounts.get(row.articleId as string) ?? { id: row.articleId as string, title: row.title as string, citations: 0 };
        entry.citations++;
        articleCounts.set(entry.id, entry);
      }

      // ---- Knowledge gaps: the shopper's question behind a reply with weak retrieval, a thumbs
      // down or a missing_knowledge handoff; grouped by the overlap of their content words.
      type Gap = { reply: (typeof replies)[number]; question: string; terms: Set<string>; weak: boolean; down: boolean; missing: boolean };
      const gaps: Gap[] = [];
      for (const reply of replies) {
        const weak = yes(reply.weak_retrieval);
        const down = reply.feedback_rating === "down";
        const missing = reply.handoff_reason === "missing_knowledge";
        if (!(weak || down || missing) || !reply.question) continue;
        const terms = termsOf(reply.question);
        // "hi", "thanks": no content words, nothing an article could answer.
        if (terms.size === 0) continue;
        gaps.push({ reply, question: reply.question.trim(), terms, weak, down, missing });
      }
      const groups: { seed: Set<string>; members: Gap[] }[] = [];
      for (const gap of gaps) {
        let best: (typeof groups)[number] | undefined;
        let bestScore = GAP_SIMILARITY;
        for (const group of groups) {
          const score = jaccard(gap.terms, group.seed);
          if (score >= bestScore && (best === undefined || score > bestScore)) {
            best = group;
            bestScore = score;
          }
        }
        if (best) best.members.push(gap);
        else groups.push({ seed: gap.terms, members: [gap] });
      }
      const labelOf = (members: Gap[]) => {
        const counts = new Map<string, number>();
        for (const m of members) counts.set(m.question, (counts.get(m.question) ?? 0) + 1);
        return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      };
      const gapGroups = groups
        .map((g) => {
          const question = labelOf(g.members);
          return {
            question,
            count: g.members.length,
            weakRetrieval: g.members.filter((m) => m.weak).length,
            thumbsDown: g.members.filter((m) => m.down).length,
            missingKnowledge: g.members.filter((m) => m.missing).length,
            examples: [...new Set(g.members.map((m) => m.question))].slice(0, 3),
            writeArticleUrl: `/console/knowledge/new?question=${encodeURIComponent(question)}`,
            members: g.members,
          };
        })
        .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question));

      // ---- Model use: replies with recorded metrics.
      const measured = replies.filter((r) => yes(r.has_metrics));
      const cacheHits = measured.filter((r) => yes(r.cache_hit)).length;
      const tokensIn = measured.reduce((sum, r) => sum + (r.tokens_in ?? 0), 0);
      const tokensOut = measured.reduce((sum, r) => sum + (r.tokens_out ?? 0), 0);
      const { inputPerMillion, outputPerMillion } = deps.prices;
      // The offline responder costs nothing; its token counts are estimates.
      const billed = measured.filter((r) => r.model !== "offline");
      const cost =
        billed.reduce((sum, r) => sum + (r.tokens_in ?? 0), 0) * (inputPerMillion / 1e6) +
        billed.reduce((sum, r) => sum + (r.tokens_out ?? 0), 0) * (outputPerMillion / 1e6);
      const byModel = new Map<string, { model: string; replies: number; tokensIn: number; tokensOut: number }>();
      for (const r of measured) {
        const entry = byModel.get(r.model!) ?? { model: r.model!, replies: 0, tokensIn: 0, tokensOut: 0 };
        entry.replies++;
        entry.tokensIn += r.tokens_in ?? 0;
        entry.tokensOut += r.tokens_out ?? 0;
        byModel.set(entry.model, entry);
      }

      // ---- Invented promises: replies the promise check flagged.
      const flagged = replies.filter((r) => parseList<string>(r.flags).includes(UNSUPPORTED_PROMISE_FLAG));

      const conversationRow = (c: (typeof conversations)[number]) => ({ conversationId: c.id, title: c.title, createdAt: c.created_at });
      const replyRow = (r: (typeof replies)[number]) => ({ replyId: r.id, conversationId: r.conversation_id, createdAt: r.created_at });

      const insights: Insights = {
        range: { from: range.from, to: range.to, timeZone, days },
        volume: { conversations: conversations.length, messages: messages.length, days: [...perDay.values()] },
        resolution: {
          eligible: eligible.length,
          resolvedByAssistant: resolved.length,
          rate: ratio(resolved.length, eligible.length),
          pending: replied.length - eligible.length,
        },
        handoffs: {
          conversations: conversations.length,
          handedOff: handedOff.length,
          rate: ratio(handedOff.length, conversations.length),
          byReason: [...byReason.entries()]
            .map(([reason, count]) => ({ reason, conversations: count }))
            .sort((a, b) => b.conversations - a.conversations || a.reason.localeCompare(b.reason)),
        },
        reopens: { resolved: wasResolved.length, reopened: reopened.length, rate: ratio(reopened.length, wasResolved.length) },
        feedback: {
          up: rated.filter((r) => r.feedback_rating === "up").length,
          down: rated.filter((r) => r.feedback_rating === "down").length,
          reasons: [...reasonCounts.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        },
        firstResponse: { assistant: percentiles(msOf("assistant")), staff: percentiles(msOf("staff")) },
        busiestHours: {
          total: hourRows.length,
          cells: [...cells.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
        },
        articles: {
          citations: citationRows.length,
          top: topArticles([...articleCounts.values()]),
        },
        knowledgeGaps: {
          questions: gaps.length,
          groups: gapGroups.map(({ members: _members, ...group }) => group),
        },
        modelUse: {
          replies: measured.length,
          cacheHits,
          cacheHitRate: ratio(cacheHits, measured.length),
          latencyMs: percentiles(measured.map((r) => r.latency_ms ?? 0)),
          timeToFirstTokenMs: percentiles(measured.flatMap((r) => (r.first_token_ms === null ? [] : [r.first_token_ms]))),
          tokensIn,
          tokensOut,
          estimatedCostUsd: Math.round(cost * 1e6) / 1e6,
          prices: { inputPerMillion, outputPerMillion },
          byModel: [...byModel.values()].sort((a, b) => b.replies - a.replies || a.model.localeCompare(b.model)),
        },
        promises: { replies: replies.length, flagged: flagged.length, rate: ratio(flagged.length, replies.length) },
      };

      const drilldowns: Record<InsightsMetric, InsightsDrilldown> = {
        conversations: drilldown(
          "conversations",
          ["conversationId", "title", "createdAt", "date", "status"],
          conversations.map((c) => ({ ...conversationRow(c), date: localDate(c.created_at), status: c.status })),
        ),
        messages: drilldown(
          "messages",
          ["messageId", "conversationId", "role", "createdAt", "date"],
          messages.map((m) => ({ messageId: m.id, conversationId: m.conversation_id, role: m.role === "user" ? "shopper" : m.role, createdAt: m.created_at, date: localDate(m.created_at) })),
        ),
        resolution: drilldown(
          "resolution",
          ["conversationId", "title", "createdAt", "lastReplyAt", "resolvedByAssistant", "why"],
          eligible.map((c) => ({ ...conversationRow(c), lastReplyAt: c.last_reply_at, resolvedByAssistant: yesNo(yes(c.resolved_by_assistant)), why: whyNot(c) })),
        ),
        handoffs: drilldown(
          "handoffs",
          ["conversationId", "title", "createdAt", "reason", "handedOffAt"],
          handedOff.map((c) => ({ ...conversationRow(c), reason: reasonBucket(c.handoff_reason), handedOffAt: c.first_handoff_at })),
        ),
        reopens: drilldown(
          "reopens",
          ["conversationId", "title", "createdAt", "reopened"],
          wasResolved.map((c) => ({ ...conversationRow(c), reopened: yesNo(yes(c.reopened)) })),
        ),
        feedback: drilldown(
          "feedback",
          ["replyId", "conversationId", "createdAt", "rating", "reason", "reply"],
          rated.map((r) => ({ ...replyRow(r), rating: r.feedback_rating, reason: r.feedback_reason, reply: preview(r.content) })),
        ),
        "first-response": drilldown("first-response", ["conversationId", "title", "responder", "from", "to", "ms"], responseRows),
        "busiest-hours": drilldown("busiest-hours", ["messageId", "conversationId", "createdAt", "weekday", "hour"], hourRows),
        articles: drilldown("articles", ["replyId", "conversationId", "createdAt", "articleId", "title"], citationRows),
        "knowledge-gaps": drilldown(
          "knowledge-gaps",
          ["replyId", "conversationId", "createdAt", "question", "group", "signals"],
          gapGroups.flatMap((g) =>
            g.members.map((m) => ({
              ...replyRow(m.reply),
              question: m.question,
              group: g.question,
              signals: [m.weak && "weak retrieval", m.down && "thumbs down", m.missing && "missing_knowledge handoff"].filter(Boolean).join("; "),
            })),
          ),
        ),
        "model-use": drilldown(
          "model-use",
          ["replyId", "conversationId", "createdAt", "model", "latencyMs", "firstTokenMs", "tokensIn", "tokensOut", "cacheHit", "retrievalTopScore", "citedArticles", "toolsCalled"],
          measured.map((r) => ({
            ...replyRow(r),
            model: r.model,
            latencyMs: r.latency_ms,
            firstTokenMs: r.first_token_ms,
            tokensIn: r.tokens_in,
            tokensOut: r.tokens_out,
            cacheHit: yesNo(yes(r.cache_hit)),
            retrievalTopScore: r.retrieval_top_score === null ? null : Math.round(r.retrieval_top_score * 100) / 100,
            citedArticles: parseList<string>(r.cited_article_ids).join(" "),
            toolsCalled: parseList<string>(r.tools_called).join(" "),
          })),
        ),
        promises: drilldown(
          "promises",
          ["replyId", "conversationId", "createdAt", "reply"],
          flagged.map((r) => ({ ...replyRow(r), reply: preview(r.content) })),
        ),
      };
      return { insights, drilldowns };
    },
  };
}

export type InsightsService = ReturnType<typeof createInsightsService>;

/** RFC 4180 CSV; a text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function toCsv(table: InsightsDrilldown): string {
  const cell = (value: Cell) => {
    if (value === null) return "";
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [table.columns.map(cell).join(","), ...table.rows.map((row) => table.columns.map((c) => cell(row[c] ?? null)).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** The 10 articles cited most, and the rest as one "Other articles" bar: the bars add up to the citations. */
export function topArticles(counts: { id: string; title: string; citations: number }[], shown = 10) {
  const sorted = [...counts].sort((a, b) => b.citations - a.citations || a.id.localeCompare(b.id));
  const top = sorted.slice(0, shown);
  const rest = sorted.slice(shown).reduce((sum, article) => sum + article.citations, 0);
  return rest > 0 ? [...top, { id: "other", title: `Other articles (${sorted.length - shown})`, citations: rest }] : top;
}
