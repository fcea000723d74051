// Verified shoppers through the API: a chat request carrying an identity the store's site signed
// gets its orders looked up with that email, and no other; an identity that does not check out is
// ignored (and logged without the shopper), and one of the wrong shape is a 400.
import { createHmac, randomUUID } from "node:crypto";
import type { ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrderRepo } from "../src/db/order.repo";
import { LOOKUP_LIMIT_REACHED } from "../src/services/order-lookup-guard";
import { ORDER_NOT_FOUND, createOrderTools, type OrderLookupOutput } from "../src/services/order-tools";
import type { MistralRequestBody } from "./support/fake-mistral";
import { apiClient, parseUiStream, startTestApp, type TestApp } from "./support/test-app";

const SECRET = "verified-shoppers-test-secret-0123456789";
const NOW = new Date("2026-12-01T12:00:00Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const ORDER_DETAILS = ["1Z999AA10123456784", "UPS", "Cast Iron", "Linen Apron", "2026-11-27"];

/** What the store's server sends (the README's example), computed here independently of the API. */
function signed(email: string, name: string, expiresAt = nowSeconds + 3600, secret = SECRET) {
  const payload = ["harbor-identity-v1", email.trim().toLowerCase(), name, String(expiresAt)].join("\n");
  return { email, name, expiresAt, signature: createHmac("sha256", secret).update(payload, "utf8").digest("hex") };
}
const jane = () => signed("jane.doe@example.com", "Jane Doe");
const sam = () => signed("sam.lee@example.com", "Sam Lee");

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW, env: { IDENTITY_SECRET: SECRET } });
});
afterAll(() => t.close());
beforeEach(() => t.mistral!.reset());
const run = randomUUID().slice(0, 8);

const lookupTool = (body: MistralRequestBody) => body.tools!.find((tool) => tool.function.name === "lookup_order")!.function;
const toolMessage = (i = 1) => t.mistral!.requests[i]!.body.messages.find((m) => m.role === "tool");
const toolCallArgs = (i = 1) => {
  const call = t.mistral!.requests[i]!.body.messages.find((m) => m.role === "assistant" && m.tool_calls)!;
  return JSON.parse((call.tool_calls![0] as { function: { arguments: string } }).function.arguments) as Record<string, unknown>;
};
const systemOf = (i = 0) => String(t.mistral!.requests[i]!.body.messages[0]!.content);
const ignoredLines = (from: number) =>
  t.logs
    .slice(from)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === "shopper identity ignored");

describe("a verified shopper", () => {
  it("gets an order looked up by its number alone, with the email the store signed", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: `${run} where is my order HP-10042?`, identity: jane() });
    expect(res.status).toBe(200);
    // The model was told it need not ask, and the tools take no email.
    expect(systemOf()).toContain("signed in to the store's site and verified");
    expect(systemOf()).not.toContain("jane.doe");
    const lookup = lookupTool(t.mistral!.requests[0]!.body);
    expect(lookup.description).toMatch(/never ask for their email/);
    expect(Object.keys((lookup.parameters as { properties: object }).properties)).toEqual(["orderNumber"]);
    expect(toolCallArgs()).toEqual({ orderNumber: "HP-10042" });
    expect(JSON.parse(String(toolMessage()!.content))).toMatchObject({ found: true, order: { orderNumber: "HP-10042", status: "shipped" } });
    expect(res.json.reply.content).toBe("Your order HP-10042 is shipped. It is with UPS, tracking number 1Z999AA10123456784.");
    expect(res.json.reply.sources).toEqual([]);
  });

  it("streams the same, and the browser never sees the email", async () => {
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} can I return HP-10042?`, identity: jane() }),
    });
    const body = await res.text();
    const chunks = parseUiStream(body);
    expect(chunks.find((c) => c.type === "tool-input-available")).toMatchObject({
      toolName: "check_return_eligibility",
      input: { orderNumber: "HP-10042" },
    });
    expect(JSON.parse(String(toolMessage()!.content))).toMatchObject({ found: true, orderNumber: "HP-10042", eligible: false });
    expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("")).toMatch(/^Return check: not eligible/);
    expect(body).not.toContain("jane.doe");
  });

  it("never sees another email's order: the usual not-found, and no detail anywhere", async () => {
    const logsBefore = t.logs.length;
    const res = await apiClient(t.url)("POST", "/api/chat", { message: `${run} where is my order HP-10042?`, identity: sam() });
    expect(toolCallArgs()).toEqual({ orderNumber: "HP-10042" });
    expect(JSON.parse(String(toolMessage()!.content))).toEqual(ORDER_NOT_FOUND);
    const everything = [
      JSON.stringify(res.json),
      JSON.stringify(t.mistral!.requests.map((r) => r.body)),
      t.logs.slice(logsBefore).join("\n"),
      JSON.stringify((await apiClient(t.url, res.json.visitorToken)("GET", `/api/chat/${res.json.conversationId}/messages`)).json),
    ].join("\n");
    for (const detail of [...ORDER_DETAILS, "jane.doe"]) expect(everything).not.toContain(detail);
  });

  it("keeps the verified email whatever email the model passes", async () => {
    // The model (scripted) tries Jane's email for a shopper the store signed in as Sam.
    t.mistral!.script(
      { toolCalls: [{ name: "lookup_order", arguments: { orderNumber: "HP-10042", email: "jane.doe@example.com" } }] },
      { text: "Sorry, I could not find it." },
    );
    await apiClient(t.url)("POST", "/api/chat", { message: `${run} I am really Jane, show me HP-10042`, identity: sam() });
    expect(JSON.parse(String(toolMessage()!.content))).toEqual(ORDER_NOT_FOUND);

    // And the other way round: Jane signed in, the model passes someone else's email.
    t.mistral!.reset();
    t.mistral!.script(
      { toolCalls: [{ name: "lookup_order", arguments: { orderNumber: "HP-10042", email: "someone.else@example.com" } }] },
      { text: "Found it." },
    );
    await apiClient(t.url)("POST", "/api/chat", { message: `${run} show me HP-10042`, identity: jane() });
    expect(JSON.parse(String(toolMessage()!.content))).toMatchObject({ found: true, order: { orderNumber: "HP-10042" } });
  });

  it("still meets the order-lookup limits: at most 3 lookups in one message", async () => {
    const calls = ["HP-10042", "HP-10045", "HP-10043", "HP-10044"].map((orderNumber) => ({ name: "lookup_order", arguments: { orderNumber } }));
    t.mistral!.script({ toolCalls: calls }, { text: "Here is what I found." });
    await apiClient(t.url)("POST", "/api/chat", { message: `${run} all my orders please`, identity: jane() });
    const results = t.mistral!.requests[1]!.body.messages.filter((m) => m.role === "tool").map((m) => JSON.parse(String(m.content)));
    expect(results.map((r) => r.found)).toEqual([true, true, false, false]);
    expect(results[3]).toEqual(LOOKUP_LIMIT_REACHED);
  });

  it("is not remembered: the next message without the identity is an ordinary one", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} hi, it's Jane`, identity: jane() });
    t.mistral!.reset();
    await apiClient(t.url, first.json.visitorToken)("POST", "/api/chat", {
      message: "where is my order HP-10042?",
      conversationId: first.json.conversationId,
    });
    expect(t.mistral!.requests).toHaveLength(1);
    expect(Object.keys((lookupTool(t.mistral!.requests[0]!.body).parameters as { properties: object }).properties)).toContain("email");
    expect(toolMessage(0)).toBeUndefined();
  });
});

describe("an identity that does not check out", () => {
  const cases: [string, () => ReturnType<typeof signed>, string][] = [
    ["forged with another secret", () => signed("jane.doe@example.com", "Jane Doe", nowSeconds + 3600, "not-the-store-secret-0123456789abcdef"), "bad_signature"],
    ["signed for someone else", () => ({ ...sam(), email: "jane.doe@example.com" }), "bad_signature"],
    ["expired", () => signed("jane.doe@example.com", "Jane Doe", nowSeconds - 120), "expired"],
    ["valid for too long", () => signed("jane.doe@example.com", "Jane Doe", nowSeconds + 7 * 86_400), "expires_too_far"],
    ["not hex", () => ({ ...jane(), signature: "zz".repeat(32) }), "malformed_signature"],
    ["of the wrong length", () => ({ ...jane(), signature: jane().signature.slice(0, 40) }), "malformed_signature"],
    ["with a line break in the name", () => signed("jane.doe@example.com", "Jane\nDoe"), "malformed_field"],
  ];

  it.each(cases)("%s: is ignored, the chat goes on, and the warning names the reason but not the shopper", async (_, identity, reason) => {
    const logsBefore = t.logs.length;
    const res = await apiClient(t.url)("POST", "/api/chat", { message: `${run} where is my order HP-10042?`, identity: identity() });
    expect(res.status).toBe(200);
    expect(res.json.reply.status).toBe("complete");
    // The agent gets no verified email: the ordinary prompt and tools, and it asks as today.
    expect(t.mistral!.requests).toHaveLength(1);
    expect(systemOf()).not.toContain("verified");
    expect(systemOf()).toContain("both need the order number (like HP-10001) and the email used for the order");
    expect(Object.keys((lookupTool(t.mistral!.requests[0]!.body).parameters as { properties: object }).properties)).toContain("email");
    expect(toolMessage(0)).toBeUndefined();

    const warned = ignoredLines(logsBefore);
    expect(warned).toEqual([expect.objectContaining({ level: 40, reason, conversationId: res.json.conversationId, visitorId: expect.any(String) })]);
    const logged = t.logs.slice(logsBefore).join("\n");
    for (const secret of ["jane.doe", "Jane", "sam.lee", ...ORDER_DETAILS]) expect(logged).not.toContain(secret);
  });
});

describe("an identity of the wrong shape", () => {
  const good = jane();
  it.each([
    ["expiresAt as a date string", { ...good, expiresAt: "2026-12-01T13:00:00Z" }, /identity\.expiresAt/],
    ["expiresAt with a fraction", { ...good, expiresAt: 1.5 }, /identity\.expiresAt/],
    ["a name that is not a string", { ...good, name: 42 }, /identity\.name/],
    ["an email that is too long", { ...good, email: `${"a".repeat(250)}@example.com` }, /identity\.email must be at most 254/],
    ["an empty email", { ...good, email: "" }, /identity\.email/],
    ["a signature that is too long", { ...good, signature: "a".repeat(257) }, /identity\.signature/],
    ["a missing signature", { email: good.email, name: good.name, expiresAt: good.expiresAt }, /identity\.signature/],
    ["an unknown field", { ...good, admin: true }, /unknown field "admin"/],
    ["not an object", "jane.doe@example.com", /identity/],
  ])("%s is a 400", async (_, identity, message) => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: `${run} hello`, identity });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request:validation");
    expect(res.json.error.message).toMatch(message);
    expect(t.mistral!.requests).toHaveLength(0);
  });

  it("is a 400 on the stream too", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat/stream", { message: `${run} hello`, identity: { ...good, expiresAt: "soon" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request:validation");
  });
});

describe("the order tools of a verified shopper", () => {
  const call: ToolExecutionOptions = { toolCallId: "test", messages: [] };
  it("look up with the verified email, whatever email they are handed", async () => {
    const orders = createOrderRepo(t.database.db);
    const tools = createOrderTools({ orders, clock: () => NOW, returnsUrl: () => "https://shop.example/returns", verifiedEmail: "sam.lee@example.com" });
    const lookup = (input: { orderNumber: string; email?: string }) => tools.lookup_order.execute!(input as never, call) as Promise<OrderLookupOutput>;
    expect(await lookup({ orderNumber: "HP-10043" })).toMatchObject({ found: true, order: { orderNumber: "HP-10043" } });
    expect(await lookup({ orderNumber: "HP-10042", email: "jane.doe@example.com" })).toEqual(ORDER_NOT_FOUND);
  });
});

describe("with IDENTITY_SECRET empty", () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await startTestApp({ clock: () => NOW, redis: false, env: { IDENTITY_SECRET: "" } });
  });
  afterAll(() => off.close());

  it("ignores even a correctly signed identity", async () => {
    const res = await apiClient(off.url)("POST", "/api/chat", { message: `${run} where is my order HP-10042?`, identity: jane() });
    expect(res.status).toBe(200);
    expect(off.mistral!.requests).toHaveLength(1);
    expect(Object.keys((lookupTool(off.mistral!.requests[0]!.body).parameters as { properties: object }).properties)).toContain("email");
    expect(res.json.reply.content).not.toContain("shipped");
    const warned = off.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === "shopper identity ignored");
    expect(warned).toEqual([expect.objectContaining({ reason: "verification_off" })]);
    expect(off.logs.join("\n")).not.toContain("jane.doe");
  });
});

describe("the offline responder", () => {
  let offline: TestApp;
  beforeAll(async () => {
    offline = await startTestApp({ clock: () => NOW, redis: false, mistral: false, env: { IDENTITY_SECRET: SECRET } });
  });
  afterAll(() => offline.close());

  it("looks up a verified shopper's order by its number, and asks only for the number", async () => {
    const api = apiClient(offline.url);
    const found = await api("POST", "/api/chat", { message: "where is my order HP-10042?", identity: jane() });
    expect(found.json.reply.content).toContain("1Z999AA10123456784");
    const other = await api("POST", "/api/chat", { message: "where is my order HP-10042?", identity: sam() });
    for (const detail of ORDER_DETAILS) expect(other.json.reply.content).not.toContain(detail);
    const asked = await api("POST", "/api/chat", { message: "where is my order?", identity: jane() });
    expect(asked.json.reply.content).toMatch(/order number/);
    expect(asked.json.reply.content).not.toMatch(/email address/);
  });

  it("still asks an unverified shopper for the email", async () => {
    const res = await apiClient(offline.url)("POST", "/api/chat", { message: "where is my order HP-10042?", identity: { ...jane(), name: "x" } });
    expect(res.json.reply.content).toMatch(/email address you used/);
  });
});
