"use client";

// The streaming half of the chat. It is loaded on intent (composer focus, a starter question, an
// opened conversation) so `ai` and @ai-sdk/react stay out of the first page load.
import { useChat } from "@ai-sdk/react";
import type { ConversationStatus, ConversationStreamData, ReplyFinishMetadata } from "@harbor/contracts";
import { useEffect, useRef, useState } from "react";

import { toApiError } from "@/lib/api/api-error";
import { stopReply } from "../api/chat-api";
import { createChatTransport } from "../api/chat-transport";
import { saveVisitorToken } from "@/lib/api/visitor-token";
import { FALLBACK_REPLY_TEXT, type ChatFailure, type ReplySnapshot } from "../state/chat-types";
import { readReply } from "./read-reply";

export interface ChatEngineHandle {
  send(request: { localId: string; message: string; conversationId: string | null }): void;
  /**
   * Picks up the reply in progress in a conversation (after a reload, or on opening it elsewhere):
   * the API replays it from its start and follows it. `localId` names this resume in the callbacks.
   */
  resume(request: { localId: string; conversationId: string }): void;
  /** Asks the API to stop the reply (any instance writing it) and stops reading. */
  stop(conversationId: string | null): void;
}

export interface ChatEngineProps {
  onReady(handle: ChatEngineHandle): void;
  onAcknowledged(localId: string, data: ConversationStreamData): void;
  /** The conversation's status when the reply ended (the agent may have handed it to a person). */
  onStatus(status: ConversationStatus): void;
  onProgress(snapshot: ReplySnapshot): void;
  onFinished(localId: string, snapshot: ReplySnapshot, status: "complete" | "stopped" | "fallback"): void;
  onFailed(localId: string, failure: ChatFailure): void;
  /** A resume found the reply in progress: it streams from here on under its own id. */
  onResumed(localId: string, replyId: string): void;
  /** A resume found no reply in progress (or could not read it): the stored messages are all there is. */
  onNothingToResume(localId: string): void;
  /** Stored, and no reply follows: a person has the conversation, so the agent stays silent. */
  onSettled(localId: string): void;
}

interface ActiveSend {
  localId: string;
  /** A message sent, or a reply picked up where it is. */
  kind: "send" | "resume";
  replyId: string | null;
  acknowledged: boolean;
  conversationId: string | null;
  /** Stop was pressed before the API said which conversation: stop once it does. */
  stopRequested: boolean;
}

/** How the API says the reply ended (the finish part's metadata), when it says so. */
export function finishedStatus(
  metadata: unknown,
  content: string,
  isAbort: boolean,
): "complete" | "stopped" | "fallback" {
  if (isAbort) return "stopped";
  const said = (metadata as Partial<ReplyFinishMetadata> | undefined)?.status;
  if (said === "complete" || said === "stopped" || said === "fallback") return said;
  return content.trim() === FALLBACK_REPLY_TEXT ? "fallback" : "complete";
}

export function toFailure(error: unknown): ChatFailure {
  const apiError = toApiError(error);
  if (apiError.isRateLimited) {
    // A daily budget lasts hours: the API's message says until when; a seconds countdown would not.
    if (apiError.code.startsWith("rate_limited:daily")) {
      return { code: apiError.code, message: apiError.message, retryAfterSeconds: null, network: false };
    }
    return {
      code: apiError.code,
      message: "You're sending messages faster than we can answer.",
      retryAfterSeconds: apiError.retryAfterSeconds,
      network: false,
    };
  }
  if (apiError.isNetwork) {
    return { code: "network", message: "Can't reach the support service.", retryAfterSeconds: null, network: true };
  }
  return { code: apiError.code, message: apiError.message, retryAfterSeconds: null, network: false };
}

export function ChatEngine(props: ChatEngineProps) {
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });
  const active = useRef<ActiveSend | null>(null);
  const lastError = useRef<unknown>(null);
  const [transport] = useState(createChatTransport);

  const { messages, sendMessage, resumeStream, stop, setMessages } = useChat({
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
      const send = active.current;
      send.replyId = data.replyId;
      send.acknowledged = true;
      send.conversationId = data.conversationId;
      callbacks.current.onAcknowledged(send.localId, data);
      if (send.stopRequested) stopBothRef.current(data.conversationId);
    },
    onError: (error) => {
      lastError.current = error;
    },
    onFinish: ({ message, isAbort, isError }) => {
      const send = active.current;
      active.current = null;
      if (!send) return;
      // A resumed reply is known by the id its stream starts with.
      const replyId = send.replyId ?? (send.kind === "resume" && message.role === "assistant" ? message.id : null);
      const snapshot = replyId && message.role === "assistant" ? { ...readReply(message), replyId } : null;
      if (send.kind === "resume" && !snapshot) {
        callbacks.current.onNothingToResume(send.localId);
        return;
      }
      if (isError) {
        callbacks.current.onFailed(send.localId, toFailure(lastError.current));
      } else if (send.acknowledged && send.replyId === null) {
        callbacks.current.onSettled(send.localId);
      } else if (!snapshot) {
        // Stopped before the API acknowledged the message: it may not be stored, so offer Retry.
        callbacks.current.onFailed(send.localId, {
          code: isAbort ? "stopped_early" : "no_reply",
          message: isAbort ? "Stopped before the agent answered." : "The agent sent no reply.",
          retryAfterSeconds: null,
          network: false,
        });
      } else {
        callbacks.current.onFinished(send.localId, snapshot, finishedStatus(message.metadata, snapshot.content, isAbort));
      }
    },
  });

  const streaming = messages.at(-1);
  useEffect(() => {
    const send = active.current;
    if (!send || streaming?.role !== "assistant") return;
    if (send.kind === "resume" && !send.replyId) {
      send.replyId = streaming.id;
      callbacks.current.onResumed(send.localId, streaming.id);
    }
    if (!send.replyId) return;
    callbacks.current.onProgress({ ...readReply(streaming), replyId: send.replyId });
  }, [streaming]);

  // The API stops the reply wherever it is written; this tab stops reading at once.
  const stopBoth = (conversationId: string) => {
    stopReply(conversationId).catch(() => {
      // Offline or gone: the reply ends on its own and is stored either way.
    });
    void stop();
  };
  const stopBothRef = useRef(stopBoth);
  useEffect(() => {
    stopBothRef.current = stopBoth;
  });

  useEffect(() => {
    callbacks.current.onReady({
      send({ localId, message, conversationId }) {
        active.current = { localId, kind: "send", replyId: null, acknowledged: false, conversationId, stopRequested: false };
        lastError.current = null;
        // The server keeps the history; the SDK only needs the message in flight.
        setMessages([]);
        void sendMessage({ text: message }, { body: conversationId ? { conversationId } : {} });
      },
      resume({ localId, conversationId }) {
        if (active.current) return;
        const resuming: ActiveSend = { localId, kind: "resume", replyId: null, acknowledged: true, conversationId, stopRequested: false };
        active.current = resuming;
        lastError.current = null;
        setMessages([]);
        // A 204 (nothing in progress) or a failed request ends without onFinish: settle it here.
        void resumeStream({ body: { conversationId } }).finally(() => {
          if (active.current !== resuming) return;
          active.current = null;
          callbacks.current.onNothingToResume(localId);
        });
      },
      stop(conversationId) {
        const send = active.current;
        const known = send?.conversationId ?? conversationId;
        if (send && send.kind === "send" && !send.acknowledged) {
          // Not stored yet as far as we know: stop as soon as the API says where it went (or stop
          // reading if it does not say so soon).
          send.stopRequested = true;
          setTimeout(() => {
            if (active.current === send && !send.acknowledged) void stop();
          }, 2000);
          return;
        }
        if (known) stopBothRef.current(known);
        else void stop();
      },
    });
  }, [sendMessage, resumeStream, setMessages, stop]);

  // Leaving the conversation mid-reply ends the reading only: the reply goes on and is stored whole.
  useEffect(() => () => void stop(), [stop]);

  return null;
}
