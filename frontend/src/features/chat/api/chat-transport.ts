// The streaming transport. Imported only by the lazily loaded chat engine, so `ai` stays out of
// the first page load.
import { DefaultChatTransport, type UIMessage } from "ai";

import { authInit } from "@/lib/api/api-client";
import { API_BASE_URL } from "@/lib/api/api-config";
import { errorFromResponse, networkError } from "@/lib/api/api-error";
import { shopperIdentity } from "@/lib/api/shopper-identity";
import { authHeaders, clearVisitorToken, readVisitorToken, saveVisitorToken } from "@/lib/api/visitor-token";

import { replyStreamUrl } from "./chat-api";

export interface StreamRequestBody {
  conversationId?: string;
}

function lastUserText(messages: UIMessage[]): string {
  const last = [...messages].reverse().find((message) => message.role === "user");
  if (!last) return "";
  return last.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/**
 * Wraps fetch so a refused request becomes an ApiError (status, code, Retry-After) instead of the
 * SDK's bare Error, and so an unknown token (a wiped database) is dropped and the message is sent
 * again as a brand-new visitor in a new conversation.
 */
export const streamFetch: typeof fetch = async (input, init) => {
  const hadToken = readVisitorToken() !== null;
  const send = (requestInit: RequestInit | undefined) =>
    fetch(input, requestInit).catch((error: unknown) => {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw networkError();
    });

  let response = await send(init);
  // Only a new message is sent again; reading a reply in progress needs the token it had.
  if (response.status === 401 && hadToken && init?.method === "POST") {
    clearVisitorToken();
    const headers = new Headers(init?.headers);
    headers.delete("Authorization");
    const body = JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>;
    delete body.conversationId;
    response = await send({ ...init, headers, body: JSON.stringify(body) });
  }
  saveVisitorToken(response.headers.get("X-Visitor-Token"));
  if (!response.ok) throw await errorFromResponse(response);
  return response;
};

export function createChatTransport(): DefaultChatTransport<UIMessage> {
  return new DefaultChatTransport<UIMessage>({
    api: `${API_BASE_URL}/api/chat/stream`,
    // A function, so a token saved after the first reply is picked up by the next request.
    headers: () => authHeaders(),
    fetch: streamFetch,
    // The server keeps the history, so the body is only the new message and where it belongs.
    // A signed-in shopper vouched for by the store's page (the widget) comes along with each message.
    prepareSendMessagesRequest: ({ messages, body }) => {
      const conversationId = (body as StreamRequestBody | undefined)?.conversationId;
      const identity = shopperIdentity();
      return {
        body: {
          message: lastUserText(messages),
          ...(conversationId ? { conversationId } : {}),
          ...(identity ? { identity } : {}),
        },
      };
    },
    // Resuming reads the conversation's reply in progress, not the SDK's chat id.
    prepareReconnectToStreamRequest: ({ body }) => {
      const conversationId = (body as StreamRequestBody | undefined)?.conversationId ?? "";
      const { headers, credentials } = authInit("visitor");
      return { api: replyStreamUrl(conversationId), headers, credentials };
    },
  });
}
