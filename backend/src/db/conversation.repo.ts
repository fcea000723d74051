import type { ConversationSummary } from "@harbor/contracts";
import type { Db } from "./connection";
import type { ConversationTable } from "./schema";

export interface Conversation {
  id: string;
  visitorId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  cacheRevision: number;
}

export interface ConversationCursor {
  updatedAt: string;
  id: string;
}

const toConversation = (row: ConversationTable): Conversation => ({
  id: row.id,
  visitorId: row.visitor_id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  messageCount: row.message_count,
  cacheRevision: row.cache_revision,
});

export const toConversationSummary = (row: ConversationTable): ConversationSummary => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastMessage:
    row.last_message_role && row.last_message_at
      ? { role: row.last_message_role, content: row.last_message_content ?? "", createdAt: row.last_message_at }
      : null,
});

// Every query here takes the visitor: a conversation is never read or changed by id alone.
export function createConversationRepo(db: Db) {
  return {
    async findConversationForVisitor(conversationId: string, visitorId: string): Promise<Conversation | undefined> {
      const row = await db
        .selectFrom("conversations")
        .selectAll()
        .where("id", "=", conversationId)
        .where("visitor_id", "=", visitorId)
        .executeTakeFirst();
      return row && toConversation(row);
    },

    /** Newest first, keyset-paged on (updated_at, id) so a page costs the same at any depth. */
    async listConversationsForVisitor(
      visitorId: string,
      limit: number,
      after?: ConversationCursor,
    ): Promise<ConversationTable[]> {
      let query = db.selectFrom("conversations").selectAll().where("visitor_id", "=", visitorId);
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb("updated_at", "<", after.updatedAt),
            eb.and([eb("updated_at", "=", after.updatedAt), eb("id", "<", after.id)]),
          ]),
        );
      }
      return query.orderBy("updated_at", "desc").orderBy("id", "desc").limit(limit).execute();
    },

    async renameConversationForVisitor(
      conversationId: string,
      visitorId: string,
      title: string,
    ): Promise<ConversationTable | undefined> {
      return db
        .updateTable("conversations")
        .set({ title })
        .where("id", "=", conversationId)
        .where("visitor_id", "=", visitorId)
        .returningAll()
        .executeTakeFirst();
    },

    /** Messages go with it (ON DELETE CASCADE). */
    async deleteConversationForVisitor(conversationId: string, visitorId: string): Promise<boolean> {
      const result = await db
        .deleteFrom("conversations")
        .where("id", "=", conversationId)
        .where("visitor_id", "=", visitorId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type ConversationRepo = ReturnType<typeof createConversationRepo>;
