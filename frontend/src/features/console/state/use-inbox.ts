"use client";

import type { StaffConversationSummary, StaffInboxFilter } from "@harbor/contracts";
import { useCallback, useEffect, useRef, useState } from "react";

import { toApiError } from "@/lib/api/api-error";

import { listStaffConversations } from "../api/console-api";
import { useLiveEvents } from "./console-context";

export type InboxTab = "waiting" | "mine" | "all" | "resolved";

export const INBOX_TABS: Array<{ id: InboxTab; label: string }> = [
  { id: "waiting", label: "Waiting" },
  { id: "mine", label: "Mine" },
  { id: "all", label: "All" },
  { id: "resolved", label: "Resolved" },
];

function filterOf(tab: InboxTab): { status: StaffInboxFilter; mine?: boolean } {
  if (tab === "mine") return { status: "all", mine: true };
  return { status: tab };
}

// Events come in bursts (a message and a status change together): read the list once per burst.
const REFRESH_DEBOUNCE_MS = 250;
// The badge counts up to a page of waiting conversations; beyond that it says "50+".
const WAITING_PAGE = 50;

export interface InboxState {
  conversations: StaffConversationSummary[];
  nextCursor: string | null;
  status: "loading" | "ready" | "error";
  error: string | null;
  waitingCount: number;
  waitingMore: boolean;
}

/** The inbox of one tab plus the waiting count, read again whenever a live event says something changed. */
export function useInbox(tab: InboxTab) {
  const [state, setState] = useState<InboxState>({
    conversations: [],
    nextCursor: null,
    status: "loading",
    error: null,
    waitingCount: 0,
    waitingMore: false,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    generation.current += 1;
    const mine = generation.current;
    try {
      const [list, waiting] = await Promise.all([
        listStaffConversations(filterOf(tab)),
        tab === "waiting" ? null : listStaffConversations({ status: "waiting", limit: WAITING_PAGE }),
      ]);
      if (mine !== generation.current) return; // a newer read is on its way
      const waitingList = waiting ?? list;
      setState({
        conversations: list.conversations,
        nextCursor: list.nextCursor,
        status: "ready",
        error: null,
        waitingCount: waitingList.conversations.length,
        waitingMore: waitingList.nextCursor !== null,
      });
    } catch (error) {
      if (mine !== generation.current) return;
      const apiError = toApiError(error);
      setState((current) => ({
        ...current,
        status: "error",
        error: apiError.isNetwork ? "Can't reach the support service." : apiError.message,
      }));
    }
  }, [tab]);

  useEffect(() => {
    // Reading on mount and on a tab switch is the point of this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    return () => clearTimeout(timer.current);
  }, [refresh]);

  useLiveEvents((event) => {
    if (event.type === "typing") return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  });

  const loadMore = useCallback(async () => {
    if (!state.nextCursor) return;
    try {
      const page = await listStaffConversations({ ...filterOf(tab), cursor: state.nextCursor });
      setState((current) => {
        const known = new Set(current.conversations.map((item) => item.id));
        return {
          ...current,
          nextCursor: page.nextCursor,
          conversations: [...current.conversations, ...page.conversations.filter((item) => !known.has(item.id))],
        };
      });
    } catch {
      // The button stays, so trying again is one click away.
    }
  }, [state.nextCursor, tab]);

  return { state, refresh, loadMore };
}
