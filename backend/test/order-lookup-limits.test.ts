// Issue 8, "Abuse and cost": the model cannot be used to try many emails against one order number.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { TRUST_PROXY: "1", ORDER_LOOKUP_FAILURES_PER_HOUR: "5" } });
});
afterAll(() => t.close());
beforeEach(() => t.mistral!.reset());

// Failure counters live in the shared Redis for an hour: each test comes from its own address.
const randomClient = () => {
  const hex = (n: number) => Math.floor(Math.random() * 16 ** n).toString(16);
  return { "x-forwarded-for": `2001:db8:${hex(4)}:${hex(2)}00::1` };
};
const lookup = (email: string) => ({ name: "lookup_order", arguments: { orderNumber: "HP-10042", email } });
const guesses = (n: number, from = 0) => Array.from({ length: n }, (_, i) => lookup(`guess${from + i}@example.com`));

/** One turn in which the model makes these tool calls; answers with what the tools said. */
async function turn(calls: ReturnType<typeof lookup>[], client: Record<string, string>, token?: string, conversationId?: string) {
  t.mistral!.reset();
  t.mistral!.script({ toolCalls: calls }, { text: "Here is what I found." });
  const res = await apiClient(t.url, token)(
    "POST",
    "/api/chat",
    { message: "Where is order HP-10042?", ...(conversationId ? { conversationId } : {}) },
    client,
  );
  expect(res.status).toBe(200);
  const toolResults = t.mistral!.requests[1]!.body.messages
    .filter((m) => m.role === "tool")
    .map((m) => JSON.parse(String(m.content)) as { found: boolean; message?: string });
  return { res, toolResults, token: token ?? res.json.visitorToken, conversationId: res.json.conversationId };
}

const NOT_FOUND = "No order found with that number and email.";
const LIMIT = /^Lookup limit reached/;
const TOO_MANY = /^Too many attempts/;

describe("order lookups", () => {
  it("answers at most 3 order-tool calls per turn; the rest are refused without a lookup", async () => {
    const client = randomClient();
    const first = await turn(guesses(5), client);
    expect(first.toolResults.map((r) => r.message)).toEqual([NOT_FOUND, NOT_FOUND, NOT_FOUND, expect.stringMatching(LIMIT), expect.stringMatching(LIMIT)]);
    // Only 3 lookups failed (the refused ones never reached the database), so the right email
    // still works in the next turn.
    const next = await turn([lookup("jane.doe@example.com")], client, first.token, first.conversationId);
    expect(next.toolResults).toEqual([expect.objectContaining({ found: true })]);
    expect(t.logs.some((l) => l.includes('"level":40') && l.includes("order lookup refused") && l.includes("per-turn limit"))).toBe(true);
  });

  it("after 5 failed lookups refuses every lookup from that visitor and that address for the hour", async () => {
    const client = randomClient();
    const a = await turn(guesses(3), client);
    await turn(guesses(2, 3), client, a.token, a.conversationId);
    const right = await turn([lookup("jane.doe@example.com")], client, a.token, a.conversationId);
    expect(right.toolResults).toEqual([{ found: false, refused: true, message: expect.stringMatching(TOO_MANY) }]);
    expect(right.res.json.reply.content).toBe("Here is what I found.");

    // A new visitor from the same address is refused too; one from elsewhere is not.
    const sameAddress = await turn([lookup("jane.doe@example.com")], client);
    expect(sameAddress.toolResults[0]!.message).toMatch(TOO_MANY);
    // The visitor is refused from another address as well.
    const visitorElsewhere = await turn([lookup("jane.doe@example.com")], randomClient(), a.token, a.conversationId);
    expect(visitorElsewhere.toolResults[0]!.message).toMatch(TOO_MANY);
    const elsewhere = await turn([lookup("jane.doe@example.com")], randomClient());
    expect(elsewhere.toolResults[0]).toMatchObject({ found: true });

    const warnings = t.logs.filter((l) => l.includes('"level":40') && l.includes("too many failed lookups"));
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    // Neither the email nor the order number is in the log.
    expect(warnings.join("\n")).not.toContain("jane.doe");
    expect(await t.redis!.client.keys(t.redis!.key("order-lookup-failures:visitor:*"))).not.toHaveLength(0);
  });

  it("is on by default", () => {
    expect(parseConfig({}).ORDER_LOOKUP_FAILURES_PER_HOUR).toBe(5);
  });
});
