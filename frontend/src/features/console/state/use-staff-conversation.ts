"use client";

import type { Message, StaffConversationDetail, StaffMessage } from "@harbor/contracts";
import { useCallback, useEffect, useRef, useState } from "react";

import { toApiError } from "@/lib/api/api-error";

import {
  assignConversation,
  getStaffConversation,
  releaseConversation,
  resolveConversation,
  sendStaffMessage,
} from "../api/console-api";
import { useLiveEvents } from "./console-context";

export type DetailState =
  | { status: "loading" }
  | { status: "not-found" }
  | { status: "error"; message: string }
  | { status: "ready"; detail: StaffConversationDetail };

/** A message from an event or a POST has no review data; the next read of the detail brings it. */
function asStaffMessage(message: Message): StaffMessage {
  return { ...message, toolCalls: [], flags: [] };
}

function withMessage(detail: StaffConversationDetail, message: Message): StaffConversationDetail {
  if (detail.messages.some((known) => known.id === message.id)) return detail;
  return { ...detail, messages: [...detail.messages, asStaffMessage(message)] };
}

function messageOf(error: unknown): string {
  const apiError = toApiError(error);
  return apiError.isNetwork ? "Can't reach the support service." : apiError.message;
}

/** One conversation as staff see it, kept current by live events; the actions a person can take. */
export function useStaffConversation(id: string) {
  const [state, setState] = useState<DetailState>({ status: "loading" });
  const generation = useRef(0);

  const load = useCallback(async () => {
    generation.current += 1;
    const mine = generation.current;
    try {
      const detail = await getStaffConversation(id);
      if (mine === generation.current) setState({ status: "ready", detail });
    } catch (error) {
      if (mine !== generation.current) return;
      const apiError = toApiError(error);
      if (apiError.status === 404 || apiError.status === 400) setState({ status: "not-found" });
      else setState((current) => (current.status === "ready" ? current : { status: "error", message: messageOf(error) }));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  useLiveEvents((event) => {
    if (event.type === "ready") {
      void load();
      return;
    }
    if (event.type === "typing" || event.conversationId !== id) return;
    if (event.type === "message.created") {
      setState((current) =>
        current.status === "ready" ? { status: "ready", detail: withMessage(current.detail, event.message) } : current,
      );
      // Tool calls and review flags of an agent reply come with the detail.
      if (event.message.role === "assistant") void load();
      return;
    }
    void load();
  });

  const takeOver = useCallback(
    async (force = false) => {
      await assignConversation(id, force);
      await load();
    },
    [id, load],
  );

  const handBack = useCallback(async () => {
    await releaseConversation(id);
    await load();
  }, [id, load]);

  const resolve = useCallback(async () => {
    await resolveConversation(id);
    await load();
  }, [id, load]);

  const send = useCallback(
    async (content: string) => {
      const message = await sendStaffMessage(id, content);
      setState((current) =>
        current.status === "ready" ? { status: "ready", detail: withMessage(current.detail, message) } : current,
      );
    },
    [id],
  );

  return { state, load, takeOver, handBack, resolve, send };
}
