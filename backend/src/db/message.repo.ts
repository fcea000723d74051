import type { ConversationStatus, Feedback, Message, Source, StaffToolCall } from "@harbor/contracts";
import { sql } from "kysely";
import type { Db } from "./connection";
import { dialectOf, forUpdateOn } from "./dialect";
import type { MessageTable } from "./schema";

const PREVIEW_CHARS = 200;

export interface NewMessage {
  id: string;
  conversationId: string;
  role: Message["role"];
  content: string;
  status: Message["status"];
  sources: Source[];
  usedTool: boolean;
  createdAt: string;
  toolCalls?: StaffToolCall[];
  /** Set on staff messages. */
  author?: { staffId: string; name: string } | null;
  /** Review flags (promise-check.ts); staff only. */
  flags?: string[];
}

/** Whose write this is: the shopper's (scoped to their visitor id) or a staff member's (any conversation). */
export type MessageWriter = { visitorId: string } | { staffId: string };

export interface AppendOptions {
  /** Create the conversation in the same transaction (the shopper's first message). */
  startsConversation?: { title: string };
  /**
   * Store only while the conversation has this status (the agent's reply: `bot`), checked in the
   * same transaction as the write, so no agent message lands after a person took over.
   */
  onlyWhileStatus?: ConversationStatus[];
  /** Store only while this staff member holds the conversation (a staff message). */
  onlyWhileAssignee?: string;
}

/** A conversation's messages with the revision they were read at, for the Redis list. */
export interface MessageSnapshot {
  revision: number;
  /** All the conversation's messages, as many as `messages` holds when it is the whole conversation. */
  messageCount: number;
  messages: StoredMessage[];
}

/** After a write: the conversation's message count and cache revision. */
export interface ConversationVersion {
  messageCount: number;
  revision: number;
  /** The conversation's status after the write (a shopper message reopens a resolved one as bot). */
  status: ConversationStatus;
  /** True when this write reopened a resolved conversation. */
  reopened: boolean;
}

/** A message as stored, with what the model history needs beyond the public shape. */
export interface StoredMessage extends Message {
  usedTool: boolean;
  toolCalls: StaffToolCall[];
  /** Review marks, e.g. "unsupported_promise"; staff only. */
  flags: string[];
}

type MessageRow = Omit<MessageTable, "seq"> & { seq: number };

const columns = [
  "id",
  "role",
  "content",
  "status",
  "sources",
  "used_tool",
  "tool_calls",
  "author_name",
  "feedback_rating",
  "feedback_reason",
  "created_at",
  "flags",
] as const;

export const toStoredMessage = (
  row: Omit<MessageRow, "seq" | "conversation_id" | "author_staff_id">,
): StoredMessage => ({
  id: row.id,
  role: row.role,
  content: row.content,
  createdAt: row.created_at,
  status: row.status,
  sources: JSON.parse(row.sources) as Source[],
  feedback: row.feedback_rating ? { rating: row.feedback_rating, reason: row.feedback_reason } : null,
  author: row.role === "staff" && row.author_name ? { name: row.author_name } : null,
  usedTool: row.used_tool === 1,
  toolCalls: JSON.parse(row.tool_calls) as StaffToolCall[],
  flags: JSON.parse(row.flags) as string[],
});

export function createMessageRepo(db: Db) {
  const dialect = dialectOf(db);
  return {
    /**
     * Stores a message and updates its conversation's counters and preview in one transaction,
     * scoped to the visitor; with `startsConversation`, the conversation is created in the same
     * transaction, so there is never one without its first message. Returns the conversation's new
     * count and revision, or undefined when the conversation is gone (deleted meanwhile) or not
     * the visitor's.
     */
    async appendMessage(
      message: NewMessage,
      writer: MessageWriter,
      options: AppendOptions = {},
    ): Promise<ConversationVersion | undefined> {
      return db.transaction().execute(async (trx) => {
        if (options.startsConversation && "visitorId" in writer) {
          await trx
            .insertInto("conversations")
            .values({
              id: message.conversationId,
              visitor_id: writer.visitorId,
              title: options.startsConversation.title,
              created_at: message.createdAt,
              updated_at: message.createdAt,
              message_count: 0,
              cache_revision: 0,
              last_message_role: null,
              last_message_content: null,
              last_message_at: null,
              status: "bot",
              assignee_id: null,
              handoff_reason: null,
              waiting_since: null,
            })
            .execute();
        }
        let query = trx
          .updateTable("conversations")
          .set((eb) => ({
            message_count: eb("message_count", "+", 1),
            cache_revision: eb("cache_revision", "+", 1),
            updated_at: message.createdAt,
            last_message_role: message.role,
            last_message_content: message.content.slice(0, PREVIEW_CHARS),
            last_message_at: message.createdAt,
            // A shopper writing into a resolved conversation reopens it for the agent.
            ...(message.role === "user"
              ? { status: sql<ConversationStatus>`case when ${eb.ref("status")} = 'resolved' then 'bot' else ${eb.ref("status")} end` }
              : {}),
          }))
          .where("id", "=", message.conversationId);
        if ("visitorId" in writer) query = query.where("visitor_id", "=", writer.visitorId);
        if (options.onlyWhileStatus) query = query.where("status", "in", options.onlyWhileStatus);
        if (options.onlyWhileAssignee) query = query.where("assignee_id", "=", options.onlyWhileAssignee);
        // Only a shopper's message can reopen, so only it reads the status first. Locked until the
        // write commits (PostgreSQL): a concurrent message into the same resolved conversation
        // waits here, then reads `bot`, so only one of them records the reopening.
        const before =
          message.role === "user"
            ? await forUpdateOn(
                dialect,
                trx.selectFrom("conversations").select("status").where("id", "=", message.conversationId),
              ).executeTakeFirst()
            : undefined;
        const updated = await query.returning(["message_count", "cache_revision", "status"]).executeTakeFirst();
        if (!updated) return undefined;
        const reopened = before?.status === "resolved" && updated.status === "bot";
        if (reopened) {
          await trx
            .insertInto("conversation_timeline")
            .values({
              conversation_id: message.conversationId,
              at: message.createdAt,
              actor: "shopper",
              staff_id: null,
              from_status: "resolved",
              to_status: "bot",
              reason: "shopper wrote again",
            })
            .execute();
        }
        await trx
          .insertInto("messages")
          .values({
            id: message.id,
            conversation_id: message.conversationId,
            role: message.role,
            content: message.content,
            status: message.status,
            sources: JSON.stringify(message.sources),
            used_tool: message.usedTool ? 1 : 0,
            tool_calls: JSON.stringify(message.toolCalls ?? []),
            author_staff_id: message.author?.staffId ?? null,
            author_name: message.author?.name ?? null,
            feedback_rating: null,
            feedback_reason: null,
            created_at: message.createdAt,
            flags: JSON.stringify(message.flags ?? []),
          })
          .execute();
        return {
          messageCount: updated.message_count,
          revision: updated.cache_revision,
          status: updated.status,
          reopened,
        };
      });
    },

    /** Oldest first; `limit + 1` rows are read so the caller knows whether older ones exist. */
    async listMessagesForConversation(
      conversationId: string,
      visitorId: string,
      limit: number,
      beforeMessageId?: string,
    ): Promise<{ messages: StoredMessage[]; hasMore: boolean } | undefined> {
      let query = db
        .selectFrom("messages")
        .innerJoin("conversations", "conversations.id", "messages.conversation_id")
        .select(columns.map((c) => `messages.${c}` as const))
        .where("messages.conversation_id", "=", conversationId)
        .where("conversations.visitor_id", "=", visitorId);
      if (beforeMessageId) {
        const before = await db
          .selectFrom("messages")
          .select("seq")
          .where("id", "=", beforeMessageId)
          .where("conversation_id", "=", conversationId)
          .executeTakeFirst();
        if (!before) return undefined;
        query = query.where("messages.seq", "<", before.seq);
      }
      const rows = await query.orderBy("messages.seq", "desc").limit(limit + 1).execute();
      const hasMore = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toStoredMessage), hasMore };
    },

    /** One message of the visitor's conversation, or undefined. */
    async findMessageForVisitor(conversationId: string, visitorId: string, messageId: string): Promise<StoredMessage | undefined> {
      const row = await db
        .selectFrom("messages")
        .innerJoin("conversations", "conversations.id", "messages.conversation_id")
        .select(columns.map((c) => `messages.${c}` as const))
        .where("messages.id", "=", messageId)
        .where("messages.conversation_id", "=", conversationId)
        .where("conversations.visitor_id", "=", visitorId)
        .executeTakeFirst();
      return row ? toStoredMessage(row) : undefined;
    },

    /** Staff scope: the whole transcript, oldest first (at most `limit`, the newest ones). */
    async listMessagesForStaff(conversationId: string, _staffId: string, limit: number): Promise<StoredMessage[]> {
      const rows = await db
        .selectFrom("messages")
        .select([...columns])
        .where("conversation_id", "=", conversationId)
        .orderBy("seq", "desc")
        .limit(limit)
        .execute();
      return rows.reverse().map(toStoredMessage);
    },

    /**
     * The whole conversation, oldest first, or only its `newest` messages, with its revision and
     * message count, read together: what fills the message caches.
     */
    async snapshotMessages(conversationId: string, visitorId: string, newest?: number): Promise<MessageSnapshot | undefined> {
      // One snapshot for both reads: under PostgreSQL's default (read committed) a message written
      // between them would land in a list labelled with the revision before it. SQLite reads
      // inside one transaction see one snapshot already.
      const transaction = dialect === "postgres" ? db.transaction().setIsolationLevel("repeatable read") : db.transaction();
      return transaction.execute(async (trx) => {
        const conversation = await trx
          .selectFrom("conversations")
          .select(["cache_revision", "message_count"])
          .where("id", "=", conversationId)
          .where("visitor_id", "=", visitorId)
          .executeTakeFirst();
        if (!conversation) return undefined;
        const query = trx.selectFrom("messages").select([...columns]).where("conversation_id", "=", conversationId);
        const rows =
          newest === undefined
            ? await query.orderBy("seq", "asc").execute()
            : (await query.orderBy("seq", "desc").limit(newest).execute()).reverse();
        return { revision: conversation.cache_revision, messageCount: conversation.message_count, messages: rows.map(toStoredMessage) };
      });
    },

    async setFeedbackForVisitor(
      conversationId: string,
      messageId: string,
      visitorId: string,
      feedback: Feedback | null,
    ): Promise<StoredMessage | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("messages")
          .set({ feedback_rating: feedback?.rating ?? null, feedback_reason: feedback?.reason ?? null })
          .where("id", "=", messageId)
          .where("conversation_id", "=", conversationId)
          .where("role", "=", "assistant")
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("conversations")
                .select("conversations.id")
                .where("conversations.id", "=", conversationId)
                .where("conversations.visitor_id", "=", visitorId),
            ),
          )
          .returning([...columns])
          .executeTakeFirst();
        if (!row) return undefined;
        await trx
          .updateTable("conversations")
          .set((eb) => ({ cache_revision: eb("cache_revision", "+", 1) }))
          .where("id", "=", conversationId)
          .execute();
        return toStoredMessage(row);
      });
    },
  };
}

export type MessageRepo = ReturnType<typeof createMessageRepo>;
