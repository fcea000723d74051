import type { ConversationStatus, ConversationSummary, StaffInboxFilter } from "@harbor/contracts";
import type { Db } from "./connection";
import { dialectOf, forUpdateOn } from "./dialect";
import type { ConversationTable, ConversationTimelineTable } from "./schema";

export interface Conversation {
  id: string;
  visitorId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  cacheRevision: number;
  status: ConversationStatus;
  assigneeId: string | null;
  /** The name of the staff member holding it, for the shopper's view. */
  assigneeName: string | null;
}

/** A conversation row with its assignee's name, as the staff inbox reads it. */
export type StaffConversationRow = ConversationTable & { assignee_name: string | null };

/** A status change: which statuses it may start from, and what it sets. */
export interface StatusChange {
  from: ConversationStatus[];
  to: ConversationStatus;
  assigneeId: string | null;
  /** Only when the conversation is unassigned or already this staff member's (a take-over without force). */
  unlessHeldByOtherThan?: string;
  handoffReason?: string | null;
  at: string;
  actor: ConversationTimelineTable["actor"];
  staffId: string | null;
  reason: string | null;
}

export interface ConversationCursor {
  updatedAt: string;
  id: string;
}

const toConversation = (row: ConversationTable & { assignee_name: string | null }): Conversation => ({
  id: row.id,
  visitorId: row.visitor_id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  messageCount: row.message_count,
  cacheRevision: row.cache_revision,
  status: row.status,
  assigneeId: row.assignee_id,
  assigneeName: row.assignee_name,
});

/** The preview kept on the conversation row, for the shopper's list and the staff inbox. */
export const toLastMessage = (row: ConversationTable): ConversationSummary["lastMessage"] =>
  row.last_message_role && row.last_message_at
    ? { role: row.last_message_role, content: row.last_message_content ?? "", createdAt: row.last_message_at }
    : null;

export const toConversationSummary = (row: ConversationTable): ConversationSummary => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  status: row.status,
  lastMessage: toLastMessage(row),
});

// Every query here takes the visitor: a conversation is never read or changed by id alone.
export function createConversationRepo(db: Db) {
  return {
    async findConversationForVisitor(conversationId: string, visitorId: string): Promise<Conversation | undefined> {
      const row = await db
        .selectFrom("conversations")
        .leftJoin("staff", "staff.id", "conversations.assignee_id")
        .selectAll("conversations")
        .select("staff.name as assignee_name")
        .where("conversations.id", "=", conversationId)
        .where("conversations.visitor_id", "=", visitorId)
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

/** Staff scope: any conversation, never by visitor. Every status change writes its timeline row. */
export function createStaffConversationRepo(db: Db) {
  const dialect = dialectOf(db);
  const withAssignee = () =>
    db
      .selectFrom("conversations")
      .leftJoin("staff", "staff.id", "conversations.assignee_id")
      .selectAll("conversations")
      .select("staff.name as assignee_name");

  return {
    async findConversationForStaff(conversationId: string, _staffId: string): Promise<StaffConversationRow | undefined> {
      return withAssignee().where("conversations.id", "=", conversationId).executeTakeFirst();
    },

    /**
     * The inbox. Waiting ones longest-waiting first (keyset on waiting_since, id); the others newest
     * first (keyset on updated_at, id).
     */
    async listConversationsForStaff(
      filter: StaffInboxFilter,
      mineOf: string | undefined,
      limit: number,
      after?: { key: string; id: string },
    ): Promise<StaffConversationRow[]> {
      let query = withAssignee();
      if (filter !== "all") query = query.where("conversations.status", "=", filter);
      if (mineOf) query = query.where("conversations.assignee_id", "=", mineOf);
      if (filter === "waiting") {
        if (after) {
          query = query.where((eb) =>
            eb.or([
              eb("conversations.waiting_since", ">", after.key),
              eb.and([eb("conversations.waiting_since", "=", after.key), eb("conversations.id", ">", after.id)]),
            ]),
          );
        }
        return query.orderBy("conversations.waiting_since", "asc").orderBy("conversations.id", "asc").limit(limit).execute();
      }
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb("conversations.updated_at", "<", after.key),
            eb.and([eb("conversations.updated_at", "=", after.key), eb("conversations.id", "<", after.id)]),
          ]),
        );
      }
      return query.orderBy("conversations.updated_at", "desc").orderBy("conversations.id", "desc").limit(limit).execute();
    },

    /**
     * Changes the status when the conversation is in one of `change.from` (and, with
     * `unlessHeldByOtherThan`, not held by someone else), in one transaction with its timeline row.
     * Returns the previous status and the row after the change, or the row unchanged (`changed: false`).
     */
    async changeStatus(
      conversationId: string,
      change: StatusChange,
      visitorId?: string,
    ): Promise<{ changed: boolean; announced: boolean; previous: ConversationStatus; row: ConversationTable } | undefined> {
      return db.transaction().execute(async (trx) => {
        let current = trx.selectFrom("conversations").selectAll().where("id", "=", conversationId);
        if (visitorId) current = current.where("visitor_id", "=", visitorId);
        // Locked until the change commits (PostgreSQL), so the status it starts from, the
        // waiting_since it keeps and the timeline's from_status are those the update changes, not
        // those of a row another instance changed in between.
        const before = await forUpdateOn(dialect, current).executeTakeFirst();
        if (!before) return undefined;
        let update = trx
          .updateTable("conversations")
          .set({
            status: change.to,
            assignee_id: change.assigneeId,
            waiting_since: change.to === "waiting" ? (before.status === "waiting" ? before.waiting_since : change.at) : null,
            ...(change.handoffReason !== undefined ? { handoff_reason: change.handoffReason } : {}),
          })
          .where("id", "=", conversationId)
          .where("status", "in", change.from);
        if (change.unlessHeldByOtherThan) {
          const me = change.unlessHeldByOtherThan;
          update = update.where((eb) => eb.or([eb("assignee_id", "is", null), eb("assignee_id", "=", me)]));
        }
        const row = await update.returningAll().executeTakeFirst();
        if (!row) return { changed: false, announced: false, previous: before.status, row: before };
        // Worth a timeline row and an event: the status or the holder changed.
        const announced = before.status !== row.status || before.assignee_id !== row.assignee_id;
        if (announced) {
          await trx
            .insertInto("conversation_timeline")
            .values({
              conversation_id: conversationId,
              at: change.at,
              actor: change.actor,
              staff_id: change.staffId,
              from_status: before.status,
              to_status: row.status,
              reason: change.reason,
            })
            .execute();
        }
        return { changed: true, announced, previous: before.status, row };
      });
    },

    async timelineForStaff(conversationId: string, _staffId: string) {
      return db
        .selectFrom("conversation_timeline")
        .leftJoin("staff", "staff.id", "conversation_timeline.staff_id")
        .selectAll("conversation_timeline")
        .select("staff.name as staff_name")
        .where("conversation_id", "=", conversationId)
        .orderBy("seq", "asc")
        .execute();
    },
  };
}

export type StaffConversationRepo = ReturnType<typeof createStaffConversationRepo>;

export type ConversationRepo = ReturnType<typeof createConversationRepo>;
