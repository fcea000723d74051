import type { MessageKey } from "./en";
import type { Translate } from "./translate";

// Error codes (the API's `error.code`, or the web app's own) with words in every language, by
// prefix; the first match wins.
const ERROR_KEYS: ReadonlyArray<readonly [prefix: string, key: MessageKey]> = [
  ["network", "error.network"],
  ["rate_limited:daily", "error.dailyLimit"],
  ["rate_limited:chat-ip", "error.networkLimit"],
  ["rate_limited:", "error.tooFast"],
  ["stopped_early", "error.stoppedEarly"],
  ["no_reply", "error.noReply"],
  ["unauthorized:visitor", "error.notYours"],
  ["unavailable:", "error.unavailable"],
  ["internal", "error.generic"],
  ["http:", "error.generic"],
  ["unknown", "error.generic"],
];

export function errorKey(code: string): MessageKey | null {
  return ERROR_KEYS.find(([prefix]) => code.startsWith(prefix))?.[1] ?? null;
}

/**
 * What to tell the shopper about a failure. In English the message as it came (the API's words
 * can say more, like "try again in 3 hours"); in another language the words for its code, and
 * the API's English only for a code we have no words for.
 */
export function errorText(t: Translate, failure: { code: string; message: string }): string {
  if (t.locale === "en" && failure.message) return failure.message;
  const key = errorKey(failure.code);
  if (key) return t(key);
  return failure.message || t("error.generic");
}
