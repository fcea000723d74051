"use client";

import type { ConversationSummary } from "@harbor/contracts";
import Link from "next/link";
import { lazy, Suspense, useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { formatRelativeTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";
import type { Translate } from "@/lib/i18n/translate";
import { useEmbedded } from "@/lib/embedded";

import type { ConversationsState } from "../state/use-conversations";

// Renaming and deleting are rare: their form and dialog come in a chunk of their own when asked
// for (a moment after the click), not with the chat's first load (bench/README.md, "Web app").
const RenameForm = lazy(() => import("./rename-form").then((module) => ({ default: module.RenameForm })));
const ConfirmDialog = lazy(() => import("@/components/ui/confirm-dialog").then((module) => ({ default: module.ConfirmDialog })));

interface ConversationSidebarProps {
  conversations: ConversationsState;
  activeId: string | null;
  onSelect(id: string): void;
  onRename(id: string, title: string): Promise<void>;
  onDelete(id: string): Promise<void>;
  onLoadMore(): void;
}

function preview(t: Translate, conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return t("sidebar.noMessages");
  return `${last.role === "user" ? t("sidebar.youPrefix") : ""}${last.content}`;
}

function ConversationRow({
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

export function ConversationSidebar(props: ConversationSidebarProps) {
  const { conversations, activeId } = props;
  const t = useT();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function saveTitle(id: string, title: string) {
    setEditingId(null);
    setProblem(null);
    try {
      await props.onRename(id, title);
    } catch {
      setProblem(t("sidebar.renameFailed"));
    }
  }

  async function confirmDelete() {
    const target = deleting;
    setDeleting(null);
    if (!target) return;
    setProblem(null);
    try {
      await props.onDelete(target.id);
    } catch {
      setProblem(t("sidebar.deleteFailed"));
    }
  }

  return (
    <nav aria-label={t("sidebar.label")} className="flex min-h-0 flex-1 flex-col">
      <h2 className="px-4 pb-2 pt-4 text-xs font-semibold uppercase tracking-wide text-muted">{t("sidebar.label")}</h2>
      {problem && (
        <p role="alert" className="mx-3 mb-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-ink">
          {problem}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-4">
        {conversations.status === "loading" && (
          <p role="status" className="px-3 py-2 text-sm text-muted">
            {t("sidebar.loading")}
          </p>
        )}
        {conversations.status === "ready" && conversations.items.length === 0 && (
          <p className="px-3 py-2 text-sm text-muted">{t("sidebar.empty")}</p>
        )}
        {conversations.status === "error" && conversations.items.length === 0 && (
          <p className="px-3 py-2 text-sm text-muted">{t("sidebar.loadFailed")}</p>
        )}
        <ul className="flex flex-col gap-0.5">
          {conversations.items.map((conversation) => {
            const row = (
              <ConversationRow
                conversation={conversation}
                active={conversation.id === activeId}
                onSelect={props.onSelect}
                onStartRename={() => setEditingId(conversation.id)}
                onAskDelete={() => setDeleting(conversation)}
              />
            );
            return (
              <li key={conversation.id}>
                {editingId === conversation.id ? (
                  <Suspense fallback={row}>
                    <RenameForm
                      initial={conversation.title}
                      onSave={(title) => void saveTitle(conversation.id, title)}
                      onCancel={() => setEditingId(null)}
                    />
                  </Suspense>
                ) : (
                  row
                )}
              </li>
            );
          })}
        </ul>
        {conversations.nextCursor && (
          <div className="px-2 pt-2">
            <Button size="sm" className="w-full" onClick={props.onLoadMore} disabled={conversations.loadingMore}>
              {conversations.loadingMore ? t("common.loading") : t("sidebar.showOlder")}
            </Button>
          </div>
        )}
      </div>
      {deleting && (
        <Suspense fallback={null}>
          <ConfirmDialog
            title={t("sidebar.confirmTitle")}
            confirmLabel={t("sidebar.confirmDelete")}
            onConfirm={() => void confirmDelete()}
            onCancel={() => setDeleting(null)}
          >
            {t("sidebar.confirmBody", { title: deleting.title || t("sidebar.untitled") })}
          </ConfirmDialog>
        </Suspense>
      )}
    </nav>
  );
}
