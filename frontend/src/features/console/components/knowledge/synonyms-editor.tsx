"use client";

import type { KnowledgeSynonym } from "@harbor/contracts";
import Link from "next/link";
import { useEffect, useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";

import { getSynonyms, putSynonyms } from "../../api/knowledge-api";
import { useConsole } from "../../state/console-context";
import { TryPanel } from "./try-panel";

type Match = KnowledgeSynonym["match"];

const toLines = (synonyms: KnowledgeSynonym[], match: Match) =>
  synonyms
    .filter((s) => s.match === match)
    .map((s) => `${s.term} = ${s.means}`)
    .join("\n");

/** `term = means` lines into synonyms, or the first line that is not one. */
export function parseSynonymLines(text: string, match: Match): { synonyms: KnowledgeSynonym[] } | { error: string } {
  const synonyms: KnowledgeSynonym[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [term, means, ...rest] = line.split("=").map((part) => part.trim());
    if (!term || !means || rest.length > 0) {
      return { error: `Line ${index + 1} of the ${match === "word" ? "words" : "places and phrases"}: write it as “term = means”.` };
    }
    synonyms.push({ term: term.toLowerCase(), means: means.toLowerCase(), match });
  }
  return { synonyms };
}

/** The store-wide synonyms: words (with their forms) and exact places or phrases, each meaning one term. */
export function SynonymsEditor() {
  const { staff } = useConsole();
  const owner = staff.role === "owner";
  const ids = useId();
  const [words, setWords] = useState("");
  const [phrases, setPhrases] = useState("");
  const [status, setStatus] = useState<"loading" | "ready" | "saving">("loading");
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = "Synonyms · Knowledge · Console";
    const controller = new AbortController();
    getSynonyms(controller.signal).then(
      ({ synonyms }) => {
        setWords(toLines(synonyms, "word"));
        setPhrases(toLines(synonyms, "phrase"));
        setStatus("ready");
        setProblem(null);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setProblem(toApiError(error).message);
      },
    );
    return () => controller.abort();
  }, [attempt]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    // Phrases first: they are read before the words, in this order.
    const parsedPhrases = parseSynonymLines(phrases, "phrase");
    const parsedWords = parseSynonymLines(words, "word");
    const failed = "error" in parsedPhrases ? parsedPhrases : "error" in parsedWords ? parsedWords : null;
    if (failed && "error" in failed) {
      setProblem(failed.error);
      return;
    }
    if ("error" in parsedPhrases || "error" in parsedWords) return;
    setStatus("saving");
    setProblem(null);
    try {
      const { synonyms } = await putSynonyms([...parsedPhrases.synonyms, ...parsedWords.synonyms]);
      setWords(toLines(synonyms, "word"));
      setPhrases(toLines(synonyms, "phrase"));
      setNotice(`Saved ${synonyms.length} synonyms: questions are read with them now.`);
    } catch (error) {
      setProblem(toApiError(error).message);
    } finally {
      setStatus("ready");
    }
  }

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-4 p-3 sm:p-4">
      <div>
        <Link href="/console/knowledge" className="text-sm text-muted underline-offset-2 hover:underline">
          ← Knowledge
        </Link>
        <h1 className="text-xl font-semibold">Synonyms</h1>
        <p className="text-sm text-muted">
          Shoppers say things the articles do not. Each line is <code>term = means</code>: the term the shopper writes
          and the word the articles use.
        </p>
      </div>
      {!owner && <p className="text-sm text-muted">Only an owner can change the synonyms.</p>}
      {problem && <ErrorBanner onRetry={status === "loading" ? () => setAttempt((n) => n + 1) : undefined}>{problem}</ErrorBanner>}
      {notice && (
        <p role="status" className="text-sm text-accent-ink">
          {notice}
        </p>
      )}
      {status !== "loading" && (
        <form onSubmit={onSubmit} className="flex flex-col gap-3">
          <fieldset disabled={!owner || status === "saving"} className="grid gap-3 md:grid-cols-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${ids}-words`} className="text-sm font-medium">
                Words
              </label>
              <p className="text-xs text-muted">One word; its other forms match too (“reimburse = refund” also reads “reimbursed”).</p>
              <textarea
                id={`${ids}-words`}
                value={words}
                onChange={(event) => setWords(event.target.value)}
                className="min-h-96 w-full rounded-lg border border-line bg-canvas px-3 py-2 font-mono text-sm"
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${ids}-phrases`} className="text-sm font-medium">
                Places and phrases
              </label>
              <p className="text-xs text-muted">Exactly these words, read first (“new york = usa”, “toronto = canada”).</p>
              <textarea
                id={`${ids}-phrases`}
                value={phrases}
                onChange={(event) => setPhrases(event.target.value)}
                className="min-h-96 w-full rounded-lg border border-line bg-canvas px-3 py-2 font-mono text-sm"
              />
            </div>
          </fieldset>
          {owner && (
            <div>
              <Button type="submit" variant="primary" disabled={status === "saving"}>
                {status === "saving" ? "Saving…" : "Save synonyms"}
              </Button>
            </div>
          )}
        </form>
      )}
      <TryPanel />
    </div>
  );
}
