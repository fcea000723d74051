"use client";

import type { LiveEvent } from "@harbor/contracts";
import { useEffect, useRef, useState, type Dispatch } from "react";

import { authHeaders } from "@/lib/api/visitor-token";

import { conversationEventsUrl, getMessages } from "../api/chat-api";
import type { ChatAction } from "./chat-reducer";

/** A typing ping is sent every ~2 s while a person types; this long without one, they stopped. */
export const TYPING_TIMEOUT_MS = 4000;

/**
 * Follows a conversation live: messages from the team, status changes and typing, into the chat
 * reducer. Every (re)connection starts with `ready`, and then the messages are read again so
 * nothing said while the stream was down is missed. Returns who is typing, if anyone.
 */
export function useLiveConversation(
  conversationId: string | null,
  enabled: boolean,
  dispatch: Dispatch<ChatAction>,
  /** A person on the team wrote (the widget counts it as unread while its panel is closed). */
  onStaffMessage?: () => void,
) {
  const [typing, setTyping] = useState<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const staffMessageCallback = useRef(onStaffMessage);
  useEffect(() => {
    staffMessageCallback.current = onStaffMessage;
  });

  useEffect(() => {
    if (!conversationId || !enabled) return;
    const controller = new AbortController();
    const { signal } = controller;

    function onEvent(event: LiveEvent) {
      switch (event.type) {
        case "ready":
          dispatch({ type: "live/sync-started" });
          getMessages(conversationId as string, { signal }).then(
            (page) =>
              dispatch({
                type: "live/synced",
                messages: page.messages,
                status: page.status ?? "bot",
                assignee: page.assignee ?? null,
              }),
            () => {
              // The next reconnection tries again.
            },
          );
          return;
        case "message.created":
          if (event.conversationId !== conversationId) return;
          if (event.message.role === "staff") {
            clearTimeout(typingTimer.current);
            setTyping(null);
            staffMessageCallback.current?.();
          }
          dispatch({ type: "live/message", message: event.message });
          return;
        case "conversation.updated":
          if (event.conversationId !== conversationId) return;
          dispatch({
            type: "live/status",
            status: event.status,
            assignee: event.assignee ? { name: event.assignee.name } : null,
          });
          if (event.status !== "human") setTyping(null);
          return;
        case "typing":
          if (event.conversationId !== conversationId) return;
          setTyping(event.name);
          clearTimeout(typingTimer.current);
          typingTimer.current = setTimeout(() => setTyping(null), TYPING_TIMEOUT_MS);
          return;
      }
    }

    // The reader arrives with the first conversation, not with the page (first-load budget).
    void import("@/lib/api/live-events").then(({ readLiveEvents }) => {
      if (signal.aborted) return;
      return readLiveEvents(conversationEventsUrl(conversationId), { headers: authHeaders, signal, onEvent });
    });
    return () => {
      controller.abort();
      clearTimeout(typingTimer.current);
    };
  }, [conversationId, enabled, dispatch]);

  return typing;
}

/**
 * The hook as a component that renders nothing, so the chat can load it with the message views
 * (components/load-entry-views.tsx) rather than with the page: it is mounted only once there is a
 * conversation to follow. Tells who is typing through `onTyping` (null when it goes away).
 */
export function LiveConversation({
  conversationId,
  dispatch,
  onStaffMessage,
  onTyping,
}: {
  conversationId: string;
  dispatch: Dispatch<ChatAction>;
  onStaffMessage?: () => void;
  onTyping(name: string | null): void;
}) {
  const typing = useLiveConversation(conversationId, true, dispatch, onStaffMessage);
  useEffect(() => onTyping(typing), [typing, onTyping]);
  useEffect(() => () => onTyping(null), [onTyping]);
  return null;
}
