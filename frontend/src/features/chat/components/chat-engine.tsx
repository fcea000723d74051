"use client";

// The streaming half of the chat. It is loaded on intent (composer focus, a starter question, an
// opened conversation) so `ai` and @ai-sdk/react stay out of the first page load.
import { useChat } from "@ai-sdk/react";
import type { ConversationStatus, ConversationStreamData } from "@harbor/contracts";
import { useEffect, useRef, useState } from "react";

import { toApiError } from "@/lib/api/api-error";
import { createChatTransport } from "../api/chat-transport";
import { saveVisitorToken } from "@/lib/api/visitor-token";
import { FALLBACK_REPLY_TEXT, type ChatFailure, type ReplySnapshot } from "../state/chat-types";
import { readReply } from "./read-reply";

export interface ChatEngineHandle {
  send(request: { localId: string; message: string; conversationId: string | null }): void;
  stop(): void;
}

export interface ChatEngineProps {
  onReady(handle: ChatEngineHandle): void;
  onAcknowledged(localId: string, data: ConversationStreamData): void;
  /** The conversation's status when the reply ended (the agent may have handed it to a person). */
  onStatus(status: ConversationStatus): void;
  onProgress(snapshot: ReplySnapshot): void;
  onFinished(localId: string, snapshot: ReplySnapshot, status: "complete" | "stopped" | "fallback"): void;
  onFailed(localId: string, failure: ChatFailure): void;
  /** Stored, and no reply follows: a person has the conversation, so the agent stays silent. */
  onSettled(localId: string): void;
}

interface ActiveSend {
  localId: string;
  replyId: string | null;
  acknowledged: boolean;
}

export function toFailure(error: unknown): ChatFailure {
  const apiError = toApiError(error);
  if (apiError.isRateLimited) {
    // A daily budget lasts hours: the API's message says until when; a seconds countdown would not.
    if (apiError.code.startsWith("rate_limited:daily")) {
      return { message: apiError.message, retryAfterSeconds: null, network: false };
    }
    return {
      message: "You're sending messages faster than we can answer.",
      retryAfterSeconds: apiError.retryAfterSeconds,
      network: false,
    };
  }
  if (apiError.isNetwork) {
    return { message: "Can't reach the support service.", retryAfterSeconds: null, network: true };
  }
  return { message: apiError.message, retryAfterSeconds: null, network: false };
}

export function ChatEngine(props: ChatEngineProps) {
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });
  const active = useRef<ActiveSend | null>(null);
  const lastError = useRef<unknown>(null);
  const [transport] = useState(createChatTransport);

  const { messages, sendMessage, stop, setMessages } = useChat({
    transport,
    // Re-render at most every 50 ms while tokens arrive; plenty for reading, cheap for the CPU.
    experimental_throttle: 50,
    onData: (part) => {
      if (part.type === "data-status") {
        callbacks.current.onStatus((part.data as { status: ConversationStatus }).status);
        return;
      }
      if (part.type !== "data-conversation" || !active.current) return;
      const data = part.data as ConversationStreamData;
      saveVisitorToken(data.visitorToken);
      active.current.replyId = data.replyId;
      active.current.acknowledged = true;
      callbacks.current.onAcknowledged(active.current.localId, data);
    },
    onError: (error) => {
      lastError.current = error;
    },
    onFinish: ({ message, isAbort, isError }) => {
      const send = active.current;
      active.current = null;
      if (!send) return;
      const snapshot =
        send.replyId && message.role === "assistant"
          ? { ...readReply(message), replyId: send.replyId }
          : null;
      if (isError) {
        callbacks.current.onFailed(send.localId, toFailure(lastError.current));
      } else if (send.acknowledged && send.replyId === null) {
        callbacks.current.onSettled(send.localId);
      } else if (!snapshot) {
        // Stopped before the API acknowledged the message: it may not be stored, so offer Retry.
        callbacks.current.onFailed(send.localId, {
          message: isAbort ? "Stopped before the agent answered." : "The agent sent no reply.",
          retryAfterSeconds: null,
          network: false,
        });
      } else {
        const status = isAbort ? "stopped" : snapshot.content.trim() === FALLBACK_REPLY_TEXT ? "fallback" : "complete";
        callbacks.current.onFinished(send.localId, snapshot, status);
      }
    },
  });

  const streaming = messages.at(-1);
  useEffect(() => {
    const send = active.current;
    if (!send?.replyId || streaming?.role !== "assistant") return;
    callbacks.current.onProgress({ ...readReply(streaming), replyId: send.replyId });
  }, [streaming]);

  useEffect(() => {
    callbacks.current.onReady({
      send({ localId, message, conversationId }) {
        active.current = { localId, replyId: null, acknowledged: false };
        lastError.current = null;
        // The server keeps the history; the SDK only needs the message in flight.
        setMessages([]);
        void sendMessage({ text: message }, { body: conversationId ? { conversationId } : {} });
      },
      stop() {
        void stop();
      },
    });
  }, [sendMessage, setMessages, stop]);

  // Leaving the conversation mid-reply ends the request; the server keeps the partial reply.
  useEffect(() => () => void stop(), [stop]);

  return null;
}
