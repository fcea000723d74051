"use client";

import type { Feedback, FeedbackRating } from "@harbor/contracts";
import { FEEDBACK_REASON_MAX_CHARS } from "@harbor/contracts/limits";
import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ThumbDownIcon, ThumbUpIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { useT } from "@/lib/i18n/i18n-provider";

interface FeedbackControlsProps {
  feedback: Feedback | null;
  /** Resolves once saved; rejects (and the parent reverts) when the API refuses. */
  onRate(rating: FeedbackRating | null, reason?: string): Promise<void>;
}

export function FeedbackControls({ feedback, onRate }: FeedbackControlsProps) {
  const t = useT();
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const reasonId = useId();
  const rating = feedback?.rating ?? null;

  async function rate(next: FeedbackRating | null, withReason?: string) {
    setNote(null);
    try {
      await onRate(next, withReason);
      if (withReason !== undefined || next === "up") setNote(t("feedback.thanks"));
    } catch {
      setNote(t("feedback.saveFailed"));
    }
  }

  function toggle(choice: FeedbackRating) {
    // Pressing the chosen thumb again takes the rating back.
    const next = rating === choice ? null : choice;
    setAskReason(next === "down");
    setReason("");
    void rate(next);
  }

  function submitReason(event: FormEvent) {
    event.preventDefault();
    setAskReason(false);
    const trimmed = reason.trim();
    if (trimmed) void rate("down", trimmed);
    else setNote(t("feedback.thanks"));
  }

  const thumb = (choice: FeedbackRating, label: string, icon: React.ReactNode) => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={rating === choice}
      title={label}
      onClick={() => toggle(choice)}
      className={cx(
        "inline-flex size-8 items-center justify-center rounded-md transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus",
        rating === choice ? "bg-accent-soft text-accent-ink" : "text-muted hover:bg-surface-muted hover:text-ink",
      )}
    >
      {icon}
    </button>
  );

  return (
    <div className="mt-1 flex flex-col gap-2">
      <div className="flex items-center gap-1">
        {thumb("up", t("feedback.helpful"), <ThumbUpIcon />)}
        {thumb("down", t("feedback.notHelpful"), <ThumbDownIcon />)}
        {note && (
          <span className="ml-1 text-xs text-muted" role="status">
            {note}
          </span>
        )}
      </div>
      {askReason && (
        <form onSubmit={submitReason} className="flex max-w-md flex-col gap-2 sm:flex-row sm:items-center">
          <label htmlFor={reasonId} className="sr-only">
            {t("feedback.reasonPrompt")}
          </label>
          <input
            id={reasonId}
            value={reason}
            maxLength={FEEDBACK_REASON_MAX_CHARS}
            onChange={(event) => setReason(event.target.value)}
            placeholder={t("feedback.reasonPrompt")}
            className="h-8 min-w-0 flex-1 rounded-md border border-line bg-canvas px-2 text-sm text-ink placeholder:text-muted focus:border-accent focus:outline-none"
          />
          <div className="flex gap-2">
            <Button size="sm" type="submit" variant="primary">
              {t("feedback.submitReason")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAskReason(false)}>
              {t("feedback.skip")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
