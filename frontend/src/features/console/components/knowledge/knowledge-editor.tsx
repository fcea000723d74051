"use client";

import {
  KNOWLEDGE_BODY_MAX_CHARS,
  KNOWLEDGE_CATEGORY_MAX_CHARS,
  KNOWLEDGE_SLUG_MAX_CHARS,
  KNOWLEDGE_SUMMARY_MAX_CHARS,
  KNOWLEDGE_TITLE_MAX_CHARS,
  type KnowledgeArticle,
  type KnowledgeArticleStatus,
} from "@harbor/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorBanner } from "@/components/ui/error-banner";
import SafeMarkdown from "@/components/ui/safe-markdown";
import { toApiError } from "@/lib/api/api-error";

import {
  createArticle,
  deleteArticle,
  getArticle,
  revertArticle,
  setArticleStatus,
  updateArticle,
} from "../../api/knowledge-api";
import { useConsole } from "../../state/console-context";
import { ArticleHistory } from "./article-history";
import { ArticleStatusBadge } from "./article-status-badge";
import {
  EMPTY_FORM,
  formFromArticle,
  formFromQuestion,
  inputFromForm,
  sameForm,
  slugify,
  type ArticleForm,
} from "./article-form";
import { TryPanel } from "./try-panel";

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ready" };

const inputClass = "w-full rounded-lg border border-line bg-canvas px-3 py-2 text-sm disabled:opacity-70";

function Field({ label, hint, children, id }: { label: string; hint?: string; id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * One article: its fields, the body with a live preview, Save / Publish / Unpublish / Delete, its
 * history and "Try it". A new article (no `articleId`) may start from a shopper's question.
 */
export function KnowledgeEditor({ articleId, question }: { articleId?: string; question?: string }) {
  const router = useRouter();
  const { staff } = useConsole();
  const owner = staff.role === "owner";
  const ids = useId();
  const [load, setLoad] = useState<Load>(articleId ? { status: "loading" } : { status: "ready" });
  const [article, setArticle] = useState<KnowledgeArticle | null>(null);
  const [form, setForm] = useState<ArticleForm>(() => (question ? formFromQuestion(question) : EMPTY_FORM));
  const [slugTouched, setSlugTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!articleId) return;
    const controller = new AbortController();
    getArticle(articleId, controller.signal).then(
      (loaded) => {
        setArticle(loaded);
        setForm(formFromArticle(loaded));
        setLoad({ status: "ready" });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: "error", message: toApiError(error).message });
      },
    );
    return () => controller.abort();
  }, [articleId, attempt]);

  useEffect(() => {
    document.title = `${article?.title ?? "New article"} · Knowledge · Console`;
  }, [article?.title]);

  const dirty = article ? !sameForm(form, formFromArticle(article)) : !sameForm(form, EMPTY_FORM);

  function set<K extends keyof ArticleForm>(key: K, value: string) {
    setNotice(null);
    setForm((current) => {
      const next = { ...current, [key]: value };
      // A new article's slug follows its title until the owner writes one.
      if (key === "title" && !article && !slugTouched) next.slug = slugify(value);
      return next;
    });
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setProblem(toApiError(error).message);
    } finally {
      setBusy(false);
    }
  }

  const saved = (next: KnowledgeArticle, message: string) => {
    setArticle(next);
    setForm(formFromArticle(next));
    setNotice(message);
  };

  const save = (status?: KnowledgeArticleStatus) =>
    run(async () => {
      if (!article) {
        const created = await createArticle({ ...inputFromForm(form), status: status ?? "draft" });
        router.replace(`/console/knowledge/${created.id}`);
        saved(created, status === "published" ? "Published." : "Saved as a draft.");
        return;
      }
      let next = article;
      if (dirty) next = await updateArticle(article.id, { ...inputFromForm(form), revision: article.revision });
      if (status && status !== next.status) next = await setArticleStatus(article.id, status);
      saved(next, status === "published" ? "Published: the agent and the help center use it now." : status === "draft" ? "Unpublished." : "Saved.");
    });

  if (load.status === "loading") {
    return (
      <p role="status" className="p-4 text-sm text-muted">
        Loading the article…
      </p>
    );
  }
  if (load.status === "error") {
    return (
      <div className="p-4">
        <ErrorBanner onRetry={() => setAttempt((n) => n + 1)}>{load.message}</ErrorBanner>
      </div>
    );
  }

  const published = article?.status === "published";
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-3 sm:p-4">
      <div className="flex flex-wrap items-center gap-2">
        <Link href="/console/knowledge" className="text-sm text-muted underline-offset-2 hover:underline">
          ← Knowledge
        </Link>
        <h1 className="mr-auto w-full text-xl font-semibold sm:w-auto">{article ? article.title : "New article"}</h1>
        {article && <ArticleStatusBadge status={article.status} />}
        {article?.status === "published" && (
          <a href={`/help/${article.slug}`} target="_blank" rel="noopener" className="text-sm text-link underline underline-offset-2">
            View in the help center
          </a>
        )}
      </div>
      {!owner && <p className="text-sm text-muted">Only an owner can change articles. You can read them and try questions.</p>}
      {problem && <ErrorBanner>{problem}</ErrorBanner>}
      {notice && (
        <p role="status" className="text-sm text-accent-ink">
          {notice}
        </p>
      )}
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={!owner || busy} className="grid gap-3 md:grid-cols-2">
          <Field id={`${ids}-title`} label="Title">
            <input
              id={`${ids}-title`}
              className={inputClass}
              value={form.title}
              maxLength={KNOWLEDGE_TITLE_MAX_CHARS}
              required
              onChange={(event) => set("title", event.target.value)}
            />
          </Field>
          <Field id={`${ids}-slug`} label="Slug" hint={`Its address in the help center: /help/${form.slug || "…"}`}>
            <input
              id={`${ids}-slug`}
              className={inputClass}
              value={form.slug}
              maxLength={KNOWLEDGE_SLUG_MAX_CHARS}
              required
              aria-describedby={`${ids}-slug-hint`}
              onChange={(event) => {
                setSlugTouched(true);
                set("slug", event.target.value);
              }}
            />
          </Field>
          <Field id={`${ids}-category`} label="Category">
            <input
              id={`${ids}-category`}
              className={inputClass}
              value={form.category}
              maxLength={KNOWLEDGE_CATEGORY_MAX_CHARS}
              placeholder="General"
              onChange={(event) => set("category", event.target.value)}
            />
          </Field>
          <Field id={`${ids}-summary`} label="Summary" hint="One sentence, shown in the help center's list.">
            <input
              id={`${ids}-summary`}
              className={inputClass}
              value={form.summary}
              maxLength={KNOWLEDGE_SUMMARY_MAX_CHARS}
              aria-describedby={`${ids}-summary-hint`}
              onChange={(event) => set("summary", event.target.value)}
            />
          </Field>
          <Field id={`${ids}-body`} label="Body (markdown)">
            <textarea
              id={`${ids}-body`}
              className={`${inputClass} min-h-72 font-mono`}
              value={form.body}
              maxLength={KNOWLEDGE_BODY_MAX_CHARS}
              required
              onChange={(event) => set("body", event.target.value)}
            />
          </Field>
          <div className="flex flex-col gap-1">
            <p className="text-sm font-medium" id={`${ids}-preview-label`}>
              Preview
            </p>
            <div
              aria-labelledby={`${ids}-preview-label`}
              role="region"
              className="min-h-72 leading-relaxed overflow-auto rounded-lg border border-line bg-surface p-3 text-sm"
            >
              {form.body.trim() ? <SafeMarkdown>{form.body}</SafeMarkdown> : <p className="text-muted">Nothing to preview yet.</p>}
            </div>
          </div>
          <div className="md:col-span-2">
            <Field
              id={`${ids}-questions`}
              label="Alternative phrasings"
              hint="One question per line, as shoppers would ask it. Retrieval reads them like the title."
            >
              <textarea
                id={`${ids}-questions`}
                className={`${inputClass} min-h-28`}
                value={form.questions}
                aria-describedby={`${ids}-questions-hint`}
                onChange={(event) => set("questions", event.target.value)}
              />
            </Field>
          </div>
        </fieldset>
        {owner && (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant={published || !article ? "secondary" : "primary"} disabled={busy || (article !== null && !dirty)}>
              {published ? "Save changes (live at once)" : "Save draft"}
            </Button>
            {!published && (
              <Button variant="primary" disabled={busy} onClick={() => void save("published")}>
                Publish
              </Button>
            )}
            {published && (
              <Button disabled={busy} onClick={() => void save("draft")}>
                Unpublish
              </Button>
            )}
            {article && (
              <Button variant="danger" className="ml-auto" disabled={busy} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
          </div>
        )}
      </form>

      <TryPanel
        initialQuestion={question ?? ""}
        draft={owner ? () => ({ ...inputFromForm(form), ...(article ? { id: article.id } : {}) }) : undefined}
      />

      {article && (
        <ArticleHistory
          articleId={article.id}
          currentRevision={article.revision}
          canRevert={owner}
          onRevert={(revision) => run(async () => saved(await revertArticle(article.id, revision), `Reverted to revision ${revision}.`))}
        />
      )}

      {confirmDelete && article && (
        <ConfirmDialog
          title={`Delete “${article.title}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void run(async () => {
              await deleteArticle(article.id);
              router.push("/console/knowledge");
            });
          }}
        >
          The agent stops answering from it and the help center no longer shows it. Its history is kept.
        </ConfirmDialog>
      )}
    </div>
  );
}
