import type {
  ConversationList,
  ConversationSummary,
  FeedbackRating,
  Health,
  Message,
  MessagesResponse,
} from "@harbor/contracts";
import { PAGE_LIMIT_DEFAULT } from "@harbor/contracts/limits";

import { apiRequest } from "./api-client";

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

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
