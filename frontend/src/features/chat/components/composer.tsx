"use client";

import { MESSAGE_MAX_CHARS } from "@harbor/contracts/limits";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { SendIcon, StopIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";

interface ComposerProps {
  /** A reply is on its way: the button becomes Stop. */
  busy: boolean;
  /** Sending is paused (e.g. rate limited); the reason is shown elsewhere. */
  blocked?: boolean;
  onSend(message: string): void;
  onStop(): void;
  /** The shopper is about to write: warm up the streaming code. */
  onIntent?(): void;
  /** The textarea's id, so other controls can move the focus here. */
  inputId?: string;
}

// Show the counter in a warning colour this close to the limit.
const WARN_AT = MESSAGE_MAX_CHARS - 200;

export function Composer({ busy, blocked = false, onSend, onStop, onIntent, inputId }: ComposerProps) {
  const [text, setText] = useState("");
  const counterId = useId();
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // Text typed before the page hydrated lives only in the DOM: adopt it instead of losing it.
    const typed = input.current?.value ?? "";
    if (typed) setText(typed);
  }, []);
  const canSend = !busy && !blocked && text.trim().length > 0;

  function submit() {
    if (!canSend) return;
    onSend(text.trim());
    setText("");
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter also confirms an IME composition (Japanese, Chinese...), which must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form onSubmit={onSubmit} className="border-t border-line bg-surface px-3 pb-3 pt-2 sm:px-4">
      <div className="mx-auto flex w-full max-w-3xl items-end gap-2 rounded-xl border border-line bg-canvas p-2 focus-within:border-accent">
        <textarea
          ref={input}
          id={inputId}
          aria-label="Message"
          aria-describedby={counterId}
          name="message"
          rows={1}
          maxLength={MESSAGE_MAX_CHARS}
          value={text}
          placeholder="Ask about shipping, returns or an order…"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={onIntent}
          className="composer-input max-h-48 min-h-10 min-w-0 flex-1 resize-none bg-transparent px-2 py-2 text-base leading-6 text-ink placeholder:text-muted focus:outline-none"
        />
        {busy ? (
          <Button variant="secondary" onClick={onStop} aria-label="Stop" title="Stop the reply">
            <StopIcon />
            <span className="max-sm:sr-only" aria-hidden="true">
              Stop
            </span>
          </Button>
        ) : (
          <Button
            type="submit"
            variant="primary"
            disabled={!canSend}
            aria-label="Send"
            onPointerEnter={onIntent}
          >
            <SendIcon />
            <span className="max-sm:sr-only" aria-hidden="true">
              Send
            </span>
          </Button>
        )}
      </div>
      <div className="mx-auto mt-1 flex max-w-3xl justify-between gap-2 px-1 text-xs text-muted">
        <span className="max-sm:hidden">Enter to send, Shift+Enter for a new line</span>
        <span
          id={counterId}
          className={cx("ml-auto tabular-nums", text.length >= WARN_AT && "font-semibold text-warn")}
        >
          {text.length.toLocaleString("en-US")} / {MESSAGE_MAX_CHARS.toLocaleString("en-US")}
          <span className="sr-only"> characters</span>
        </span>
      </div>
    </form>
  );
}
