"use client";

import type { ConversationList, ConversationSummary } from "@harbor/contracts";
import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError, toApiError } from "@/lib/api/api-error";
import { deleteConversation, listConversations, renameConversation } from "../api/chat-api";
import { readVisitorToken } from "@/lib/api/visitor-token";

export interface ConversationsState {
  items: ConversationSummary[];
  nextCursor: string | null;
  status: "loading" | "ready" | "error";
  failure: ApiError | null;
  loadingMore: boolean;
}

const INITIAL: ConversationsState = { items: [], nextCursor: null, status: "loading", failure: null, loadingMore: false };

async function fetchFirstPage(): Promise<ConversationList | ApiError> {
  // No token yet means a first visit: there is nothing to list, and no request to make.
  if (!readVisitorToken()) return { conversations: [], nextCursor: null };
  return listConversations().catch((error: unknown) => toApiError(error));
}

function withFirstPage(current: ConversationsState, page: ConversationList | ApiError): ConversationsState {
  if (page instanceof ApiError) {
    // 401: the stored token was unknown (and is now dropped), so this is a fresh visitor.
    if (page.status === 401) return { ...INITIAL, status: "ready" };
    return { ...current, status: "error", failure: page };
  }
  return { ...current, items: page.conversations, nextCursor: page.nextCursor, status: "ready", failure: null };
}

/** The sidebar's list: newest first, with optimistic rename and delete that roll back on failure. */
export function useConversations() {
  const [state, setState] = useState<ConversationsState>(INITIAL);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });

  const reload = useCallback(async () => {
    const page = await fetchFirstPage();
    setState((current) => withFirstPage(current, page));
  }, []);

  useEffect(() => {
    let live = true;
    void fetchFirstPage().then((page) => {
      if (live) setState((current) => withFirstPage(current, page));
    });
    return () => {
      live = false;
    };
  }, []);

  const loadMore = useCallback(async () => {
    const cursor = stateRef.current.nextCursor;
    if (!cursor || stateRef.current.loadingMore) return;
    setState((current) => ({ ...current, loadingMore: true }));
    try {
      const page = await listConversations({ cursor });
      setState((current) => {
        const known = new Set(current.items.map((item) => item.id));
        return {
          ...current,
          loadingMore: false,
          nextCursor: page.nextCursor,
          items: [...current.items, ...page.conversations.filter((item) => !known.has(item.id))],
        };
      });
    } catch {
      setState((current) => ({ ...current, loadingMore: false }));
    }
  }, []);

  const rename = useCallback(async (id: string, title: string) => {
    const previous = stateRef.current.items;
    setState((current) => ({
      ...current,
      items: current.items.map((item) => (item.id === id ? { ...item, title } : item)),
    }));
    try {
      const saved = await renameConversation(id, title);
      setState((current) => ({
        ...current,
        items: current.items.map((item) => (item.id === id ? { ...item, ...saved } : item)),
      }));
    } catch (error) {
      setState((current) => ({ ...current, items: previous }));
      throw error;
    }
  }, []);

  const remove = useCallback(async (id: string) => {
    const previous = stateRef.current.items;
    setState((current) => ({ ...current, items: current.items.filter((item) => item.id !== id) }));
    try {
      await deleteConversation(id);
    } catch (error) {
      // Already gone on the server is what the shopper wanted anyway.
      if (toApiError(error).status === 404) return;
      setState((current) => ({ ...current, items: previous }));
      throw error;
    }
  }, []);

  /** Shows a just-started conversation at the top before the server list is fetched again. */
  const addStarted = useCallback((id: string, firstMessage: string) => {
    const now = new Date().toISOString();
    setState((current) => {
      if (current.items.some((item) => item.id === id)) return current;
      const summary: ConversationSummary = {
        id,
        title: firstMessage.slice(0, 60),
        createdAt: now,
        updatedAt: now,
        status: "bot",
        lastMessage: { role: "user", content: firstMessage, createdAt: now },
      };
      return { ...current, status: "ready", items: [summary, ...current.items] };
    });
  }, []);

  return { state, reload, loadMore, rename, remove, addStarted };
}
