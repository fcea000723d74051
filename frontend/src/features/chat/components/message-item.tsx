"use client";

import type { FeedbackRating } from "@harbor/contracts";
import { memo } from "react";

import { Button } from "@/components/ui/button";
import { cx } from "@/lib/cx";
import { useEmbedded } from "@/lib/embedded";
import { formatMessageTime } from "@/lib/format-time";
import { errorText } from "@/lib/i18n/error-text";
import type { MessageKey } from "@/lib/i18n/en";
import { useT } from "@/lib/i18n/i18n-provider";
import type { Translate } from "@/lib/i18n/translate";

import type { ChatEntry } from "../state/chat-types";
import { FeedbackControls } from "./feedback-controls";
import { HandoffButton } from "./handoff-button";
import { MessageContent } from "./message-content";

interface MessageItemProps {
  entry: ChatEntry;
  /** Seconds left before Retry may be pressed (after a 429). */
  cooldown: number;
  onRetry(localId: string): void;
  onRate(messageId: string, rating: FeedbackRating | null, reason?: string): Promise<void>;
  /** The store's name, for a staff member's label. */
  storeName?: string | null;
  /** Set under the latest agent reply that found nothing to cite (or failed): offers a person. */
  onHandoff?: () => Promise<void>;
}

const TOOL_LABELS: Record<string, MessageKey> = {
  lookup_order: "message.lookingUpOrder",
  check_return_eligibility: "message.checkingReturn",
};

/** Sources come from our API as /help/<slug>; anything else is shown without a link. */
function sourceHref(url: string): string | null {
  return url.startsWith("/help/") || /^https?:\/\//i.test(url) ? url : null;
}

function labelOf(t: Translate, entry: ChatEntry, storeName: string | null | undefined): string {
  if (entry.role === "user") return t("message.you");
  if (entry.role === "staff") {
    const name = entry.author?.name ?? t("message.supportTeam");
    return storeName ? t("message.staffFrom", { name, store: storeName }) : name;
  }
  return t("message.agent");
}

function MessageItemView({ entry, cooldown, onRetry, onRate, storeName, onHandoff }: MessageItemProps) {
  const isUser = entry.role === "user";
  const isStaff = entry.role === "staff";
  const isAgent = entry.role === "assistant";
  const t = useT();
  const embedded = useEmbedded();
  const time = formatMessageTime(entry.createdAt, t);
  const label = labelOf(t, entry, storeName);
  return (
    <article
      data-role={entry.role}
      data-key={entry.key}
      aria-label={label}
      className={cx("message-item flex w-full", isUser ? "justify-end" : "justify-start")}
    >
      <div className={cx("flex min-w-0 max-w-[min(42rem,88%)] flex-col", isUser ? "items-end" : "items-start")}>
        {isStaff && (
          <p className="mb-1 px-1 text-xs font-semibold text-accent-ink">
            {entry.author?.name ?? t("message.supportTeam")}
            <span className="font-normal text-muted">
              {" · "}
              {storeName ? t("message.storeTeam", { store: storeName }) : t("message.supportTeam")}
            </span>
          </p>
        )}
        <div
          className={cx(
            "min-w-0 max-w-full rounded-2xl px-4 py-2.5 text-[0.95rem] leading-relaxed break-words",
            isUser && "rounded-br-md bg-accent text-on-accent",
            isAgent && "rounded-bl-md border border-line bg-surface text-ink",
            isStaff && "rounded-bl-md border-2 border-accent bg-accent-soft text-ink",
            entry.delivery === "failed" && "opacity-80 ring-2 ring-danger",
          )}
        >
          {/* The shopper's and the team's words are plain text; only the agent's replies are Markdown. */}
          {isUser || isStaff ? (
            <p className="whitespace-pre-wrap">{entry.content}</p>
          ) : entry.content ? (
            <MessageContent text={entry.content} />
          ) : null}
          {entry.tool && (
            <p role="status" className="flex items-center gap-2 text-sm text-muted">
              <span className="spinner" aria-hidden="true" />
              {t(TOOL_LABELS[entry.tool.toolName] ?? "message.checkingOrder")} {entry.tool.orderNumber ?? ""}…
            </p>
          )}
        </div>

        {isAgent && entry.sources.length > 0 && !entry.streaming && (
          <div className="mt-1.5 text-xs text-muted">
            <span aria-hidden="true">{t("message.sourcesPrefix")}</span>
            <ul aria-label={t("message.sources")} className="inline">
              {entry.sources.map((source, index) => {
                const href = sourceHref(source.url);
                return (
                  <li key={source.id} className="inline">
                    {href ? (
                      <a
                        href={href}
                        target={embedded ? "_blank" : undefined}
                        rel={embedded ? "noopener" : undefined}
                        className="text-link underline underline-offset-2 hover:no-underline"
                      >
                        {source.title}
                      </a>
                    ) : (
                      source.title
                    )}
                    {index < entry.sources.length - 1 ? ", " : ""}
                  </li>
                );
              })}
            </ul>
          </div>
        )}

        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 px-1 text-xs text-muted">
          {time && <time dateTime={entry.createdAt}>{time}</time>}
          {entry.delivery === "sending" && <span>{t("message.sending")}</span>}
          {isAgent && entry.status === "stopped" && !entry.streaming && <span>{t("message.stopped")}</span>}
          {entry.delivery === "failed" && (
            <>
              <span className="font-medium text-danger-ink">
                {t("message.notSent", { reason: entry.failure ? errorText(t, entry.failure) : "" })}
              </span>
              <Button size="sm" onClick={() => onRetry(entry.key)} disabled={cooldown > 0}>
                {cooldown > 0 ? t("message.retryIn", { count: cooldown }) : t("common.retry")}
              </Button>
            </>
          )}
        </div>

        {isAgent && entry.id && !entry.streaming && entry.content && (
          <FeedbackControls
            feedback={entry.feedback}
            onRate={(rating, reason) => onRate(entry.id as string, rating, reason)}
          />
        )}
        {isAgent && onHandoff && !entry.streaming && (
          <div className="mt-1 flex flex-wrap items-center gap-2 px-1 text-xs text-muted">
            <span>{t("message.notWhatYouNeeded")}</span>
            <HandoffButton onHandoff={onHandoff} />
          </div>
        )}
      </div>
    </article>
  );
}

// Memoised: while a reply streams only its own item re-renders, not the whole history.
export const MessageItem = memo(MessageItemView);
