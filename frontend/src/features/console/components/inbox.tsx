"use client";

import type { StaffConversationSummary } from "@harbor/contracts";
import Link from "next/link";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { cx } from "@/lib/cx";
import { formatRelativeTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";

import { describeWait, formatWait, WAIT_TICK_MS } from "../state/format-wait";
import { reasonLabel } from "../state/labels";
import { INBOX_TABS, useInbox, type InboxTab } from "../state/use-inbox";
import { StatusBadge } from "./status-badge";

const PAGE_TITLE = "Inbox · Console";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function preview(conversation: StaffConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return "No messages yet";
  const who = last.role === "user" ? "Shopper" : last.role === "staff" ? "Team" : "Assistant";
  return `${who}: ${last.content}`;
}

function ConversationRow({ conversation, now }: { conversation: StaffConversationSummary; now: number }) {
  const t = useT();
  const waiting = conversation.status === "waiting" && conversation.waitingSince;
  return (
    <li>
      <Link
        href={`/console/c/${encodeURIComponent(conversation.id)}`}
        className="block rounded-lg border border-line bg-surface px-3 py-2.5 hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
      >
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="min-w-0 flex-1 truncate font-medium">{conversation.title || "Untitled conversation"}</span>
          <StatusBadge status={conversation.status} />
          {waiting && conversation.waitingSince && (
            <span className="text-xs font-semibold text-warn" aria-label={describeWait(conversation.waitingSince, now)}>
              {formatWait(conversation.waitingSince, now)}
            </span>
          )}
        </span>
        <span className="mt-1 block truncate text-sm text-muted">{preview(conversation)}</span>
        <span className="mt-1 flex flex-wrap gap-x-3 text-xs text-muted">
          {conversation.handoffReason && <span>Reason: {reasonLabel(conversation.handoffReason)}</span>}
          {conversation.assignee && <span>Assigned to {conversation.assignee.name}</span>}
          <span>Updated {formatRelativeTime(conversation.updatedAt, t, now)}</span>
        </span>
      </Link>
    </li>
  );
}

/** The inbox: tabs (Waiting first, longest wait on top), updated live. */
export function Inbox() {
  const [tab, setTab] = useState<InboxTab>("waiting");
  const { state, refresh, loadMore } = useInbox(tab);
  const now = useNow(WAIT_TICK_MS);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    const count = state.waitingCount;
    document.title = count > 0 ? `(${count}${state.waitingMore ? "+" : ""}) ${PAGE_TITLE}` : PAGE_TITLE;
  }, [state.waitingCount, state.waitingMore]);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves on into the list.
  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = INBOX_TABS.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const target = INBOX_TABS[next];
    if (!target) return;
    setTab(target.id);
    tabRefs.current[next]?.focus();
  }

  const waitingLabel = `${state.waitingCount}${state.waitingMore ? "+" : ""}`;

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-3 p-3 sm:p-4">
      <h1 className="text-xl font-semibold">Inbox</h1>
      <div role="tablist" aria-label="Conversations" className="flex flex-wrap gap-1 border-b border-line">
        {INBOX_TABS.map((item, index) => {
          const selected = item.id === tab;
          return (
            <button
              key={item.id}
              ref={(element) => {
                tabRefs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`inbox-tab-${item.id}`}
              aria-selected={selected}
              aria-controls="inbox-panel"
              tabIndex={selected ? 0 : -1}
              onClick={() => setTab(item.id)}
              onKeyDown={(event) => onTabKeyDown(event, index)}
              className={cx(
                "-mb-px inline-flex h-10 items-center gap-1.5 border-b-2 px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-focus",
                selected ? "border-accent text-ink" : "border-transparent text-muted hover:text-ink",
              )}
            >
              {item.label}
              {item.id === "waiting" && (
                <span
                  className={cx(
                    "rounded-full px-1.5 text-xs",
                    state.waitingCount > 0 ? "bg-accent text-on-accent" : "bg-surface-muted text-muted",
                  )}
                >
                  {waitingLabel}
                  <span className="sr-only"> waiting</span>
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div aria-live="polite" className="sr-only">
        {state.status === "ready" ? `${state.waitingCount} waiting` : ""}
      </div>
      <section id="inbox-panel" role="tabpanel" aria-labelledby={`inbox-tab-${tab}`} className="flex flex-col gap-2">
        {state.status === "error" && (
          <ErrorBanner onRetry={() => void refresh()}>{state.error ?? "Could not load the inbox."}</ErrorBanner>
        )}
        {state.status === "loading" && (
          <p role="status" className="text-sm text-muted">
            Loading conversations…
          </p>
        )}
        {state.status === "ready" && state.conversations.length === 0 && (
          <p className="rounded-lg border border-dashed border-line p-4 text-sm text-muted">
            {tab === "waiting" ? "Nobody is waiting for a person." : `No conversations in ${INBOX_TABS.find((item) => item.id === tab)?.label ?? "this tab"}.`}
          </p>
        )}
        {state.conversations.length > 0 && (
          <ul aria-label={`${INBOX_TABS.find((item) => item.id === tab)?.label ?? ""} conversations`} className="flex flex-col gap-2">
            {state.conversations.map((conversation) => (
              <ConversationRow key={conversation.id} conversation={conversation} now={now} />
            ))}
          </ul>
        )}
        {state.nextCursor && (
          <Button size="sm" className="self-center" onClick={() => void loadMore()}>
            Load more
          </Button>
        )}
      </section>
    </div>
  );
}
