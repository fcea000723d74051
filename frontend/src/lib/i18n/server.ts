import { headers } from "next/headers";

import { DICTIONARIES } from "./dictionaries";
import { negotiateLocale, type Locale } from "./locales";
import { createTranslate, type Translate } from "./translate";

/** The shopper's language, from the request's Accept-Language (English when nothing matches). */
export async function getLocale(): Promise<Locale> {
  return negotiateLocale((await headers()).get("accept-language"));
}

/** `t()` for server components and metadata. */
export async function getT(): Promise<Translate> {
  const locale = await getLocale();
  return createTranslate(locale, DICTIONARIES[locale]);
}
