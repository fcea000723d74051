"use client";

import type { MessageKey } from "@/lib/i18n/en";
import { useT } from "@/lib/i18n/i18n-provider";
import { useStoreBrand } from "@/lib/store-brand-context";

// Asked in the shopper's language: the agent answers in the language it is asked in.
const STARTERS: MessageKey[] = ["starters.shipping", "starters.returns", "starters.order"];

export function StarterQuestions({ onPick, onIntent }: { onPick(question: string): void; onIntent?(): void }) {
  const t = useT();
  const store = useStoreBrand();
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-10 text-center">
      <h2 className="text-2xl font-semibold text-ink">{t("starters.heading")}</h2>
      <p className="mt-2 text-muted">{t("starters.intro", { store: store.name })}</p>
      <ul className="mt-6 flex w-full flex-col gap-2 sm:flex-row sm:flex-wrap sm:justify-center" aria-label={t("starters.label")}>
        {STARTERS.map((key) => (
          <li key={key}>
            <button
              type="button"
              onClick={() => onPick(t(key))}
              onPointerEnter={onIntent}
              onFocus={onIntent}
              className="w-full rounded-full border border-line bg-surface px-4 py-2 text-sm text-ink transition-colors hover:border-accent hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            >
              {t(key)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
