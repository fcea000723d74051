// The owner's insights, as SQL meant to be read: one query per question, over the instants
// [start, end) (the store's local days, turned into UTC by the service). Timestamps are ISO-8601
// UTC text, so ranges compare as text on both databases; the one dialect difference (adding 24
// hours to a timestamp) lives in dialect.ts. Booleans come back as 0/1 (SQLite) or true/false
// (PostgreSQL): `yes()` reads both. See docs/decisions/021-insights.md.
import { sql } from "kysely";
import type { Db } from "./connection";
import { dialectOf, isoPlusHours } from "./dialect";

export interface InsightsWindow {
  /** Inclusive, ISO UTC. */
  start: string;
  /** Exclusive, ISO UTC. */
  end: string;
}

export const yes = (value: unknown) => value === true || Number(value) === 1;

export interface ConversationFacts {
  id: string;
  title: string;
  created_at: string;
  status: string;
  handoff_reason: string | null;
  /** The last agent reply; null when the agent never replied. */
  last_reply_at: string | null;
  handed_off: unknown;
  taken_over: unknown;
  staff_replied: unknown;
  thumbs_down: unknown;
  shopper_came_back: unknown;
  was_resolved: unknown;
  reopened: unknown;
  first_shopper_at: string | null;
  first_reply_at: string | null;
  first_handoff_at: string | null;
  first_staff_at: string | null;
  resolved_by_assistant: unknown;
}

export function createInsightsRepo(db: Db) {
  const dialect = dialectOf(db);

  return {
    /**
     * Every conversation started in the window, with what happened in it, and whether the
     * assistant resolved it: the agent replied, the conversation was never handed off nor taken
     * over, no staff message, no thumbs down, and no shopper message within 24 hours after the
     * agent's last reply. (Whether those 24 hours are over yet is the service's call.)
     */
    async conversationFacts(w: InsightsWindow): Promise<ConversationFacts[]> {
      const lastReplyPlus24h = isoPlusHours(dialect, "r.last_reply_at", 24);
      const facts = sql`
        select
          c.id, c.title, c.created_at, c.status, c.handoff_reason,
          r.last_reply_at,
          exists (select 1 from conversation_timeline t
                  where t.conversation_id = c.id and t.to_status = 'waiting') as handed_off,
          exists (select 1 from conversation_timeline t
                  where t.conversation_id = c.id and t.to_status = 'human') as taken_over,
          exists (select 1 from messages m
                  where m.conversation_id = c.id and m.role = 'staff') as staff_replied,
          exists (select 1 from messages m
                  where m.conversation_id = c.id and m.feedback_rating = 'down') as thumbs_down,
          exists (select 1 from messages m
                  where m.conversation_id = c.id and m.role = 'user'
                    and m.created_at > r.last_reply_at
                    and m.created_at <= ${lastReplyPlus24h}) as shopper_came_back,
          exists (select 1 from conversation_timeline t
                  where t.conversation_id = c.id and t.to_status = 'resolved') as was_resolved,
          exists (select 1 from conversation_timeline t
                  where t.conversation_id = c.id and t.from_status = 'resolved' and t.to_status = 'bot') as reopened,
          (select min(m.created_at) from messages m
            where m.conversation_id = c.id and m.role = 'user') as first_shopper_at,
          (select min(m.created_at) from messages m
            where m.conversation_id = c.id and m.role = 'assistant') as first_reply_at,
          (select min(t.at) from conversation_timeline t
            where t.conversation_id = c.id and t.to_status = 'waiting') as first_handoff_at,
          (select min(m.created_at) from messages m
            where m.conversation_id = c.id and m.role = 'staff'
              and m.created_at >= (select min(t.at) from conversation_timeline t
                                   where t.conversation_id = c.id and t.to_status = 'waiting')) as first_staff_at
        from conversations c
        left join last_replies r on r.conversation_id = c.id
        where c.created_at >= ${w.start} and c.created_at < ${w.end}
      `;
      const { rows } = await sql<ConversationFacts>`
        with last_replies as (
          select conversation_id, max(created_at) as last_reply_at
          from messages
          where role = 'assistant'
          group by conversation_id
        )
        select f.*,
          (f.last_reply_at is not null
            and not f.handed_off and not f.taken_over and not f.staff_replied
            and not f.thumbs_down and not f.shopper_came_back) as resolved_by_assistant
        from (${facts}) f
        order by f.created_at, f.id
      `.execute(db);
      return rows;
    },

    /** Every message written in the window (the volume and the busiest hours). */
    messages(w: InsightsWindow) {
      return db
        .selectFrom("messages")
        .select(["id", "conversation_id", "role", "created_at"])
        .where("created_at", ">=", w.start)
        .where("created_at", "<", w.end)
        .orderBy("created_at")
        .orderBy("seq")
        .execute();
    },

    /**
     * Every agent reply written in the window, with its rating, flags, sources, metrics (when
     * recorded) and the shopper's message it answered.
     */
    async replies(w: InsightsWindow) {
      const { rows } = await sql<{
        id: string;
        conversation_id: string;
        created_at: string;
        content: string;
        feedback_rating: "up" | "down" | null;
        feedback_reason: string | null;
        sources: string;
        flags: string;
        question: string | null;
        has_metrics: unknown;
        model: string | null;
        latency_ms: number | null;
        first_token_ms: number | null;
        tokens_in: number | null;
        tokens_out: number | null;
        cache_hit: unknown;
        retrieval_top_score: number | null;
        cited_article_ids: string | null;
        tools_called: string | null;
        handoff_reason: string | null;
        weak_retrieval: unknown;
      }>`
        select
          r.id, r.conversation_id, r.created_at, r.content, r.feedback_rating, r.feedback_reason,
          r.sources, r.flags,
          (select q.content from messages q
            where q.conversation_id = r.conversation_id and q.role = 'user' and q.seq < r.seq
            order by q.seq desc limit 1) as question,
          m.message_id is not null as has_metrics,
          m.model, m.latency_ms, m.first_token_ms, m.tokens_in, m.tokens_out, m.cache_hit,
          m.retrieval_top_score, m.cited_article_ids, m.tools_called, m.handoff_reason,
          -- Weak retrieval: no passage was strong enough to answer from, and no tool answered instead.
          (m.retrieval_confident = 0 and m.tools_called = '[]') as weak_retrieval
        from messages r
        left join reply_metrics m on m.message_id = r.id
        where r.role = 'assistant' and r.created_at >= ${w.start} and r.created_at < ${w.end}
        order by r.created_at, r.seq
      `.execute(db);
      return rows;
    },
  };
}

export type InsightsRepo = ReturnType<typeof createInsightsRepo>;
