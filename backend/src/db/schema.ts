// The database as Kysely sees it. Column names are snake_case; repositories map rows to the
// camelCase shapes of contracts/.
import type { Generated } from "kysely";

export interface VisitorTable {
  id: string;
  /** SHA-256 of the visitor token, hex. The token itself is never stored. */
  token_hash: string;
  created_at: string;
}

export interface ConversationTable {
  id: string;
  visitor_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  /** Kept exact in the same transaction as every message write; the Redis list is trusted only when it matches. */
  message_count: number;
  /** Bumped with every message write or feedback change; see message-cache.ts. */
  cache_revision: number;
  last_message_role: "user" | "assistant" | "staff" | null;
  last_message_content: string | null;
  last_message_at: string | null;
  status: "bot" | "waiting" | "human" | "resolved";
  /** The staff member holding the conversation (status human). */
  assignee_id: string | null;
  /** The latest handoff's reason: a reason code or the shopper's words. */
  handoff_reason: string | null;
  /** Set when the conversation entered `waiting`, cleared when it left. */
  waiting_since: string | null;
}

export interface StaffTable {
  id: string;
  email: string;
  name: string;
  role: "owner" | "agent";
  password_hash: string;
  created_at: string;
}

export interface StaffSessionTable {
  /** SHA-256 of the session id, hex. */
  id_hash: string;
  staff_id: string;
  created_at: string;
  last_seen_at: string;
}

/** One row per status change: what later analytics read. */
export interface ConversationTimelineTable {
  seq: Generated<number>;
  conversation_id: string;
  at: string;
  actor: "shopper" | "agent" | "staff" | "system";
  staff_id: string | null;
  from_status: ConversationTable["status"] | null;
  to_status: ConversationTable["status"];
  reason: string | null;
}

export interface MessageTable {
  /** Insertion order inside the database; public ids are UUIDs. */
  seq: Generated<number>;
  id: string;
  conversation_id: string;
  role: "user" | "assistant" | "staff";
  content: string;
  status: "complete" | "stopped" | "fallback";
  /** JSON array of {id, title, url}. */
  sources: string;
  /** 1 when the reply used an order tool: it is never cached and never leaves the visitor. */
  used_tool: number;
  /** JSON array of {toolName, orderNumber, found}: what staff see of the agent's order lookups. */
  tool_calls: string;
  author_staff_id: string | null;
  /** The staff member's name when the message was written. */
  author_name: string | null;
  feedback_rating: "up" | "down" | null;
  feedback_reason: string | null;
  created_at: string;
  /** JSON array of review flags, e.g. ["unsupported_promise"]; staff only. */
  flags: string;
}

export interface OrderTable {
  order_number: string;
  /** Lower-cased; a lookup must match both number and email. */
  email: string;
  placed_at: string;
  status: "processing" | "shipped" | "delivered" | "refunded" | "cancelled";
  carrier: string | null;
  tracking_number: string | null;
  shipped_at: string | null;
  expected_delivery: string | null;
  delivered_at: string | null;
  refund_amount_cents: number | null;
  refunded_at: string | null;
  note: string | null;
}

export interface OrderItemTable {
  id: Generated<number>;
  order_number: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
  final_sale: number;
}

/** The single row (id 1) holding the store's profile. */
export interface StoreProfileTable {
  id: number;
  /** JSON of the contracts' StoreSettings, validated on every write and read. */
  profile: string;
  revision: Generated<number>;
  updated_at: string | null;
  updated_by_staff_id: string | null;
  updated_by_name: string | null;
}

export interface KnowledgeArticleTable {
  id: string;
  slug: string;
  title: string;
  category: string;
  summary: string;
  body: string;
  /** JSON array of strings. */
  questions: string;
  status: "draft" | "published";
  revision: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface KnowledgeRevisionTable {
  seq: Generated<number>;
  article_id: string;
  revision: number;
  action: "seeded" | "created" | "saved" | "published" | "unpublished" | "reverted" | "deleted";
  slug: string;
  title: string;
  category: string;
  summary: string;
  body: string;
  questions: string;
  status: "draft" | "published";
  staff_id: string | null;
  staff_name: string | null;
  at: string;
}

export interface KnowledgeSynonymTable {
  term: string;
  means: string;
  /** word: the word and its forms, after stemming; phrase: these exact words, before reading. */
  kind: "word" | "phrase";
  position: number;
}

/** One row per agent reply (migration 0007): what the insights read. JSON columns hold arrays. */
export interface ReplyMetricsTable {
  message_id: string;
  created_at: string;
  model: string;
  latency_ms: number;
  first_token_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  cache_hit: number;
  retrieval_top_score: number | null;
  retrieval_confident: number;
  retrieved_article_ids: string;
  cited_article_ids: string;
  tools_called: string;
  handoff_reason: string | null;
}

export interface Database {
  visitors: VisitorTable;
  conversations: ConversationTable;
  messages: MessageTable;
  orders: OrderTable;
  order_items: OrderItemTable;
  staff: StaffTable;
  staff_sessions: StaffSessionTable;
  conversation_timeline: ConversationTimelineTable;
  store_profile: StoreProfileTable;
  knowledge_articles: KnowledgeArticleTable;
  knowledge_revisions: KnowledgeRevisionTable;
  knowledge_synonyms: KnowledgeSynonymTable;
  reply_metrics: ReplyMetricsTable;
}
