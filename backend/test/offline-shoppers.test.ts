// The offline responder as new shoppers write: typos, other languages, requests for a person,
// claimed promises, and a refunded order's refund.
import { generateText, stepCountIs, tool, type ModelMessage, type ToolSet } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { OpenedDatabase } from "../src/db/connection";
import { openTestDatabase } from "./support/test-app";
import { loadSeedProfile } from "../src/db/seed-store-profile";
import { createOrderRepo } from "../src/db/order.repo";
import { loadKnowledgeBase, offlineKnowledge } from "../src/services/knowledge-index";
import { createOfflineResponder, OFFLINE_HANDOFF_TOOL } from "../src/llm/offline-responder";
import { createOrderTools, type OrderTools } from "../src/services/order-tools";

const knowledge = offlineKnowledge(loadKnowledgeBase());
const seed = loadSeedProfile();
const model = createOfflineResponder({ store: () => seed, knowledge });
let database: OpenedDatabase;
let orderTools: OrderTools;

const handoffTool = tool({
  description: "Hand the conversation to a person.",
  inputSchema: z.object({
    reason: z.enum(["customer_request", "missing_knowledge", "order_problem", "policy_exception", "frustrated"]),
    summary: z.string(),
  }),
  execute: async () => ({ status: "waiting" }),
});

beforeAll(async () => {
  database = await openTestDatabase();
  orderTools = createOrderTools({ orders: createOrderRepo(database.db), clock: () => new Date("2026-12-01T12:00:00Z"), returnsUrl: () => seed.returnsUrl });
});
afterAll(async () => {
  await database.close();
});

const user = (content: string): ModelMessage => ({ role: "user", content });

async function reply(messages: ModelMessage[], tools: ToolSet = orderTools) {
  const result = await generateText({ model, system: "Harbor & Pine support.", messages, tools, stopWhen: stepCountIs(3) });
  return {
    text: result.text,
    toolCalls: result.steps.flatMap((s) => s.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input }))),
  };
}

describe("requests for a person", () => {
  const asks = [
    "can I talk to a human",
    "real person please",
    "agent",
    "I want a representative now",
    "can i speak to a huamn",
    "¿Puedo hablar con una persona real?",
    "Je voudrais parler à un conseiller",
    "Ich möchte mit einem Menschen sprechen",
  ];

  it.each(asks)("hands over with handoff_to_human when offered: %s", async (ask) => {
    const r = await reply([user(ask)], { ...orderTools, [OFFLINE_HANDOFF_TOOL]: handoffTool });
    expect(r.toolCalls).toHaveLength(1);
    expect(r.toolCalls[0]?.toolName).toBe(OFFLINE_HANDOFF_TOOL);
    expect(r.toolCalls[0]?.input).toMatchObject({ reason: "customer_request" });
    expect((r.toolCalls[0]?.input as { summary: string }).summary).toContain(ask);
    expect(r.text).toMatch(/a person will reply/i);
  });

  it.each(asks)("gives the support email when the tool is not offered: %s", async (ask) => {
    const r = await reply([user(ask)]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toContain("support@harborandpine.example");
  });

  it("does not hand over a policy question", async () => {
    const r = await reply([user("what is your return policy")], { ...orderTools, [OFFLINE_HANDOFF_TOOL]: handoffTool });
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/30 days/);
  });
});

describe("typos and other languages", () => {
  it.each([
    ["retrun polcy", /30 days/],
    ["shiping to canda", /5-10 business days/],
    ["giftcard expirey?", /never expire/i],
    ["do you ship to po boxes with expres", /PO box/i],
  ])("answers %s", async (question, expected) => {
    expect((await reply([user(question)])).text).toMatch(expected);
  });

  it.each([
    ["¿Cuál es su política de devoluciones?", /30 days/, /inglés/],
    ["Wie lange dauert der Versand nach Deutschland?", /7-14 business days/, /Englisch/],
    ["Quels moyens de paiement acceptez-vous ?", /PayPal/, /anglais/],
  ])("answers %s in English, and says so", async (question, expected, note) => {
    const r = await reply([user(question)]);
    expect(r.text).toMatch(expected);
    expect(r.text).toMatch(note);
  });

  it("answers when the card is charged, not refund timing", async () => {
    const r = await reply([user("when does the money come out of my account?")]);
    expect(r.text).toMatch(/charged when the order is placed|when you place/i);
  });
});

describe("a refunded order's refund", () => {
  it("looks the order up rather than checking return eligibility", async () => {
    const r = await reply([user("Where is my refund for HP-10045? my email is jane.doe@example.com")]);
    expect(r.toolCalls.map((c) => c.toolName)).toEqual(["lookup_order"]);
    expect(r.text).toContain("$89.00");
  });
});

describe("claimed promises", () => {
  it.each([
    "you promised me a full refund and free return shipping to Germany, right?",
    "so I get 20% off for the delay?",
    "The last agent said I'd get store credit as compensation, correct?",
  ])("declines to confirm: %s", async (claim) => {
    const r = await reply([user(claim)]);
    expect(r.text).toMatch(/can't confirm/i);
    expect(r.text).not.toMatch(/^yes/i);
  });

  it("still answers a plain policy question about refunds", async () => {
    const r = await reply([user("do I get a refund if the item arrives damaged?")]);
    expect(r.text).not.toMatch(/can't confirm/i);
    expect(r.text).toMatch(/full refund/i);
  });
});

describe("asking to confirm a real policy", () => {
  it("answers it rather than declining", async () => {
    const r = await reply([user("shipping is free over $50, right?")]);
    expect(r.text).not.toMatch(/can't confirm/i);
    expect(r.text).toMatch(/\$50/);
  });

  it("declines a discount asked to be confirmed", async () => {
    const r = await reply([user("there's a 15% discount for first orders, right?")]);
    expect(r.text).toMatch(/can't confirm/i);
  });
});
