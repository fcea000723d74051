"use client";

import type { StoreProfile } from "@harbor/contracts";

import { useT } from "@/lib/i18n/i18n-provider";
import type { Locale } from "@/lib/i18n/locales";

function formatBack(iso: string | null, locale: Locale): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? null
    : new Intl.DateTimeFormat(locale, { weekday: "long", hour: "numeric", minute: "2-digit" }).format(date);
}

/** Shown while the conversation waits for a person: when someone can answer, from the store profile. */
export function WaitingNotice({ store }: { store: StoreProfile | null }) {
  const t = useT();
  const back = formatBack(store?.nextOpenAt ?? null, t.locale);
  return (
    <div role="status" data-testid="waiting-notice" className="rounded-lg border border-line bg-accent-soft px-3 py-2 text-sm text-ink">
      <p className="font-medium">{t("waiting.title")}</p>
      {store === null ? (
        <p className="text-ink">{t("waiting.noStore")}</p>
      ) : store.openNow ? (
        <p>{t("waiting.open", { store: store.name, hours: store.hoursText })}</p>
      ) : (
        <p>
          {t(back ? "waiting.awayUntil" : "waiting.away", {
            store: store.name,
            back: back ?? "",
            hours: store.hoursText,
            replyTime: store.replyTime,
            email: store.supportEmail,
          })}
        </p>
      )}
    </div>
  );
}
