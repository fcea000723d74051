"use client";

import type { KnowledgeRevision } from "@harbor/contracts";
import { useEffect, useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";
import { formatRelativeTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";

import { getHistory } from "../../api/knowledge-api";

const ACTION_LABELS: Record<KnowledgeRevision["action"], string> = {
  seeded: "Imported from the starter articles",
  created: "Created",
  saved: "Saved",
  published: "Published",
  unpublished: "Unpublished",
  reverted: "Reverted",
  deleted: "Deleted",
};

/** Every saved version, newest first; owners bring an older one back as a new revision. */
export function ArticleHistory({
  articleId,
  currentRevision,
  canRevert,
  onRevert,
}: {
  articleId: string;
  /** Changes whenever the article does, so the list is read again. */
  currentRevision: number;
  canRevert: boolean;
  onRevert(revision: number): Promise<void>;
}) {
  const t = useT();
  const [revisions, setRevisions] = useState<KnowledgeRevision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<KnowledgeRevision | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getHistory(articleId, controller.signal).then(
      (history) => {
        setRevisions(history.revisions);
        setError(null);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(toApiError(e).message);
      },
    );
    return () => controller.abort();
  }, [articleId, currentRevision]);

  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-2 rounded-xl border border-line bg-surface p-3">
      <h2 id="history-heading" className="text-base font-semibold">
        History
      </h2>
      {error && <ErrorBanner>{error}</ErrorBanner>}
      {!revisions && !error && <p className="text-sm text-muted">Loading history…</p>}
      {revisions && (
        <ol className="flex flex-col gap-1 text-sm">
          {revisions.map((r) => (
            <li key={r.revision} className="flex flex-wrap items-center gap-2 border-b border-line py-1.5">
              <span className="font-medium">r{r.revision}</span>
              <span>{ACTION_LABELS[r.action]}</span>
              <span className="text-muted">
                {r.author ? `by ${r.author.name}, ` : ""}
                <time dateTime={r.at} title={new Date(r.at).toLocaleString()}>
                  {formatRelativeTime(r.at, t)}
                </time>
              </span>
              <span className="min-w-0 flex-1 truncate text-muted">“{r.title}”</span>
              {canRevert && r.revision !== currentRevision && r.action !== "deleted" && (
                <Button size="sm" onClick={() => setConfirming(r)}>
                  Revert to r{r.revision}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Revert to revision ${confirming.revision}?`}
          confirmLabel="Revert"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const revision = confirming.revision;
            setConfirming(null);
            void onRevert(revision);
          }}
        >
          Its title, slug and text come back as a new revision; the status stays as it is now. Nothing is lost: the
          current version stays in the history.
        </ConfirmDialog>
      )}
    </section>
  );
}
