"use client";

import { useCallback, useEffect, useState } from "react";
import { flushSync } from "react-dom";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { CloseIcon, MenuIcon, PlusIcon } from "@/components/ui/icons";
import { readStored, removeStored, writeStored } from "@/lib/browser-storage";
import { cx } from "@/lib/cx";
import { useT } from "@/lib/i18n/i18n-provider";
import { useStoreBrand } from "@/lib/store-brand-context";
import { CONVERSATION_KEY as CURRENT_CONVERSATION_KEY } from "@/widget/protocol";

import { ChatView } from "./chat-view";
import { ConversationSidebar } from "./conversation-sidebar";
import { useConversations } from "../state/use-conversations";


export interface EmbedShellProps {
  /** Framed by a store's page: a close button hands the panel back to it. */
  framed: boolean;
  onClose(): void;
  onStaffMessage(): void;
}

/**
 * The chat in the widget's panel: the current conversation, earlier ones one click away (in place
 * of the chat, the panel is narrow), a new chat, and Talk to a person as in the full chat.
 */
export function EmbedShell({ framed, onClose, onStaffMessage }: EmbedShellProps) {
  const t = useT();
  const store = useStoreBrand();
  const conversations = useConversations();
  const { reload: reloadConversations, addStarted } = conversations;
  const [view, setView] = useState(() => ({ id: readStored(CURRENT_CONVERSATION_KEY), key: 0 }));
  const [listOpen, setListOpen] = useState(false);

  const show = useCallback((id: string | null) => {
    setView((current) => ({ id, key: current.key + 1 }));
    if (id) writeStored(CURRENT_CONVERSATION_KEY, id);
    else removeStored(CURRENT_CONVERSATION_KEY);
    setListOpen(false);
  }, []);

  const onConversationStarted = useCallback(
    (id: string, firstMessage: string) => {
      // Adopting the new chat's id must not restart the view (and drop the stream).
      flushSync(() => setView((current) => ({ ...current, id })));
      writeStored(CURRENT_CONVERSATION_KEY, id);
      addStarted(id, firstMessage);
    },
    [addStarted],
  );

  const onExchangeFinished = useCallback(() => {
    void reloadConversations();
  }, [reloadConversations]);

  async function deleteConversation(id: string) {
    await conversations.remove(id);
    if (id === view.id) show(null);
  }

  useEffect(() => {
    // Esc closes the panel (the store's page hears it only while its own document has focus).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || document.querySelector("dialog[open]")) return;
      if (listOpen) setListOpen(false);
      else onClose();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [listOpen, onClose]);

  const listFailure = conversations.state.status === "error" ? conversations.state.failure : null;

  return (
    <div data-embed className="flex h-dvh flex-col overflow-hidden bg-canvas text-ink">
      <header className="flex h-12 shrink-0 items-center gap-1 border-b border-line bg-surface px-2">
        <Button
          size="icon"
          variant="ghost"
          aria-label={listOpen ? t("embed.backToChat") : t("embed.earlierChats")}
          aria-pressed={listOpen}
          onClick={() => setListOpen((open) => !open)}
        >
          <MenuIcon />
        </Button>
        <p className="min-w-0 truncate text-sm font-semibold">
          <span aria-hidden="true" className="mr-1 text-accent">
            ◆
          </span>
          {store.name}
        </p>
        <div className="ml-auto flex items-center gap-1">
          <Button size="icon" variant="ghost" aria-label={t("shell.newChat")} onClick={() => show(null)}>
            <PlusIcon />
          </Button>
          {framed && (
            <Button size="icon" variant="ghost" aria-label={t("embed.close")} onClick={onClose}>
              <CloseIcon />
            </Button>
          )}
        </div>
      </header>
      <h1 className="sr-only">{t("shell.heading", { store: store.name })}</h1>

      {/* The chat stays mounted under the list: its reply and live events (the unread count) go on. */}
      {listOpen && (
        <nav aria-label={t("embed.earlierChats")} className="flex min-h-0 flex-1 flex-col bg-surface">
          {listFailure && (
            <div className="px-3 pt-3">
              <ErrorBanner onRetry={() => void reloadConversations()}>{t("shell.networkProblem")}</ErrorBanner>
            </div>
          )}
          <ConversationSidebar
            conversations={conversations.state}
            activeId={view.id}
            onSelect={show}
            onRename={conversations.rename}
            onDelete={deleteConversation}
            onLoadMore={() => void conversations.loadMore()}
          />
        </nav>
      )}
      <main className={cx("min-h-0 flex-1 flex-col", listOpen ? "hidden" : "flex")}>
        <ChatView
          key={view.key}
          conversationId={view.id}
          onConversationStarted={onConversationStarted}
          onExchangeFinished={onExchangeFinished}
          onNotFound={() => show(null)}
          onStaffMessage={onStaffMessage}
        />
      </main>
    </div>
  );
}
