// The visitor's conversations: list, read, rename, delete, and feedback on replies. Every call
// takes the visitor; another visitor's conversation is "not found", exactly like a missing one.
import type {
  ConversationList,
  ConversationSummary,
  FeedbackRequest,
  Message,
  MessagesResponse,
} from "@harbor/contracts";
import { toConversationSummary, type ConversationCursor, type ConversationRepo } from "../db/conversation.repo";
import type { MessageRepo, StoredMessage } from "../db/message.repo";
import { badRequest, notFound } from "../errors";
import type { MessageCache } from "../redis/message-cache";
import type { ReplyCache } from "../redis/reply-cache";
import { decodePageCursor, encodePageCursor, type PageCursor } from "./page-cursor";

const toConversationCursor = ({ key, id }: PageCursor): ConversationCursor => ({ updatedAt: key, id });

export const toPublicMessage = ({ usedTool: _usedTool, toolCalls: _toolCalls, flags: _flags, ...message }: StoredMessage): Message =>
  message;

export interface ConversationDeps {
  conversations: ConversationRepo;
  messages: MessageRepo;
  messageCache: MessageCache;
  replyCache: ReplyCache;
}

export function createConversationService(deps: ConversationDeps) {
  async function requireConversation(conversationId: string, visitorId: string) {
    const conversation = await deps.conversations.findConversationForVisitor(conversationId, visitorId);
    if (!conversation) throw notFound("conversation");
    return conversation;
  }

  return {
    async listConversations(visitorId: string, limit: number, cursor?: string): Promise<ConversationList> {
      const rows = await deps.conversations.listConversationsForVisitor(
        visitorId,
        limit + 1,
        cursor ? toConversationCursor(decodePageCursor(cursor)) : undefined,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        conversations: page.map(toConversationSummary),
        nextCursor: rows.length > limit && last ? encodePageCursor({ key: last.updated_at, id: last.id }) : null,
      };
    },

    /** The latest page comes from the message cache (memory, Redis) when it is exact; older pages and misses from the database. */
    async listMessages(
      conversationId: string,
      visitorId: string,
      limit: number,
      before?: string,
    ): Promise<MessagesResponse> {
      const conversation = await requireConversation(conversationId, visitorId);
      const state = {
        status: conversation.status,
        assignee: conversation.status === "human" && conversation.assigneeName ? { name: conversation.assigneeName } : null,
      };
      if (!before) {
        const cached = await deps.messageCache.latest(
          conversationId,
          { revision: conversation.cacheRevision, messageCount: conversation.messageCount },
          limit,
        );
        if (cached) {
          return {
            conversationId,
            ...state,
            messages: cached.map(toPublicMessage),
            hasMore: conversation.messageCount > cached.length,
          };
        }
      }
      const page = await deps.messages.listMessagesForConversation(conversationId, visitorId, limit, before);
      if (!page) throw badRequest("before", "before must be the id of a message in this conversation");
      if (!before) {
        await deps.messageCache.fill(conversationId, (newest) => deps.messages.snapshotMessages(conversationId, visitorId, newest));
      }
      return { conversationId, ...state, messages: page.messages.map(toPublicMessage), hasMore: page.hasMore };
    },

    async renameConversation(conversationId: string, visitorId: string, title: string): Promise<ConversationSummary> {
      const row = await deps.conversations.renameConversationForVisitor(conversationId, visitorId, title);
      if (!row) throw notFound("conversation");
      return toConversationSummary(row);
    },

    /** The database first (the truth), then the caches: the message list and the replies it cached. */
    async deleteConversation(conversationId: string, visitorId: string): Promise<void> {
      const deleted = await deps.conversations.deleteConversationForVisitor(conversationId, visitorId);
      if (!deleted) throw notFound("conversation");
      await deps.messageCache.drop(conversationId);
      await deps.replyCache.forgetConversation(conversationId);
    },

    async setFeedback(
      conversationId: string,
      messageId: string,
      visitorId: string,
      feedback: FeedbackRequest | null,
    ): Promise<Message> {
      const message = await deps.messages.setFeedbackForVisitor(
        conversationId,
        messageId,
        visitorId,
        feedback ? { rating: feedback.rating, reason: feedback.reason || null } : null,
      );
      if (!message) throw notFound("message");
      await deps.messageCache.drop(conversationId);
      return toPublicMessage(message);
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
