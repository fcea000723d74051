import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../src/db/knowledge-files";
import { CONTACT_ARTICLE_SLUG, conversationQuery, loadKnowledgeBase, stem } from "../src/services/knowledge-index";

const kb = loadKnowledgeBase();
const top = (q: string) => kb.search(q, 3)[0];
const analyze = (text: string) => kb.analyze(text);

describe("knowledge articles", () => {
  it("are well formed: unique slugs, a summary, 6-12 questions, a 60-200 word body", () => {
    expect(kb.articles.length).toBeGreaterThanOrEqual(18);
    expect(kb.articles.length).toBeLessThanOrEqual(22);
    expect(new Set(kb.articles.map((a) => a.slug)).size).toBe(kb.articles.length);
    for (const a of kb.articles) {
      expect(a.slug, a.slug).toMatch(/^[a-z0-9-]+$/);
      expect(a.title && a.category && a.summary, a.slug).toBeTruthy();
      expect(a.questions.length, a.slug).toBeGreaterThanOrEqual(6);
      expect(a.questions.length, a.slug).toBeLessThanOrEqual(12);
      const words = a.body.split(/\s+/).length;
      expect(words, a.slug).toBeGreaterThanOrEqual(55);
      expect(words, a.slug).toBeLessThanOrEqual(200);
    }
    expect(kb.get(CONTACT_ARTICLE_SLUG)?.body).toContain("support@harborandpine.example");
  });

  it("state every fixed fact of the store", () => {
    const all = kb.articles.map((a) => `${a.summary}\n${a.body}`).join("\n");
    const facts = [
      "home goods, kitchenware and small appliances", "USD", "Canada", "European Union",
      "9:00-18:00", "10:00-14:00", "Sunday", "public holidays", "support@harborandpine.example", "1 business day",
      "1-2 business days", "3-5 business days", "$5.95", "$50", "before tax", "1-2 business days", "$14.95", "PO box",
      "5-10 business days", "$12.95", "7-14 business days", "$19.95", "paid by the customer on delivery",
      "tracking email", "HP-10001", "Within 1 hour", "return it", "30 days", "unused", "original packaging",
      '"Final sale"', "gift cards", "harborandpine.example/returns", "free prepaid return label", "at your own cost",
      "5-7 business days", "received and inspected", "original shipping fee is not refunded", "direct exchanges",
      "within 14 days of delivery", "photos", "shipping included", "under $20", "1-year warranty",
      "Visa", "Mastercard", "American Express", "Discover", "PayPal", "Apple Pay", "Google Pay",
      "Shop Pay Installments", "from $100 to $1,000", "charged when the order is placed", "refund the difference",
      "one promo code per order", "cannot be added after the order is placed", "not valid on gift cards",
      "from $25 to $500", "never expire", "cannot be exchanged for cash", "guest checkout", '"Forgot password"',
      "Pine Points", "1 point for every $1", "100 points = $5 off", "never sell your personal data",
      "never asks for your full card number or your password", "privacy@harborandpine.example",
    ];
    for (const fact of facts) expect(all, fact).toContain(fact);
  });

  it("parses front matter and rejects an article without a slug", () => {
    const a = parseArticle("---\nslug: x\ntitle: 'T'\ncategory: C\nsummary: S.\nquestions:\n  - one?\n  - two?\n---\nBody text.\n");
    expect(a).toEqual({ slug: "x", title: "T", category: "C", summary: "S.", questions: ["one?", "two?"], body: "Body text." });
    expect(() => parseArticle("---\ntitle: T\ncategory: C\nsummary: S\n---\nBody")).toThrow(/slug/);
    expect(() => parseArticle("no front matter")).toThrow(/front matter/);
  });

  it("refuses a folder without the contact article", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-kb-"));
    fs.writeFileSync(path.join(dir, "a.md"), "---\nslug: a\ntitle: A\ncategory: C\nsummary: S\n---\nBody\n");
    expect(() => loadKnowledgeBase(dir)).toThrow(CONTACT_ARTICLE_SLUG);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("search", () => {
  it.each([
    ["could I get my cash back for a kettle I sent back", "refunds"],
    ["what does it cost to ship to Montreal", "shipping-international"],
    ["is overnight shipping possible", "shipping-united-states"],
    ["express to my PO box?", "shipping-united-states"],
    ["my blender stopped working after 5 months", "warranty"],
    ["the plates I got are shattered", "damaged-defective-wrong-items"],
    ["can I return a mug I used", "return-policy"],
    ["do I need an account to check out", "account-and-checkout"],
    ["I'd like to speak with a human", "contact-support"],
    ["can I swap the color of my apron", "exchanges"],
    ["do you accept amex", "payment-methods"],
    ["how do rewards work here", "pine-points"],
    ["can I undo my order, I placed it 10 minutes ago", "change-or-cancel-order"],
  ])("a reworded question finds the right article: %s", (question, slug) => {
    const hit = top(question);
    expect(hit?.article.slug).toBe(slug);
    expect(hit?.confident).toBe(true);
  });

  it.each([
    "what's the capital of France",
    "write me a poem",
    "who is the president of the United States",
    "what is the best programming language",
    "tell me a joke",
    "",
  ])("an off-topic question is not confident: %s", (question) => {
    expect(kb.search(question).every((p) => !p.confident)).toBe(true);
  });

  it("ranks best first, honours the limit and marks only the first as confident", () => {
    const hits = kb.search("how long do refunds take", 5);
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(hits.slice(1).some((h) => h.confident)).toBe(false);
  });

  it("normalises words: light stemming, stopwords and synonyms", () => {
    expect(new Set(["return", "returns", "returned", "returning"].map(stem))).toEqual(new Set(["return"]));
    expect(stem("shipping")).toBe(stem("shipped"));
    expect(analyze("Can I get my money back?")).toEqual(["refund"]);
    expect(analyze("delivery")).toEqual(analyze("shipping"));
    expect(analyze("cancellation")).toEqual(analyze("cancel"));
    expect(analyze("ship to the US")).toEqual(["ship", "usa"]);
  });
});

describe("conversationQuery", () => {
  const user = (content: string) => ({ role: "user" as const, content });
  const assistant = (content: string) => ({ role: "assistant" as const, content });

  it("adds the previous question to a short follow-up", () => {
    const messages = [user("How much is shipping in the US?"), assistant("US Standard is $5.95..."), user("and to Canada?")];
    expect(conversationQuery(messages)).toBe("How much is shipping in the US? and to Canada?");
    expect(top(conversationQuery(messages))?.article.slug).toBe("shipping-international");
    expect(conversationQuery([user("Do gift cards expire?"), assistant("No."), user("what about Pine Points?")])).toContain(
      "Do gift cards expire?",
    );
  });

  it("keeps a standalone question alone", () => {
    const messages = [user("How much is shipping in the US?"), assistant("..."), user("How do I reset my password?")];
    expect(conversationQuery(messages)).toBe("How do I reset my password?");
    expect(conversationQuery([user("Where is my order?")])).toBe("Where is my order?");
    expect(conversationQuery([])).toBe("");
  });
});
