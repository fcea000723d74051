"use client";

import type { ConversationSummary } from "@harbor/contracts";
import { TITLE_MAX_CHARS } from "@harbor/contracts/limits";
import Link from "next/link";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { formatRelativeTime } from "@/lib/format-time";

import type { ConversationsState } from "../state/use-conversations";

interface ConversationSidebarProps {
  conversations: ConversationsState;
  activeId: string | null;
  onSelect(id: string): void;
  onRename(id: string, title: string): Promise<void>;
  onDelete(id: string): Promise<void>;
  onLoadMore(): void;
}

function preview(conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return "No messages yet";
  return `${last.role === "user" ? "You: " : ""}${last.content}`;
}

function RenameForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave(title: string): void;
  onCancel(): void;
}) {
  const [title, setTitle] = useState(initial);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed && trimmed !== initial) onSave(trimmed);
    else onCancel();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2 p-2" onKeyDown={onKeyDown}>
      <input
        aria-label="Conversation title"
        value={title}
        maxLength={TITLE_MAX_CHARS}
        onChange={(event) => setTitle(event.target.value)}
        // The shopper just asked to rename: put the cursor there.
        autoFocus
        className="h-9 w-full rounded-md border border-line bg-canvas px-2 text-sm text-ink focus:border-accent focus:outline-none"
      />
      <div className="flex gap-2">
        <Button size="sm" variant="primary" type="submit">
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
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
  const titleId = useId();
  const time = conversation.lastMessage?.createdAt ?? conversation.updatedAt;
  return (
    <div className="relative">
      <Link
        href={`/c/${conversation.id}`}
        aria-current={active ? "page" : undefined}
        onClick={() => onSelect(conversation.id)}
        className={cx(
          "block rounded-lg py-2 pl-3 pr-[4.75rem] transition-colors",
          "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus",
          active ? "bg-accent-soft" : "hover:bg-surface-muted",
        )}
      >
        <span id={titleId} className="block truncate text-sm font-medium text-ink">
          {conversation.title || "New conversation"}
        </span>
        <span className="block truncate text-sm text-muted">{preview(conversation)}</span>
        <time dateTime={time} className="block text-xs text-muted">
          {formatRelativeTime(time)}
        </time>
      </Link>
      <div className="absolute right-1 top-1.5 flex">
        <Button
          size="icon"
          variant="ghost"
          aria-label="Rename conversation"
          aria-describedby={titleId}
          onClick={onStartRename}
          className="size-8 text-muted hover:text-ink"
        >
          <PencilIcon />
        </Button>
        <Button
          size="icon"
          variant="ghost"
          aria-label="Delete conversation"
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
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function saveTitle(id: string, title: string) {
    setEditingId(null);
    setProblem(null);
    try {
      await props.onRename(id, title);
    } catch {
      setProblem("Couldn't rename the conversation. Please try again.");
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
      setProblem("Couldn't delete the conversation. Please try again.");
    }
  }

  return (
    <nav aria-label="Conversations" className="flex min-h-0 flex-1 flex-col">
      <h2 className="px-4 pb-2 pt-4 text-xs font-semibold uppercase tracking-wide text-muted">Conversations</h2>
      {problem && (
        <p role="alert" className="mx-3 mb-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-ink">
          {problem}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-4">
        {conversations.status === "loading" && (
          <p role="status" className="px-3 py-2 text-sm text-muted">
            Loading conversations…
          </p>
        )}
        {conversations.status === "ready" && conversations.items.length === 0 && (
          <p className="px-3 py-2 text-sm text-muted">No conversations yet. Your chats will show up here.</p>
        )}
        {conversations.status === "error" && conversations.items.length === 0 && (
          <p className="px-3 py-2 text-sm text-muted">Conversations couldn&apos;t be loaded.</p>
        )}
        <ul className="flex flex-col gap-0.5">
          {conversations.items.map((conversation) => (
            <li key={conversation.id}>
              {editingId === conversation.id ? (
                <RenameForm
                  initial={conversation.title}
                  onSave={(title) => void saveTitle(conversation.id, title)}
                  onCancel={() => setEditingId(null)}
                />
              ) : (
                <ConversationRow
                  conversation={conversation}
                  active={conversation.id === activeId}
                  onSelect={props.onSelect}
                  onStartRename={() => setEditingId(conversation.id)}
                  onAskDelete={() => setDeleting(conversation)}
                />
              )}
            </li>
          ))}
        </ul>
        {conversations.nextCursor && (
          <div className="px-2 pt-2">
            <Button size="sm" className="w-full" onClick={props.onLoadMore} disabled={conversations.loadingMore}>
              {conversations.loadingMore ? "Loading…" : "Show older conversations"}
            </Button>
          </div>
        )}
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete this conversation?"
          confirmLabel="Delete"
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          &ldquo;{deleting.title || "New conversation"}&rdquo; and all its messages will be removed. This
          can&apos;t be undone.
        </ConfirmDialog>
      )}
    </nav>
  );
}
