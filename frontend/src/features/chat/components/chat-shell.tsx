"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { CloseIcon, MenuIcon, PlusIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { errorText } from "@/lib/i18n/error-text";
import { useT } from "@/lib/i18n/i18n-provider";
import { readVisitorToken } from "@/lib/api/visitor-token";
import { useStoreBrand } from "@/lib/store-brand-context";

import type { ChatFailure } from "../state/chat-types";
import { useConversations } from "../state/use-conversations";
import { ChatView } from "./chat-view";
import { ConversationSidebar, preloadConversationRows } from "./conversation-sidebar";

const CONVERSATION_PATH = /^\/c\/([^/]+)\/?$/;

export function conversationIdFromPath(pathname: string | null): string | null {
  const match = pathname ? CONVERSATION_PATH.exec(pathname) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * The chat app: sidebar + the open conversation. It lives in the (chat) layout, so moving between
 * "/" and "/c/:id" keeps it mounted; the view only restarts when the shopper picks another chat.
 */
export function ChatShell() {
  const t = useT();
  const store = useStoreBrand();
  const pathname = usePathname();
  const router = useRouter();
  const routeId = conversationIdFromPath(pathname);
  const conversations = useConversations();
  const { reload: reloadConversations, addStarted } = conversations;

  // `key` restarts the view; adopting the id of a chat we just started does not. Only a change of
  // route (a link, New chat, back/forward) can switch chats, and not when it merely catches up
  // with the id the view already adopted.
  const [view, setView] = useState({ id: routeId, key: 0 });
  const [seenRouteId, setSeenRouteId] = useState(routeId);
  if (routeId !== seenRouteId) {
    setSeenRouteId(routeId);
    if (routeId !== view.id) setView({ id: routeId, key: view.key + 1 });
  }

  const [historyProblem, setHistoryProblem] = useState<ChatFailure | null>(null);
  const [historyRetry, setHistoryRetry] = useState(0);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const closeDrawerButton = useRef<HTMLButtonElement>(null);

  const onConversationStarted = useCallback(
    (id: string, firstMessage: string) => {
      // Commit the adopted id before the URL changes, so the route change is not seen as a switch
      // to another chat (which would remount the view and drop the stream).
      flushSync(() => setView((current) => ({ ...current, id })));
      window.history.replaceState(window.history.state, "", `/c/${encodeURIComponent(id)}`);
      addStarted(id, firstMessage);
    },
    [addStarted],
  );

  const onExchangeFinished = useCallback(() => {
    void reloadConversations();
  }, [reloadConversations]);

  const startNewChat = useCallback(() => {
    setView((current) => ({ id: null, key: current.key + 1 }));
    setHistoryProblem(null);
    setDrawerOpen(false);
    router.push("/");
  }, [router]);

  async function deleteConversation(id: string) {
    await conversations.remove(id);
    // Deleting the open chat leaves nothing to show: start fresh.
    if (id === view.id) startNewChat();
  }

  // A returning visitor has conversations to list: their rows load side by side with the list.
  useEffect(() => {
    if (readVisitorToken()) preloadConversationRows();
  }, []);

  useEffect(() => {
    if (!drawerOpen) return;
    closeDrawerButton.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setDrawerOpen(false);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen]);

  const listFailure = conversations.state.status === "error" ? conversations.state.failure : null;
  const listDown = listFailure !== null;
  const problem = historyProblem
    ? { network: historyProblem.network, code: historyProblem.code, message: historyProblem.message }
    : listFailure
      ? { network: listFailure.isNetwork, code: listFailure.code, message: listFailure.message }
      : null;

  function retryAll() {
    if (listDown) void reloadConversations();
    if (historyProblem) {
      setHistoryProblem(null);
      setHistoryRetry((count) => count + 1);
    }
  }

  return (
    <div className="flex h-dvh flex-col overflow-hidden bg-canvas text-ink">
      <header className="flex h-14 shrink-0 items-center gap-2 border-b border-line bg-surface px-2 sm:px-4">
        <Button
          size="icon"
          variant="ghost"
          className="md:hidden"
          aria-label={t("shell.openConversations")}
          aria-expanded={drawerOpen}
          aria-controls="conversation-drawer"
          onClick={() => setDrawerOpen(true)}
        >
          <MenuIcon />
        </Button>
        <p className="min-w-0 truncate font-semibold">
          <span aria-hidden="true" className="mr-1.5 text-accent">
            ◆
          </span>
          {store.name} <span className="font-normal text-muted max-sm:hidden">{t("shell.brandSuffix")}</span>
        </p>
        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          <Link
            href="/help"
            className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus"
          >
            {t("shell.helpCenter")}
          </Link>
          <Button size="sm" variant="primary" onClick={startNewChat}>
            <PlusIcon />
            {/* Icon-only on a phone, so the header fits 360 px; the name stays for screen readers. */}
            <span className="max-sm:sr-only">{t("shell.newChat")}</span>
          </Button>
        </div>
      </header>

      {problem && (
        <div className="shrink-0 px-3 pt-3 sm:px-4">
          <ErrorBanner onRetry={retryAll}>
            {problem.network ? t("shell.networkProblem") : errorText(t, problem)}
          </ErrorBanner>
        </div>
      )}

      <div className="relative flex min-h-0 flex-1">
        {drawerOpen && (
          <div className="fixed inset-0 z-30 bg-black/40 md:hidden" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
        )}
        <aside
          id="conversation-drawer"
          className={cx(
            "fixed inset-y-0 left-0 z-40 flex w-[85vw] max-w-xs flex-col border-r border-line bg-surface transition-[transform,visibility] duration-200",
            "md:static md:z-auto md:w-72 md:max-w-none md:translate-x-0 md:visible md:transition-none",
            // Closed on a phone: off screen and `invisible`, which also takes it out of the tab order.
            drawerOpen ? "translate-x-0" : "max-md:invisible max-md:-translate-x-full",
          )}
        >
          <div className="flex items-center justify-end px-2 pt-2 md:hidden">
            <Button
              ref={closeDrawerButton}
              size="icon"
              variant="ghost"
              aria-label={t("shell.closeConversations")}
              onClick={() => setDrawerOpen(false)}
            >
              <CloseIcon />
            </Button>
          </div>
          <ConversationSidebar
            conversations={conversations.state}
            activeId={view.id}
            onSelect={() => setDrawerOpen(false)}
            onRename={conversations.rename}
            onDelete={deleteConversation}
            onLoadMore={() => void conversations.loadMore()}
          />
        </aside>
        <main className="flex min-w-0 flex-1 flex-col">
          <h1 className="sr-only">{t("shell.heading", { store: store.name })}</h1>
          <ChatView
            key={view.key}
            conversationId={view.id}
            retryToken={historyRetry}
            onConversationStarted={onConversationStarted}
            onExchangeFinished={onExchangeFinished}
            onHistoryProblem={setHistoryProblem}
          />
        </main>
      </div>
    </div>
  );
}
