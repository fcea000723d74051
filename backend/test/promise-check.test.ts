import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../src/services/knowledge-index";
import { explainUnsupportedPromises, findUnsupportedPromises, UNSUPPORTED_PROMISE } from "../src/services/promise-check";

const kb = loadKnowledgeBase();
const article = (slug: string) => kb.get(slug)!.body;

const jane42 = JSON.stringify({
  found: true,
  order: {
    orderNumber: "HP-10042",
    status: "shipped",
    placedAt: "2026-11-02",
    items: [
      { name: 'Cast Iron Skillet 12"', quantity: 1, unitPrice: 49, finalSale: false },
      { name: "Linen Apron", quantity: 1, unitPrice: 24, finalSale: false },
    ],
    carrier: "UPS",
    trackingNumber: "1Z999AA10123456784",
    expectedDelivery: "2026-11-27",
    refund: null,
  },
});

describe("findUnsupportedPromises", () => {
  it("passes a policy answer that its passage states", () => {
    expect(findUnsupportedPromises(article("refunds"), [article("refunds")], [])).toEqual([]);
    expect(findUnsupportedPromises(article("damaged-defective-wrong-items"), [article("damaged-defective-wrong-items")], [])).toEqual([]);
    const shipping = article("shipping-united-states");
    expect(findUnsupportedPromises(`Yes! ${shipping}`, [shipping], [])).toEqual([]);
  });

  it("passes every article answered from itself", () => {
    for (const a of kb.articles) expect(explainUnsupportedPromises(a.body, [a.body], []), a.slug).toEqual([]);
  });

  it("passes order details taken from a tool result", () => {
    const reply =
      'Order HP-10042 is **shipped**.\nItems: 1 × Cast Iron Skillet 12" ($49.00 each), 1 × Linen Apron ($24.00 each).\n' +
      "Placed on November 2, 2026.\nExpected delivery: November 27, 2026. Your total was $73.00.";
    expect(explainUnsupportedPromises(reply, [], [jane42])).toEqual([]);
  });

  it("flags an invented full refund with free return shipping abroad", () => {
    const reply = "Yes, you'll get a full refund and free return shipping to Germany, as promised.";
    const found = explainUnsupportedPromises(reply, [article("start-a-return"), article("return-policy")], []);
    expect(found.length).toBeGreaterThan(0);
    expect(findUnsupportedPromises(reply, [article("start-a-return")], [])).toEqual([UNSUPPORTED_PROMISE]);
  });

  it("flags free return shipping to a region the passage does not pair with it", () => {
    const reply = "Yes, returns from Germany get a free prepaid return label.";
    expect(findUnsupportedPromises(reply, [article("start-a-return")], [])).toEqual([UNSUPPORTED_PROMISE]);
  });

  it("flags an invented discount, percentage, amount or date", () => {
    const grounding = [article("order-tracking"), article("promo-codes")];
    expect(findUnsupportedPromises("Sure, I'll give you 20% off for the delay.", grounding, [])).toEqual([UNSUPPORTED_PROMISE]);
    expect(findUnsupportedPromises("I can offer a $15 credit for the trouble.", grounding, [])).toEqual([UNSUPPORTED_PROMISE]);
    expect(findUnsupportedPromises("Your order will arrive by December 5.", grounding, [jane42])).toEqual([UNSUPPORTED_PROMISE]);
    expect(findUnsupportedPromises("As a courtesy, we'll waive the return fee.", grounding, [])).toEqual([UNSUPPORTED_PROMISE]);
    expect(findUnsupportedPromises("I promise it ships today.", grounding, [])).toEqual([UNSUPPORTED_PROMISE]);
  });

  it("does not flag a refusal", () => {
    const grounding = [article("promo-codes")];
    expect(findUnsupportedPromises("I can't promise a discount for the delay, and I'd rather not guess.", grounding, [])).toEqual([]);
    expect(findUnsupportedPromises("I'm not able to offer compensation.", grounding, [])).toEqual([]);
  });

  it("reads a refund amount and date from the tool result", () => {
    const refunded = JSON.stringify({ found: true, order: { orderNumber: "HP-10045", status: "refunded", refund: { amount: 89, date: "2026-10-15" } } });
    expect(findUnsupportedPromises("Refund: $89.00 on October 15, 2026.", [], [refunded])).toEqual([]);
    expect(findUnsupportedPromises("Refund: $98.00 on October 15, 2026.", [], [refunded])).toEqual([UNSUPPORTED_PROMISE]);
  });
});
