import type { Kysely } from "kysely";

// What each agent reply cost and how it was grounded, one row per reply (keyed by its message id,
// gone with it): what the owner's insights read. Kept apart from `messages` so the chat's own
// reads stay as they are and the metrics can grow without touching the transcript.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("reply_metrics")
    .addColumn("message_id", "text", (c) => c.primaryKey().references("messages.id").onDelete("cascade"))
    /** The reply's time, copied from the message: the insights select by it. */
    .addColumn("created_at", "text", (c) => c.notNull())
    /** The model id ("mistral-small-latest"), or "offline" for the offline responder. */
    .addColumn("model", "text", (c) => c.notNull())
    /** From the start of the reply to its end (model, tools and promise check included). */
    .addColumn("latency_ms", "integer", (c) => c.notNull())
    /** Until the first text reached the shopper; null when no text came (a fallback, a stop). */
    .addColumn("first_token_ms", "integer")
    .addColumn("tokens_in", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("tokens_out", "integer", (c) => c.notNull().defaultTo(0))
    /** 1 when the reply came from the reply cache (no model call). */
    .addColumn("cache_hit", "integer", (c) => c.notNull().defaultTo(0))
    /** The best passage's BM25 score; null when the question had no content words. */
    .addColumn("retrieval_top_score", "real")
    /** 1 when a passage was strong enough to answer from (knowledge-base.ts `confident`). */
    .addColumn("retrieval_confident", "integer", (c) => c.notNull().defaultTo(0))
    /** JSON arrays of article slugs: what retrieval returned, and what the reply cited as sources. */
    .addColumn("retrieved_article_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("cited_article_ids", "text", (c) => c.notNull().defaultTo("[]"))
    /** JSON array of the tool names the model called, in order (handoff_to_human included). */
    .addColumn("tools_called", "text", (c) => c.notNull().defaultTo("[]"))
    /** The reason code the agent gave when it handed the conversation to a person in this reply. */
    .addColumn("handoff_reason", "text")
    .execute();
  await db.schema.createIndex("reply_metrics_created").on("reply_metrics").columns(["created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("reply_metrics").execute();
}
