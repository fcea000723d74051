"use client";

import type { KnowledgeArticleSummary } from "@harbor/contracts";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";

import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";
import { formatRelativeTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";

import { listArticles } from "../../api/knowledge-api";
import { useConsole } from "../../state/console-context";
import { ArticleStatusBadge } from "./article-status-badge";

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; articles: KnowledgeArticleSummary[] };

const linkButton =
  "inline-flex h-9 items-center rounded-lg px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/** Every article with its status and when it last changed; owners start new ones here. */
export function KnowledgeList() {
  const { staff } = useConsole();
  const t = useT();
  const [state, setState] = useState<State>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    document.title = "Knowledge · Console";
    const controller = new AbortController();
    listArticles(controller.signal).then(
      ({ articles }) => setState({ status: "ready", articles }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", message: toApiError(error).message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-3 p-3 sm:p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-xl font-semibold">Knowledge</h1>
        <Link href="/console/knowledge/synonyms" className={`${linkButton} border border-line bg-surface hover:bg-surface-muted`}>
          Synonyms
        </Link>
        {staff.role === "owner" && (
          <Link href="/console/knowledge/new" className={`${linkButton} bg-accent text-on-accent hover:bg-accent-strong`}>
            New article
          </Link>
        )}
      </div>
      <p className="text-sm text-muted">
        The agent answers from the published articles, and the help center shows them. A change is live for every
        shopper as soon as it is saved.
      </p>
      {state.status === "loading" && (
        <p role="status" className="text-sm text-muted">
          Loading articles…
        </p>
      )}
      {state.status === "error" && <ErrorBanner onRetry={retry}>{state.message}</ErrorBanner>}
      {state.status === "ready" && (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-line text-left text-muted">
              <th scope="col" className="py-2 pr-2 font-medium">Title</th>
              <th scope="col" className="py-2 pr-2 font-medium">Status</th>
              <th scope="col" className="py-2 font-medium">Updated</th>
            </tr>
          </thead>
          <tbody>
            {state.articles.map((article) => (
              <tr key={article.id} className="border-b border-line">
                <td className="py-2 pr-2">
                  <Link
                    href={`/console/knowledge/${article.id}`}
                    className="font-medium underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-focus"
                  >
                    {article.title}
                  </Link>
                  <span className="block text-xs text-muted">/help/{article.slug}</span>
                </td>
                <td className="py-2 pr-2">
                  <ArticleStatusBadge status={article.status} />
                </td>
                <td className="py-2 text-muted">
                  <time dateTime={article.updatedAt} title={new Date(article.updatedAt).toLocaleString()}>
                    {formatRelativeTime(article.updatedAt, t)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
