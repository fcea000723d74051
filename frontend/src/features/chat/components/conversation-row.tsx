"use client";

import type { ConversationSummary } from "@harbor/contracts";
import Link from "next/link";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { useEmbedded } from "@/lib/embedded";
import { formatRelativeTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";
import type { Translate } from "@/lib/i18n/translate";

export { ConfirmDialog } from "@/components/ui/confirm-dialog";
export { RenameForm } from "./rename-form";

function preview(t: Translate, conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return t("sidebar.noMessages");
  return `${last.role === "user" ? t("sidebar.youPrefix") : ""}${last.content}`;
}

/** One conversation in the sidebar: its link (title, preview, time), Rename and Delete. */
export function ConversationRow({
  conversation,
  active,
  onSelect,
  onStartRename,
  onAskDelete,
}: {
  conversation: ConversationSummary;
  active: boolean;
  onSelect(id: string): void;
  onStartRename(): void;
  onAskDelete(): void;
}) {
  const t = useT();
  const embedded = useEmbedded();
  const titleId = useId();
  const time = conversation.lastMessage?.createdAt ?? conversation.updatedAt;
  return (
    <div className="relative">
      <Link
        href={`/c/${conversation.id}`}
        aria-current={active ? "page" : undefined}
        onClick={(event) => {
          // In the widget the link only switches the panel's chat (the full page stays one click away).
          if (embedded && !event.metaKey && !event.ctrlKey && !event.shiftKey) event.preventDefault();
          onSelect(conversation.id);
        }}
        className={cx(
          "block rounded-lg py-2 pl-3 pr-[4.75rem] transition-colors",
          "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus",
          active ? "bg-accent-soft" : "hover:bg-surface-muted",
        )}
      >
        <span id={titleId} className="block truncate text-sm font-medium text-ink">
          {conversation.title || t("sidebar.untitled")}
        </span>
        <span className="block truncate text-sm text-muted">{preview(t, conversation)}</span>
        <time dateTime={time} className="block text-xs text-muted">
          {formatRelativeTime(time, t)}
        </time>
      </Link>
      <div className="absolute right-1 top-1.5 flex">
        <Button
          size="icon"
          variant="ghost"
          aria-label={t("sidebar.rename")}
          aria-describedby={titleId}
          onClick={onStartRename}
          className="size-8 text-muted hover:text-ink"
        >
          <PencilIcon />
        </Button>
        <Button
          size="icon"
          variant="ghost"
          aria-label={t("sidebar.delete")}
          aria-describedby={titleId}
          onClick={onAskDelete}
          className="size-8 text-muted hover:text-danger-ink"
        >
          <TrashIcon />
        </Button>
      </div>
    </div>
  );
}
