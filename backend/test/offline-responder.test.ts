import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, stepCountIs, streamText, type ModelMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "../src/db/connection";
import { openTestDatabase } from "./support/test-app";
import { loadSeedProfile } from "../src/db/seed-store-profile";
import { createOrderRepo } from "../src/db/order.repo";
import { loadKnowledgeBase, offlineKnowledge } from "../src/services/knowledge-index";
import { createOfflineResponder } from "../src/llm/offline-responder";
import { createOrderTools, type OrderTools } from "../src/services/order-tools";

const knowledge = offlineKnowledge(loadKnowledgeBase());
const seed = loadSeedProfile();
const model = createOfflineResponder({ store: () => seed, knowledge });
let database: OpenedDatabase;
let tools: OrderTools;

beforeAll(async () => {
  database = await openTestDatabase();
  tools = createOrderTools({ orders: createOrderRepo(database.db), clock: () => new Date("2026-12-01T12:00:00Z"), returnsUrl: () => seed.returnsUrl });
});
afterAll(async () => {
  await database.close();
});

const user = (content: string): ModelMessage => ({ role: "user", content });
const assistant = (content: string): ModelMessage => ({ role: "assistant", content });

/** The chat service's call: streamText with the real tools, up to 3 steps. */
async function reply(messages: ModelMessage[]) {
  const result = streamText({
    model,
    system: "You are the Harbor & Pine support agent.",
    messages,
    tools,
    stopWhen: stepCountIs(3),
  });
  const deltas: string[] = [];
  for await (const part of result.fullStream) if (part.type === "text-delta") deltas.push(part.text);
  const steps = await result.steps;
  return {
    text: await result.text,
    deltas,
    toolCalls: steps.flatMap((s) => s.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input }))),
    steps: steps.length,
  };
}

describe("order questions", () => {
  it("asks for the missing email, and calls no tool", async () => {
    const r = await reply([user("Where is my order HP-10042?")]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/email/i);
    expect(r.text).toContain("HP-10042");
  });

  it("asks for number and email when both are missing", async () => {
    const r = await reply([user("where's my package??")]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/order number/);
    expect(r.text).toMatch(/email address/);
  });

  it("asks for the number when only the email is known", async () => {
    const r = await reply([user("Can you track my order? my email is jane.doe@example.com")]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/order number/);
  });

  it("looks the order up once both are given and answers with status, items and tracking", async () => {
    const r = await reply([
      user("Where is my order HP-10042?"),
      assistant("Please also send me the email address you used for the order."),
      user("Jane.Doe@example.com"),
    ]);
    expect(r.toolCalls).toEqual([{ toolName: "lookup_order", input: { orderNumber: "HP-10042", email: "jane.doe@example.com" } }]);
    expect(r.steps).toBe(2);
    expect(r.text).toContain("shipped");
    expect(r.text).toContain("UPS");
    expect(r.text).toContain("1Z999AA10123456784");
    expect(r.text).toContain("November 27, 2026");
    expect(r.text).toContain("Linen Apron");
  });

  it("says no order was found when the email is wrong, and asks to check both", async () => {
    const r = await reply([user("status of my order hp-10042 please, email sam.lee@example.com")]);
    expect(r.toolCalls).toHaveLength(1);
    expect(r.text).toMatch(/couldn't find an order with that number and email/);
    expect(r.text).toMatch(/check both/);
    expect(r.text).not.toContain("UPS");
  });

  it("checks return eligibility when the shopper asks to return an order", async () => {
    const r = await reply([user("Can I return order HP-10047? My email is mike.chen@example.com")]);
    expect(r.toolCalls.map((c) => c.toolName)).toEqual(["check_return_eligibility"]);
    expect(r.text).toMatch(/can be returned/);
    expect(r.text).toContain("December 14, 2026");
    expect(r.text).toMatch(/Enamel Pitcher: not returnable \(Marked "Final sale"/);
  });

  it("explains a closed return window", async () => {
    const r = await reply([user("I want to send back the mugs from HP-10043, sam.lee@example.com")]);
    expect(r.toolCalls.map((c) => c.toolName)).toEqual(["check_return_eligibility"]);
    expect(r.text).toMatch(/cannot be returned/);
    expect(r.text).toContain("2026-11-23");
  });

  it("does not call a tool that is not offered", async () => {
    const { text, toolCalls } = await generateText({ model, messages: [user("Where is HP-10042? jane.doe@example.com")] });
    expect(toolCalls).toEqual([]);
    expect(text).toContain("support@harborandpine.example");
  });
});

describe("other questions", () => {
  it("answers a policy question from the matching article", async () => {
    const r = await reply([user("How long until my refund arrives after I return something?")]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toContain("5-7 business days");
    expect(r.text).toContain("More: Refunds");
  });

  it("answers a short follow-up in the context of the previous question", async () => {
    const r = await reply([user("How much is shipping in the US?"), assistant("US Standard is $5.95."), user("and to Canada?")]);
    expect(r.text).toContain("$12.95");
  });

  it("does not treat a policy question about orders as an order lookup", async () => {
    const r = await reply([user("Can I cancel my order?")]);
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/Within 1 hour/i);
  });

  it("hands an off-topic question to human support with the contact and hours", async () => {
    const r = await reply([user("What's the capital of France?")]);
    expect(r.text).toMatch(/not sure/);
    expect(r.text).toContain("support@harborandpine.example");
    expect(r.text).toContain("1 business day");
    expect(r.text).toContain("9:00-18:00");
    expect(r.text).toContain("10:00-14:00");
    expect(r.text).not.toContain("More:");
  });

  it("streams in small chunks that add up to what generateText returns", async () => {
    const messages = [user("Do gift cards expire?")];
    const streamed = await reply(messages);
    const generated = await generateText({ model, messages, tools });
    expect(streamed.deltas.length).toBeGreaterThan(5);
    expect(streamed.deltas.join("")).toBe(streamed.text);
    expect(streamed.text).toBe(generated.text);
    expect(generated.text).toContain("never expire");
  });
});

describe("protocol", () => {
  const options = (text: string, abortSignal?: AbortSignal): LanguageModelV3CallOptions => ({
    prompt: [{ role: "user", content: [{ type: "text", text }] }],
    abortSignal,
  });

  it("identifies itself and emits stream-start, text parts and finish in order", async () => {
    expect([model.specificationVersion, model.provider, model.modelId]).toEqual(["v3", "harbor", "offline-responder"]);
    const { stream } = await model.doStream(options("What payment methods do you take?"));
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    const types = parts.map((p) => p.type).filter((t) => t !== "response-metadata");
    expect(types[0]).toBe("stream-start");
    expect(types[1]).toBe("text-start");
    expect(types.at(-2)).toBe("text-end");
    expect(types.at(-1)).toBe("finish");
    const finish = parts.at(-1);
    expect(finish?.type === "finish" && finish.finishReason.unified).toBe("stop");
    expect(finish?.type === "finish" && finish.usage.outputTokens.total).toBeGreaterThan(0);
  });

  it("stops emitting and closes when aborted", async () => {
    const slow = createOfflineResponder({ store: () => seed, knowledge, chunkDelayMs: 5 });
    const controller = new AbortController();
    const { stream } = await slow.doStream(options("What payment methods do you take?", controller.signal));
    const types: string[] = [];
    for await (const part of stream) {
      types.push(part.type);
      if (part.type === "text-delta") controller.abort();
    }
    expect(types.filter((t) => t === "text-delta")).toHaveLength(1);
    expect(types).not.toContain("finish");
  });
});
