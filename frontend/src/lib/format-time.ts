import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/translate";

// Intl formatters are costly to build and are made once per language.
const formatters = new Map<Locale, { clock: Intl.DateTimeFormat; dayAndClock: Intl.DateTimeFormat; relative: Intl.RelativeTimeFormat }>();

function formattersFor(locale: Locale) {
  let found = formatters.get(locale);
  if (!found) {
    found = {
      clock: new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }),
      dayAndClock: new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }),
      relative: new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }),
    };
    formatters.set(locale, found);
  }
  return found;
}

/** "3:42 PM" today, "Mar 4, 3:42 PM" otherwise (in the page's language). */
export function formatMessageTime(iso: string, t: Translate, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const { clock, dayAndClock } = formattersFor(t.locale);
  return date.toDateString() === now.toDateString() ? clock.format(date) : dayAndClock.format(date);
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "just now", "5 min. ago", "yesterday" (in the page's language). */
export function formatRelativeTime(iso: string, t: Translate, now = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return "";
  let value = (time - now) / 1000;
  if (Math.abs(value) < 45) return t("time.justNow");
  const { relative } = formattersFor(t.locale);
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return "";
}
