// The promise check on stored replies: flags are written with the message, kept out of the
// shopper's API, and with Mistral a rules flag is confirmed (or cleared) by a second call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

async function flagsOf(t: TestApp, replyId: string): Promise<string[]> {
  const row = await t.database.db.selectFrom("messages").select("flags").where("id", "=", replyId).executeTakeFirstOrThrow();
  return JSON.parse(row.flags) as string[];
}

describe("with Mistral", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false });
  });
  afterAll(async () => t.close());

  it("keeps the flag when the review confirms an invented discount, and never shows it to the shopper", async () => {
    t.mistral!.script(
      { text: "Sure, I'll give you 20% off your next order for the delay." },
      { text: JSON.stringify({ unsupportedClaims: ["20% off"], unsupported: true }) },
    );
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "my order is late, do I get anything?" });
    expect(res.status).toBe(200);
    const body = res.json as { reply: Record<string, unknown> & { id: string } };
    expect(body.reply).not.toHaveProperty("flags");
    expect(await flagsOf(t, body.reply.id)).toEqual(["unsupported_promise"]);
    const review = t.mistral!.requests.at(-1)!.body;
    expect(review.temperature).toBe(0);
  });

  it("clears the flag when the review finds the claim supported", async () => {
    t.mistral!.script(
      { text: "Yes, I'll refund the $20 difference." },
      { text: JSON.stringify({ unsupportedClaims: [], unsupported: false }) },
    );
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "the price dropped, can I get the difference?" });
    const body = res.json as { reply: { id: string } };
    expect(await flagsOf(t, body.reply.id)).toEqual([]);
  });

  it("makes no second call for a reply the rules pass", async () => {
    t.mistral!.script({ text: "You can return unused items within 30 days of delivery." });
    const before = t.mistral!.requests.length;
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "what is your return policy?" });
    const body = res.json as { reply: { id: string } };
    expect(t.mistral!.requests.length).toBe(before + 1);
    expect(await flagsOf(t, body.reply.id)).toEqual([]);
  });
});

describe("offline", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false, mistral: false });
  });
  afterAll(async () => t.close());

  it("stores a policy answer unflagged", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "how long do refunds take?" });
    const body = res.json as { reply: { id: string; content: string } };
    expect(body.reply.content).toMatch(/5-7 business days/);
    expect(await flagsOf(t, body.reply.id)).toEqual([]);
  });
});
