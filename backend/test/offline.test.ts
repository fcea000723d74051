// With no MISTRAL_API_KEY the offline responder answers through the same API: from the
// knowledge base, and for orders through the same tools.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, parseUiStream, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ mistral: false, redis: false, clock: () => new Date("2026-12-01T12:00:00Z") });
});
afterAll(() => t.close());

describe("offline responder through the API", () => {
  it("reports itself in health", async () => {
    expect((await apiClient(t.url)("GET", "/api/health")).json.llm).toBe("offline");
  });

  it("answers a reworded shipping question from the right article, with its source", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "how long does standard delivery take inside the US?" });
    expect(res.json.reply.status).toBe("complete");
    expect(res.json.reply.content).toContain("3-5 business days");
    expect(res.json.reply.sources.map((s: { id: string }) => s.id)).toContain("shipping-united-states");
  });

  it("hands an off-topic question to a human with the contact and hours", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "what's the capital of France?" });
    expect(res.json.reply.content).toContain("support@harborandpine.example");
    expect(res.json.reply.content).toMatch(/Monday/);
    expect(res.json.reply.sources).toEqual([]);
  });

  it("asks for the email, then looks the order up and streams status and tracking", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: "where is my order HP-10042?" });
    expect(first.json.reply.content).toMatch(/email/i);
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${first.json.visitorToken}` },
      body: JSON.stringify({ message: "it's jane.doe@example.com", conversationId: first.json.conversationId }),
    });
    const chunks = parseUiStream(await res.text());
    expect(chunks.find((c) => c.type === "tool-input-available")).toMatchObject({ toolName: "lookup_order", input: { orderNumber: "HP-10042" } });
    const text = chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
    expect(text).toMatch(/shipped/i);
    expect(text).toContain("1Z999AA10123456784");
  });

  it("gives nothing away for a wrong email", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "status of HP-10042, email mallory@example.com" });
    expect(res.json.reply.content).toMatch(/no order found|couldn.t find|could not find/i);
    expect(res.json.reply.content).not.toContain("1Z999AA10123456784");
  });
});
