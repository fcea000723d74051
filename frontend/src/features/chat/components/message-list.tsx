"use client";

import type { FeedbackRating } from "@harbor/contracts";
import { useCallback, useLayoutEffect, useRef, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-provider";

import type { ChatEntry } from "../state/chat-types";
import { EntryList } from "./load-entry-views";

interface MessageListProps {
  entries: ChatEntry[];
  hasOlder: boolean;
  loadingOlder: boolean;
  cooldown: number;
  onLoadOlder(): void;
  onRetry(localId: string): void;
  onRate(messageId: string, rating: FeedbackRating | null, reason?: string): Promise<void>;
  /** Shown after the last message (the typing indicator). */
  footer?: ReactNode;
  /** Shown when there is nothing yet (starter questions). */
  empty?: ReactNode;
  storeName?: string | null;
  /** The entry under which "Talk to a person" is offered, and what it does. */
  handoffKey?: string | null;
  onHandoff?(): Promise<void>;
}

// Within this many pixels of the bottom the reader counts as "following" the conversation.
const STICK_THRESHOLD_PX = 80;
// Start fetching older messages a little before the very top so the wait is rarely seen.
const LOAD_OLDER_THRESHOLD_PX = 120;

function offsetWithin(scroller: HTMLElement, child: HTMLElement): number {
  return child.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
}

function topVisibleMessage(scroller: HTMLElement): { key: string; top: number } | null {
  for (const article of scroller.querySelectorAll<HTMLElement>("article[data-key]")) {
    const top = offsetWithin(scroller, article);
    if (top + article.offsetHeight > 0) return { key: article.dataset.key ?? "", top };
  }
  return null;
}

export function MessageList(props: MessageListProps) {
  const { entries, hasOlder, loadingOlder, onLoadOlder } = props;
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // The message at the top of the view before older ones were prepended, and where it was, so
  // the reader's place is kept exactly (estimated heights of off-screen messages make a plain
  // scrollHeight difference drift).
  const anchorBeforePrepend = useRef<{ key: string; top: number } | null>(null);
  const firstKey = entries[0]?.key;
  const prevFirstKey = useRef(firstKey);

  const loadOlder = useCallback(() => {
    if (!hasOlder || loadingOlder) return;
    anchorBeforePrepend.current = scroller.current ? topVisibleMessage(scroller.current) : null;
    onLoadOlder();
  }, [hasOlder, loadingOlder, onLoadOlder]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
    if (element.scrollTop < LOAD_OLDER_THRESHOLD_PX && element.scrollHeight > element.clientHeight) loadOlder();
  }

  // Before paint: either keep the reader's place after a prepend, or follow new content at the
  // bottom, but never pull down someone who scrolled up to read.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const prepended = prevFirstKey.current !== firstKey && prevFirstKey.current !== undefined;
    prevFirstKey.current = firstKey;
    const anchor = anchorBeforePrepend.current;
    if (prepended && anchor) {
      anchorBeforePrepend.current = null;
      const now = [...element.querySelectorAll<HTMLElement>("article[data-key]")].find(
        (article) => article.dataset.key === anchor.key,
      );
      if (now) element.scrollTop += offsetWithin(element, now) - anchor.top;
      return;
    }
    if (following.current) element.scrollTop = element.scrollHeight;
  });

  const showEmpty = entries.length === 0 && props.empty;

  return (
    <div ref={scroller} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto overscroll-contain">
      {showEmpty}
      <div
        role="log"
        aria-label={t("messages.label")}
        // Tokens must not be read out one by one: finished replies go to a separate live region.
        aria-live="off"
        className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-4 sm:px-4"
      >
        {hasOlder && (
          <div className="flex justify-center">
            <Button size="sm" onClick={loadOlder} disabled={loadingOlder}>
              {loadingOlder ? t("messages.loadingOlder") : t("messages.loadOlder")}
            </Button>
          </div>
        )}
        {entries.length > 0 && (
          <EntryList
            entries={entries}
            cooldown={props.cooldown}
            onRetry={props.onRetry}
            onRate={props.onRate}
            storeName={props.storeName}
            handoffKey={props.handoffKey}
            onHandoff={props.onHandoff}
          />
        )}
        {props.footer}
      </div>
    </div>
  );
}
