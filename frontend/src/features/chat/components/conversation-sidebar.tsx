"use client";

import type { ConversationSummary } from "@harbor/contracts";
import { lazy, Suspense, useState } from "react";

import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-provider";

import type { ConversationsState } from "../state/use-conversations";

// A first visit has no conversations: the rows (links, times, their buttons, the rename form and
// the delete dialog) come with the first of them (preloaded by the chat shell for a returning
// visitor), not with the chat's first load (bench/README.md, "Web app"). Renaming and deleting
// start from a row, so by then their form and dialog are here and show at once.
type RowViews = typeof import("./conversation-row");
let rowViews: RowViews | null = null;
const loadRowViews = () => import("./conversation-row").then((module) => (rowViews = module));
const ConversationRow = lazy(() => loadRowViews().then((module) => ({ default: module.ConversationRow })));

interface ConversationSidebarProps {
  conversations: ConversationsState;
  activeId: string | null;
  onSelect(id: string): void;
  onRename(id: string, title: string): Promise<void>;
  onDelete(id: string): Promise<void>;
  onLoadMore(): void;
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
        <Suspense fallback={null}>
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
                  {editingId === conversation.id && rowViews ? (
                    <rowViews.RenameForm
                      initial={conversation.title}
                      onSave={(title) => void saveTitle(conversation.id, title)}
                      onCancel={() => setEditingId(null)}
                    />
                  ) : (
                    row
                  )}
                </li>
              );
            })}
          </ul>
        </Suspense>
        {conversations.nextCursor && (
          <div className="px-2 pt-2">
            <Button size="sm" className="w-full" onClick={props.onLoadMore} disabled={conversations.loadingMore}>
              {conversations.loadingMore ? t("common.loading") : t("sidebar.showOlder")}
            </Button>
          </div>
        )}
      </div>
      {deleting && rowViews && (
        <rowViews.ConfirmDialog
          title={t("sidebar.confirmTitle")}
          confirmLabel={t("sidebar.confirmDelete")}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          {t("sidebar.confirmBody", { title: deleting.title || t("sidebar.untitled") })}
        </rowViews.ConfirmDialog>
      )}
    </nav>
  );
}

/** Starts loading the rows (a returning visitor has conversations to list). */
export function preloadConversationRows(): void {
  loadRowViews().catch(() => {
    // The list loads them itself when it has rows to show.
  });
}
