"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

import type { Messages } from "./en";
import type { Locale } from "./locales";
import { createTranslate, type Translate } from "./translate";

const I18nContext = createContext<Translate | null>(null);

// No dictionary is bundled into the browser's JavaScript: every page has a provider (the root
// layout), and component tests, which render without one, set English here (test/setup.ts).
let outsideProvider: Translate | null = null;
export function setTranslateOutsideProvider(t: Translate | null) {
  outsideProvider = t;
}

/**
 * The language the server chose from Accept-Language, with its words. The server passes the one
 * dictionary in (it travels in the page's payload, not in the JavaScript bundle), so the first
 * render in the browser uses the same words as the HTML: no flash, no hydration mismatch.
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const t = useMemo(() => createTranslate(locale, messages), [locale, messages]);
  return <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;
}

/** `t("composer.send")`, `t("chat.personTyping", { name })`, `t.plural("chat.cooldown", n)`, `t.locale`. */
export function useT(): Translate {
  const t = useContext(I18nContext) ?? outsideProvider;
  if (!t) throw new Error("useT() needs an <I18nProvider> above it");
  return t;
}
