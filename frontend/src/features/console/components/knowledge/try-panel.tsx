"use client";

import type { KnowledgeArticleInput, KnowledgeTryResponse } from "@harbor/contracts";
import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";
import { cx } from "@/lib/cx";

import { tryQuestion } from "../../api/knowledge-api";

/**
 * "Try it": a shopper's question, the articles that rank for it with their scores, and the reply
 * the agent would give. In the editor it can use the article's unsaved text (`draft`).
 */
export function TryPanel({
  initialQuestion = "",
  draft,
}: {
  initialQuestion?: string;
  /** The unsaved article, when the panel sits in the editor. */
  draft?: () => KnowledgeArticleInput & { id?: string };
}) {
  const questionId = useId();
  const [question, setQuestion] = useState(initialQuestion);
  const [useDraft, setUseDraft] = useState(Boolean(draft));
  const [state, setState] = useState<
    { status: "idle" } | { status: "loading" } | { status: "error"; message: string } | { status: "ready"; result: KnowledgeTryResponse }
  >({ status: "idle" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!question.trim()) return;
    setState({ status: "loading" });
    try {
      const result = await tryQuestion(question.trim(), draft && useDraft ? draft() : undefined);
      setState({ status: "ready", result });
    } catch (error) {
      setState({ status: "error", message: toApiError(error).message });
    }
  }

  return (
    <section aria-labelledby={`${questionId}-heading`} className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-3">
      <h2 id={`${questionId}-heading`} className="text-base font-semibold">
        Try it
      </h2>
      <form onSubmit={onSubmit} className="flex flex-col gap-2">
        <label htmlFor={questionId} className="text-sm font-medium">
          A shopper&apos;s question
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={questionId}
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            maxLength={4000}
            className="h-10 min-w-0 flex-1 rounded-lg border border-line bg-canvas px-3 text-sm"
            placeholder="How long does shipping to Canada take?"
          />
          <Button type="submit" variant="primary" disabled={!question.trim() || state.status === "loading"}>
            {state.status === "loading" ? "Trying…" : "Try it"}
          </Button>
        </div>
        {draft && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={useDraft} onChange={(event) => setUseDraft(event.target.checked)} />
            Use this article as it is in the editor (unsaved changes included)
          </label>
        )}
      </form>
      {state.status === "error" && <ErrorBanner>{state.message}</ErrorBanner>}
      {state.status === "ready" && <TryResult result={state.result} />}
    </section>
  );
}

function TryResult({ result }: { result: KnowledgeTryResponse }) {
  const { answer } = result;
  return (
    <div className="flex flex-col gap-3" aria-live="polite">
      <p className="text-xs text-muted">
        Read as: <span className="font-mono">{result.understood}</span>
      </p>
      <div>
        <h3 className="text-sm font-semibold">Articles that rank</h3>
        {result.results.length === 0 ? (
          <p className="text-sm text-muted">No article matches this question.</p>
        ) : (
          <ol className="mt-1 flex flex-col gap-2">
            {result.results.map((r, index) => (
              <li key={r.slug} className="rounded-lg border border-line p-2 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">
                    {index + 1}. {r.title}
                  </span>
                  <span className="text-xs text-muted">score {r.score.toFixed(2)}</span>
                  {r.confident && (
                    <span className="rounded-full border border-accent px-2 text-xs text-accent-ink">confident: cited as a source</span>
                  )}
                  {r.draft && <span className="rounded-full border border-warn px-2 text-xs text-warn">unsaved draft</span>}
                </div>
                <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-xs text-muted">{r.passage}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div>
        <h3 className="text-sm font-semibold">
          The agent would answer{" "}
          <span className="font-normal text-muted">({answer.responder === "mistral" ? "Mistral" : "offline responder"})</span>
        </h3>
        {/* Plain text, as every text in the console (decision 011). */}
        <p className={cx("mt-1 whitespace-pre-wrap rounded-lg bg-surface-muted p-2 text-sm", !answer.text && "text-muted")}>
          {answer.text || "(no words: it hands over at once)"}
        </p>
        {answer.handedOff && <p className="mt-1 text-sm text-warn">It would hand the conversation to a person.</p>}
        {answer.sources.length > 0 && (
          <p className="mt-1 text-xs text-muted">Sources: {answer.sources.map((s) => s.title).join(", ")}</p>
        )}
      </div>
    </div>
  );
}
