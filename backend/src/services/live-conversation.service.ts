// Who holds a conversation: the handoff from the agent to a person, taking over, handing back and
// resolving, staff messages and typing. Every change is one guarded write (with its timeline row)
// followed by an event, so every instance and every open screen hears of it.
import { randomUUID } from "node:crypto";
import type {
  ConversationStatus,
  StaffConversationDetail,
  StaffConversationList,
  StaffConversationSummary,
  StaffInboxFilter,
  StaffMessage,
} from "@harbor/contracts";
import {
  toLastMessage,
  type ConversationRepo,
  type StaffConversationRepo,
  type StaffConversationRow,
  type StatusChange,
} from "../db/conversation.repo";
import type { ConversationTable } from "../db/schema";
import type { MessageRepo, StoredMessage } from "../db/message.repo";
import type { StaffMember } from "../db/staff.repo";
import { AppError, notFound } from "../errors";
import type { EventBus } from "../events/live-events";
import type { MessageCache } from "../redis/message-cache";
import { decodePageCursor, encodePageCursor } from "./page-cursor";

/** The staff transcript is the newest messages of the conversation, up to this many. */
const TRANSCRIPT_MAX = 500;

export type HandoffActor = { kind: "shopper"; visitorId: string } | { kind: "agent"; visitorId: string };

export const toStaffMessage = ({ usedTool: _usedTool, ...message }: StoredMessage): StaffMessage => message;

const conflictAssigned = (name: string | null) =>
  new AppError("conflict:assigned", 409, `${name ?? "Another staff member"} has this conversation.`);
const conflictStatus = (status: ConversationStatus) =>
  new AppError("conflict:status", 409, `The conversation is ${status}; that does not apply to it now.`);

const toStaffSummary = (row: StaffConversationRow): StaffConversationSummary => ({
  id: row.id,
  title: row.title,
  status: row.status,
  assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? "Former staff member" } : null,
  handoffReason: row.handoff_reason,
  waitingSince: row.waiting_since,
  lastMessage: toLastMessage(row),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface LiveConversationDeps {
  conversations: ConversationRepo;
  staffConversations: StaffConversationRepo;
  messages: MessageRepo;
  messageCache: MessageCache;
  events: EventBus;
  clock: () => Date;
}

export function createLiveConversationService(deps: LiveConversationDeps) {
  const { staffConversations, events, clock } = deps;

  async function announce(row: ConversationTable, assigneeName?: string | null) {
    let name = assigneeName;
    if (row.assignee_id && name === undefined) {
      name = (await staffConversations.findConversationForStaff(row.id, row.assignee_id))?.assignee_name ?? null;
    }
    events.publish({
      type: "conversation.updated",
      conversationId: row.id,
      visitorId: row.visitor_id,
      status: row.status,
      assignee: row.assignee_id ? { id: row.assignee_id, name: name ?? "Staff" } : null,
      handoffReason: row.handoff_reason,
    });
  }

  async function change(conversationId: string, staff: StaffMember, c: Omit<StatusChange, "at" | "actor" | "staffId">) {
    const result = await staffConversations.changeStatus(conversationId, {
      ...c,
      at: clock().toISOString(),
      actor: "staff",
      staffId: staff.id,
    });
    if (!result) throw notFound("conversation");
    return result;
  }

  /** Why a change did not apply: someone else holds the conversation, or its status does not allow it. */
  async function refusal(conversationId: string, staff: StaffMember): Promise<AppError> {
    const held = await staffConversations.findConversationForStaff(conversationId, staff.id);
    if (!held) return notFound("conversation");
    if (held.assignee_id && held.assignee_id !== staff.id) return conflictAssigned(held.assignee_name);
    return conflictStatus(held.status);
  }

  async function summary(conversationId: string, staff: StaffMember): Promise<StaffConversationSummary> {
    const row = await staffConversations.findConversationForStaff(conversationId, staff.id);
    if (!row) throw notFound("conversation");
    return toStaffSummary(row);
  }

  return {
    /**
     * The shopper (the button, or words the agent recognised) asks for a person: bot or resolved
     * becomes waiting; waiting and human stay as they are. Idempotent.
     */
    async handoff(conversationId: string, actor: HandoffActor, reason: string | null, note?: string): Promise<ConversationStatus> {
      const result = await staffConversations.changeStatus(
        conversationId,
        {
          from: ["bot", "resolved"],
          to: "waiting",
          assigneeId: null,
          handoffReason: reason || (actor.kind === "shopper" ? "customer_request" : null),
          at: clock().toISOString(),
          actor: actor.kind,
          staffId: null,
          reason: note || reason || null,
        },
        actor.visitorId,
      );
      if (!result) throw notFound("conversation");
      if (result.announced) await announce(result.row, null);
      return result.row.status;
    },

    async list(staff: StaffMember, query: { status: StaffInboxFilter; mine?: boolean; limit: number; cursor?: string }): Promise<StaffConversationList> {
      const rows = await staffConversations.listConversationsForStaff(
        query.status,
        query.mine ? staff.id : undefined,
        query.limit + 1,
        query.cursor ? decodePageCursor(query.cursor) : undefined,
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const key = last && (query.status === "waiting" ? (last.waiting_since ?? "") : last.updated_at);
      return {
        conversations: page.map(toStaffSummary),
        nextCursor: rows.length > query.limit && last && key !== undefined ? encodePageCursor({ key, id: last.id }) : null,
      };
    },

    async detail(conversationId: string, staff: StaffMember): Promise<StaffConversationDetail> {
      const conversation = await summary(conversationId, staff);
      const [messages, timeline] = await Promise.all([
        deps.messages.listMessagesForStaff(conversationId, staff.id, TRANSCRIPT_MAX),
        staffConversations.timelineForStaff(conversationId, staff.id),
      ]);
      return {
        conversation,
        messages: messages.map(toStaffMessage),
        timeline: timeline.map((t) => ({
          at: t.at,
          actor: t.actor,
          staff: t.staff_id ? { id: t.staff_id, name: t.staff_name ?? "Former staff member" } : null,
          from: t.from_status,
          to: t.to_status,
          reason: t.reason,
        })),
      };
    },

    /** Take over: status human, me as assignee. Someone else's conversation is a 409 unless an owner forces it. */
    async assign(conversationId: string, staff: StaffMember, force = false): Promise<StaffConversationSummary> {
      if (force && staff.role !== "owner") {
        throw new AppError("forbidden:force", 403, "Only an owner can take over a conversation someone else holds.");
      }
      const result = await change(conversationId, staff, {
        from: ["bot", "waiting", "human", "resolved"],
        to: "human",
        assigneeId: staff.id,
        ...(force ? {} : { unlessHeldByOtherThan: staff.id }),
        reason: force ? "taken over by an owner" : null,
      });
      if (!result.changed) {
        const held = await staffConversations.findConversationForStaff(conversationId, staff.id);
        throw conflictAssigned(held?.assignee_name ?? null);
      }
      if (result.announced) await announce(result.row, staff.name);
      return summary(conversationId, staff);
    },

    /** A staff message; a conversation in bot, waiting or resolved becomes human with me as assignee. */
    async sendStaffMessage(conversationId: string, staff: StaffMember, content: string): Promise<StaffMessage> {
      const held = await staffConversations.findConversationForStaff(conversationId, staff.id);
      if (!held) throw notFound("conversation");
      if (held.status !== "human" || held.assignee_id !== staff.id) {
        await this.assign(conversationId, staff);
      }
      const stored: StoredMessage = {
        id: randomUUID(),
        role: "staff",
        content,
        createdAt: clock().toISOString(),
        status: "complete",
        sources: [],
        feedback: null,
        author: { name: staff.name },
        usedTool: false,
        toolCalls: [],
        flags: [],
      };
      // Only while it is still mine: a take-over that lands in between wins.
      const version = await deps.messages.appendMessage(
        { ...stored, conversationId, author: { staffId: staff.id, name: staff.name } },
        { staffId: staff.id },
        { onlyWhileStatus: ["human"], onlyWhileAssignee: staff.id },
      );
      if (!version) throw await refusal(conversationId, staff);
      await deps.messageCache.append(conversationId, stored, version.revision);
      const message = toStaffMessage(stored);
      events.publish({ type: "message.created", conversationId, visitorId: held.visitor_id, message });
      return message;
    },

    /** Hand back to the assistant: it answers the shopper's next message. */
    async release(conversationId: string, staff: StaffMember): Promise<StaffConversationSummary> {
      const result = await change(conversationId, staff, {
        from: ["waiting", "human"],
        to: "bot",
        assigneeId: null,
        ...(staff.role === "owner" ? {} : { unlessHeldByOtherThan: staff.id }),
        reason: "handed back to the assistant",
      });
      if (!result.changed && result.previous !== "bot") throw await refusal(conversationId, staff);
      if (result.announced) await announce(result.row, null);
      return summary(conversationId, staff);
    },

    async resolve(conversationId: string, staff: StaffMember): Promise<StaffConversationSummary> {
      const result = await change(conversationId, staff, {
        from: ["bot", "waiting", "human"],
        to: "resolved",
        assigneeId: null,
        ...(staff.role === "owner" ? {} : { unlessHeldByOtherThan: staff.id }),
        reason: "resolved",
      });
      if (!result.changed && result.previous !== "resolved") throw await refusal(conversationId, staff);
      if (result.announced) await announce(result.row, null);
      return summary(conversationId, staff);
    },

    /** Only the person holding the conversation is shown typing to the shopper. */
    async typing(conversationId: string, staff: StaffMember): Promise<void> {
      const row = await staffConversations.findConversationForStaff(conversationId, staff.id);
      if (!row) throw notFound("conversation");
      if (row.status !== "human" || row.assignee_id !== staff.id) throw await refusal(conversationId, staff);
      events.publish({ type: "typing", conversationId, visitorId: row.visitor_id, name: staff.name });
    },

    /** What the shopper's view needs besides messages: the status and who holds it. */
    async shopperState(conversationId: string, visitorId: string) {
      const row = await deps.conversations.findConversationForVisitor(conversationId, visitorId);
      if (!row) throw notFound("conversation");
      const held = row.assigneeId ? await staffConversations.findConversationForStaff(conversationId, row.assigneeId) : undefined;
      return { status: row.status, assignee: held?.assignee_name ? { name: held.assignee_name } : null };
    },
  };
}

export type LiveConversationService = ReturnType<typeof createLiveConversationService>;
