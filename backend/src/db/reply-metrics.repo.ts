// What each agent reply cost and how it was grounded (migration 0007), written once right after the
// reply is stored; the insights read it (insights.repo.ts).
import type { Db } from "./connection";

export interface ReplyMetrics {
  messageId: string;
  createdAt: string;
  /** The model id, or "offline" for the offline responder. */
  model: string;
  latencyMs: number;
  firstTokenMs: number | null;
  tokensIn: number;
  tokensOut: number;
  cacheHit: boolean;
  retrievalTopScore: number | null;
  retrievalConfident: boolean;
  retrievedArticleIds: string[];
  citedArticleIds: string[];
  toolsCalled: string[];
  handoffReason: string | null;
}

export function createReplyMetricsRepo(db: Db) {
  return {
    async record(m: ReplyMetrics): Promise<void> {
      await db
        .insertInto("reply_metrics")
        .values({
          message_id: m.messageId,
          created_at: m.createdAt,
          model: m.model,
          latency_ms: Math.max(0, Math.round(m.latencyMs)),
          first_token_ms: m.firstTokenMs === null ? null : Math.max(0, Math.round(m.firstTokenMs)),
          tokens_in: m.tokensIn,
          tokens_out: m.tokensOut,
          cache_hit: m.cacheHit ? 1 : 0,
          retrieval_top_score: m.retrievalTopScore,
          retrieval_confident: m.retrievalConfident ? 1 : 0,
          retrieved_article_ids: JSON.stringify(m.retrievedArticleIds),
          cited_article_ids: JSON.stringify(m.citedArticleIds),
          tools_called: JSON.stringify(m.toolsCalled),
          handoff_reason: m.handoffReason,
        })
        .execute();
    },
  };
}

export type ReplyMetricsRepo = ReturnType<typeof createReplyMetricsRepo>;
