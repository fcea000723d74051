import { describe, expect, it } from "vitest";

import { en, type MessageKey, type Messages } from "./en";
import { errorText } from "./error-text";
import { es } from "./es";
import { negotiateLocale } from "./locales";
import { englishT } from "./english";
import { createTranslate, interpolate } from "./translate";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the dictionaries", () => {
  it("are typed to have exactly the English keys", () => {
    // @ts-expect-error a language without every key is not a dictionary
    const missing: Messages = { "composer.send": "Enviar" };
    // @ts-expect-error nor is one with a key English does not have
    const extra = { ...es, "composer.sendLater": "Enviar luego" } as const satisfies Messages;
    expect([missing, extra]).toHaveLength(2);
  });

  it("Spanish has every English key, with words of its own and the same placeholders", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      const spanish = es[key];
      expect(spanish.trim(), key).not.toBe("");
      expect(spanish, key).not.toBe(key);
      expect(spanish, key).not.toMatch(/TODO|TRANSLATE|FIXME|^\[|\]$/);
      expect(placeholders(spanish), key).toEqual(placeholders(en[key]));
    }
  });

  it("no English value is empty", () => {
    for (const [key, value] of Object.entries(en)) expect(value.trim(), key).not.toBe("");
  });
});

describe("negotiateLocale (Accept-Language)", () => {
  it.each([
    ["es-ES,es;q=0.9", "es"],
    ["es", "es"],
    ["es-MX", "es"],
    ["fr", "en"],
    ["en-GB", "en"],
    ["en-US,en;q=0.9", "en"],
    ["", "en"],
    [null, "en"],
    ["*", "en"],
    ["de-DE,de;q=0.9,es;q=0.8,en;q=0.7", "es"],
    ["en;q=0.5,es;q=0.8", "es"],
    ["es;q=0.3,en;q=0.7", "en"],
    ["es;q=0,fr", "en"],
    ["fr-FR, en;q=0.9 , es;q=0.9", "en"],
    ["ES-es", "es"],
    ["es;q=abc,en", "en"],
  ])("%s -> %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe("t()", () => {
  const t = createTranslate("es", es);

  it("fills in names and leaves an unknown placeholder visible", () => {
    expect(t("chat.personTyping", { name: "Robin" })).toBe("Robin está escribiendo…");
    expect(englishT("notice.joined", { name: "Robin", team: "Harbor & Pine" })).toBe("Robin from Harbor & Pine joined");
    expect(interpolate("{name} and {other}", { name: "A" })).toBe("A and {other}");
  });

  it("picks the plural form for the count", () => {
    expect(englishT.plural("chat.cooldown", 1)).toContain("wait 1 second before");
    expect(englishT.plural("chat.cooldown", 5)).toContain("wait 5 seconds before");
    expect(t.plural("chat.cooldown", 1)).toContain("Espera 1 segundo antes");
    expect(t.plural("chat.cooldown", 0)).toContain("Espera 0 segundos antes");
  });
});

describe("errorText", () => {
  const daily = { code: "rate_limited:daily", message: "You have reached today's message limit. Please try again in about 23 hours." };

  it("keeps the API's own English words for an English reader", () => {
    expect(errorText(englishT, daily)).toBe(daily.message);
    expect(errorText(englishT, { code: "http:502", message: "" })).toBe("Something went wrong. Please try again.");
  });

  it("words a known code in the reader's language, and falls back to the API's words otherwise", () => {
    const t = createTranslate("es", es);
    expect(errorText(t, daily)).toBe(es["error.dailyLimit"]);
    expect(errorText(t, { code: "network", message: "Can't reach the support service." })).toBe(es["error.network"]);
    expect(errorText(t, { code: "rate_limited:chat", message: "You are sending messages too quickly." })).toBe(es["error.tooFast"]);
    expect(errorText(t, { code: "conflict:something_new", message: "An English sentence" })).toBe("An English sentence");
  });
});
