"use client";

import { TITLE_MAX_CHARS } from "@harbor/contracts/limits";
import { useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-provider";

/** A conversation's new title (the sidebar's Rename). */
export function RenameForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave(title: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const [title, setTitle] = useState(initial);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed && trimmed !== initial) onSave(trimmed);
    else onCancel();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2 p-2" onKeyDown={onKeyDown}>
      <input
        aria-label={t("sidebar.titleLabel")}
        value={title}
        maxLength={TITLE_MAX_CHARS}
        onChange={(event) => setTitle(event.target.value)}
        // The shopper just asked to rename: put the cursor there.
        autoFocus
        className="h-9 w-full rounded-md border border-line bg-canvas px-2 text-sm text-ink focus:border-accent focus:outline-none"
      />
      <div className="flex gap-2">
        <Button size="sm" variant="primary" type="submit">
          {t("common.save")}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
