import type { MessageKey, Messages } from "./en";
import type { Locale } from "./locales";

export type MessageVars = Readonly<Record<string, string | number>>;

/** Keys with plural forms, named without their `.one` / `.other` ending. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.one` ? Base : never }[MessageKey];

export interface Translate {
  (key: MessageKey, vars?: MessageVars): string;
  /** The `.one` or `.other` form for `count` (Intl.PluralRules), with `{count}` filled in. */
  plural(key: PluralKey, count: number, vars?: MessageVars): string;
  readonly locale: Locale;
}

/** `{name}` becomes vars.name; a placeholder without a value stays as written, so it is seen. */
export function interpolate(text: string, vars?: MessageVars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createTranslate(locale: Locale, messages: Messages): Translate {
  const rules = new Intl.PluralRules(locale);
  const t = (key: MessageKey, vars?: MessageVars) => interpolate(messages[key], vars);
  t.plural = (key: PluralKey, count: number, vars?: MessageVars) => {
    const form = rules.select(count) === "one" ? "one" : "other";
    return t(`${key}.${form}` as MessageKey, { ...vars, count });
  };
  t.locale = locale;
  return t;
}
