"use client";

import { MESSAGE_MAX_CHARS } from "@harbor/contracts/limits";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { SendIcon, StopIcon } from "@/components/ui/icons";
import { cx } from "@/lib/cx";
import { useT } from "@/lib/i18n/i18n-provider";

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
  const t = useT();
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
          aria-label={t("composer.label")}
          aria-describedby={counterId}
          name="message"
          rows={1}
          maxLength={MESSAGE_MAX_CHARS}
          value={text}
          placeholder={t("composer.placeholder")}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={onIntent}
          className="composer-input max-h-48 min-h-10 min-w-0 flex-1 resize-none bg-transparent px-2 py-2 text-base leading-6 text-ink placeholder:text-muted focus:outline-none"
        />
        {busy ? (
          <Button variant="secondary" onClick={onStop} aria-label={t("composer.stop")} title={t("composer.stopTitle")}>
            <StopIcon />
            <span className="max-sm:sr-only" aria-hidden="true">
              {t("composer.stop")}
            </span>
          </Button>
        ) : (
          <Button
            type="submit"
            variant="primary"
            disabled={!canSend}
            aria-label={t("composer.send")}
            onPointerEnter={onIntent}
          >
            <SendIcon />
            <span className="max-sm:sr-only" aria-hidden="true">
              {t("composer.send")}
            </span>
          </Button>
        )}
      </div>
      <div className="mx-auto mt-1 flex max-w-3xl justify-between gap-2 px-1 text-xs text-muted">
        <span className="max-sm:hidden">{t("composer.hint")}</span>
        <span
          id={counterId}
          className={cx("ml-auto tabular-nums", text.length >= WARN_AT && "font-semibold text-warn")}
        >
          {text.length.toLocaleString(t.locale)} / {MESSAGE_MAX_CHARS.toLocaleString(t.locale)}
          <span className="sr-only">{t("composer.characters")}</span>
        </span>
      </div>
    </form>
  );
}
