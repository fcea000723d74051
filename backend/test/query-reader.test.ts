// How the knowledge base reads a shopper's query: typos, shorthand and other languages.
import { describe, expect, it } from "vitest";
import { editDistance, loadKnowledgeBase } from "../src/services/knowledge-index";

const kb = loadKnowledgeBase();
const top = (q: string) => kb.search(q, 1)[0];

describe("editDistance", () => {
  it("counts a swapped pair of letters as one edit", () => {
    expect(editDistance("retrun", "return")).toBe(1);
    expect(editDistance("polcy", "policy")).toBe(1);
    expect(editDistance("canda", "canada")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("gives up above the limit", () => {
    expect(editDistance("homework", "shipping", 2)).toBe(3);
  });
});

describe("typos", () => {
  it("corrects a word of 5+ letters to the store's word one edit away", () => {
    expect(kb.understand("retrun polcy")).toBe("return policy");
    expect(kb.understand("shiping to canda")).toBe("shipping to canada");
  });

  it("leaves a word alone when the near words mean different things", () => {
    // "acount": account and count are each one letter away (amount one wrong letter): no guess.
    expect(kb.understand("acount")).toBe("acount");
    // "chargd": charge and charged are near, and mean the same: corrected.
    expect(kb.understand("chargd")).toBe("charge");
  });

  it("never turns an everyday off-topic word into a store word", () => {
    expect(kb.understand("help with my homework")).toBe("help with my homework");
    const hit = top("can you write me a poem");
    expect(hit?.confident ?? false).toBe(false);
  });

  it("reads chat shorthand", () => {
    expect(kb.understand("how lng till my refnd")).toBe("how long till my refund");
  });

  it("finds the article for a question full of typos", () => {
    expect(top("retrun polcy")?.article.slug).toBe("return-policy");
    expect(top("shiping to canda")?.article.slug).toBe("shipping-international");
    expect(top("is my toster coverd by a waranty")?.article.slug).toBe("warranty");
  });
});

describe("other languages", () => {
  it.each([
    ["¿Cuál es su política de devoluciones?", "es", "return-policy"],
    ["¿Cuánto cuesta el envío a Canadá?", "es", "shipping-international"],
    ["Quels moyens de paiement acceptez-vous ?", "fr", "payment-methods"],
    ["Combien de temps pour recevoir mon remboursement ?", "fr", "refunds"],
    ["Wie lange dauert der Versand nach Deutschland?", "de", "shipping-international"],
    ["Wann wird meine Karte belastet?", "de", "payment-methods"],
  ])("%s (%s) -> %s", (question, language, slug) => {
    expect(kb.language(question).code).toBe(language);
    expect(kb.language(question).note).toBeTruthy();
    const hit = top(question);
    expect(hit?.article.slug).toBe(slug);
    expect(hit?.confident).toBe(true);
  });

  it("keeps English as English, even with a foreign place name", () => {
    expect(kb.language("how much is shipping to Madrid?").code).toBe("en");
    expect(kb.language("do you ship to Canada").note).toBeUndefined();
  });
});

describe("near topics", () => {
  it("answers when a card is charged from payments, not refund timing", () => {
    expect(top("when does the money come out of my account?")?.article.slug).toBe("payment-methods");
    expect(top("when am I billed")?.article.slug).toBe("payment-methods");
    expect(top("how long until my refund")?.article.slug).toBe("refunds");
  });
});
