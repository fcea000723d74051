import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { readReply } from "./read-reply";

const reply = (parts: unknown[]): UIMessage => ({ id: "r1", role: "assistant", parts }) as UIMessage;
const lookup = (state: string) => ({
  type: "tool-lookup_order",
  toolCallId: "c1",
  state,
  input: { orderNumber: "HP-10042" },
  ...(state === "output-available" ? { output: { found: true } } : {}),
});

describe("readReply", () => {
  it("shows the order lookup while it runs and while the answer about it is awaited", () => {
    expect(readReply(reply([lookup("input-available")])).tool).toEqual({ toolName: "lookup_order", orderNumber: "HP-10042", done: false });
    expect(readReply(reply([lookup("output-available")])).tool).toMatchObject({ orderNumber: "HP-10042", done: true });
    expect(readReply(reply([lookup("output-available"), { type: "text", text: "" }])).tool).not.toBeNull();
  });

  it("hides it once the answer starts, and collects text and sources", () => {
    const snapshot = readReply(
      reply([
        lookup("output-available"),
        { type: "text", text: "Your order is shipped." },
        { type: "source-url", sourceId: "order-tracking", url: "/help/order-tracking", title: "Tracking" },
      ]),
    );
    expect(snapshot.tool).toBeNull();
    expect(snapshot.content).toBe("Your order is shipped.");
    expect(snapshot.sources).toEqual([{ id: "order-tracking", title: "Tracking", url: "/help/order-tracking" }]);
  });
});
