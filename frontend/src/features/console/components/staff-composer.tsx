"use client";

import { MESSAGE_MAX_CHARS } from "@harbor/contracts/limits";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { toApiError } from "@/lib/api/api-error";

/** The shopper sees "… is typing" for ~4 s after a ping; one every 2 s keeps it steady. */
export const TYPING_PING_INTERVAL_MS = 2000;

interface StaffComposerProps {
  onSend(content: string): Promise<void>;
  onTyping(): void;
  /** Replying needs the conversation to be yours; the reason is shown when it is not. */
  disabledReason?: string | null;
  now?: () => number;
}

export function StaffComposer({ onSend, onTyping, disabledReason = null, now = Date.now }: StaffComposerProps) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lastPing = useRef(0);
  const hintId = useId();
  const disabled = disabledReason !== null;

  function onChange(value: string) {
    setText(value);
    if (!value.trim() || disabled) return;
    const at = now();
    if (at - lastPing.current >= TYPING_PING_INTERVAL_MS) {
      lastPing.current = at;
      onTyping();
    }
  }

  async function submit() {
    const content = text.trim();
    if (!content || sending || disabled) return;
    setSending(true);
    setError(null);
    try {
      await onSend(content);
      setText("");
      lastPing.current = 0;
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setSending(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-2" aria-label="Reply">
      <label htmlFor={`${hintId}-input`} className="text-sm font-medium">
        Reply to the shopper
      </label>
      <textarea
        id={`${hintId}-input`}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={MESSAGE_MAX_CHARS}
        rows={3}
        disabled={disabled}
        aria-describedby={`${hintId}-hint`}
        className="w-full resize-y rounded-lg border border-line bg-surface px-3 py-2 text-[0.95rem] focus:border-accent focus-visible:outline-2 focus-visible:outline-focus disabled:opacity-60"
      />
      <div className="flex flex-wrap items-center gap-2">
        <p id={`${hintId}-hint`} className="min-w-0 flex-1 text-xs text-muted">
          {disabledReason ?? "Enter sends, Shift+Enter adds a line. The shopper sees your name."}
        </p>
        <Button type="submit" variant="primary" disabled={disabled || sending || !text.trim()}>
          {sending ? "Sending…" : "Send"}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-danger-ink">
          Not sent: {error}
        </p>
      )}
    </form>
  );
}
