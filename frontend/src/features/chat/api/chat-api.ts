import type {
  ConversationList,
  ConversationSummary,
  FeedbackRating,
  HandoffResponse,
  Health,
  Message,
  MessagesResponse,
  StopReplyResponse,
} from "@harbor/contracts";
import { PAGE_LIMIT_DEFAULT } from "@harbor/contracts/limits";

import { apiRequest } from "@/lib/api/api-client";
import { API_BASE_URL, query } from "@/lib/api/api-config";

export function listConversations(options: { cursor?: string; limit?: number; signal?: AbortSignal } = {}) {
  return apiRequest<ConversationList>(
    `/api/conversations${query({ limit: options.limit ?? 30, cursor: options.cursor })}`,
    { signal: options.signal },
  );
}

export function getMessages(
  conversationId: string,
  options: { before?: string; limit?: number; signal?: AbortSignal } = {},
) {
  return apiRequest<MessagesResponse>(
    `/api/chat/${encodeURIComponent(conversationId)}/messages${query({
      limit: options.limit ?? PAGE_LIMIT_DEFAULT,
      before: options.before,
    })}`,
    { signal: options.signal },
  );
}

export function renameConversation(conversationId: string, title: string) {
  return apiRequest<ConversationSummary>(`/api/chat/${encodeURIComponent(conversationId)}`, {
    method: "PATCH",
    body: { title },
  });
}

export function deleteConversation(conversationId: string) {
  return apiRequest<void>(`/api/chat/${encodeURIComponent(conversationId)}`, { method: "DELETE" });
}

function feedbackPath(conversationId: string, messageId: string) {
  return `/api/chat/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/feedback`;
}

export function saveFeedback(conversationId: string, messageId: string, rating: FeedbackRating, reason?: string) {
  return apiRequest<Message>(feedbackPath(conversationId, messageId), {
    method: "PUT",
    body: reason ? { rating, reason } : { rating },
  });
}

export function clearFeedback(conversationId: string, messageId: string) {
  return apiRequest<Message>(feedbackPath(conversationId, messageId), { method: "DELETE" });
}

export function getHealth(signal?: AbortSignal) {
  return apiRequest<Health>("/api/health", { signal });
}

/** Asks for a person: the conversation waits for the store's team (the agent stays silent). */
export function requestHandoff(conversationId: string, reason?: string) {
  return apiRequest<HandoffResponse>(`/api/chat/${encodeURIComponent(conversationId)}/handoff`, {
    method: "POST",
    body: reason ? { reason } : {},
  });
}

/** The conversation's live events (Server-Sent Events), read with readLiveEvents. */
export function conversationEventsUrl(conversationId: string): string {
  return `${API_BASE_URL}/api/chat/${encodeURIComponent(conversationId)}/events`;
}

/** Stops the reply in progress, whichever API instance writes it; it is stored as `stopped`. */
export function stopReply(conversationId: string) {
  return apiRequest<StopReplyResponse>(`/api/chat/${encodeURIComponent(conversationId)}/stop`, { method: "POST", body: {} });
}

/** Where the reply in progress is replayed and followed (204 when there is none). */
export function replyStreamUrl(conversationId: string): string {
  return `${API_BASE_URL}/api/chat/${encodeURIComponent(conversationId)}/stream`;
}
