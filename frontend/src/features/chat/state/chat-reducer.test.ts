import { describe, expect, it } from "vitest";

import { chatReducer, initialChatState } from "./chat-reducer";

const failure = { message: "Can't reach the support service.", retryAfterSeconds: null, network: true };

describe("chatReducer", () => {
  it("keeps a partial reply, marked stopped, when the stream breaks after it started", () => {
    let state = initialChatState(null);
    state = chatReducer(state, { type: "send/started", localId: "l1", content: "hi", at: "2025-01-01T00:00:00Z" });
    state = chatReducer(state, {
      type: "send/acknowledged",
      localId: "l1",
      data: {
        conversationId: "c1",
        replyId: "r1",
        status: "bot",
        userMessage: { id: "u1", role: "user", content: "hi", createdAt: "2025-01-01T00:00:00Z", status: "complete", sources: [], feedback: null, author: null },
      },
    });
    state = chatReducer(state, { type: "reply/progress", snapshot: { replyId: "r1", content: "Half a", sources: [], tool: null } });
    state = chatReducer(state, { type: "send/failed", localId: "l1", failure });
    expect(state.activeSend).toBeNull();
    expect(state.entries.map((entry) => [entry.role, entry.delivery, entry.status, entry.content])).toEqual([
      ["user", "sent", "complete", "hi"],
      ["assistant", "sent", "stopped", "Half a"],
    ]);
  });

  it("moves a retried message to the end", () => {
    let state = initialChatState(null);
    state = chatReducer(state, { type: "send/started", localId: "l1", content: "first", at: "t" });
    state = chatReducer(state, { type: "send/failed", localId: "l1", failure });
    state = chatReducer(state, { type: "send/started", localId: "l2", content: "second", at: "t" });
    state = chatReducer(state, { type: "send/failed", localId: "l2", failure });
    state = chatReducer(state, { type: "send/retried", localId: "l1" });
    expect(state.entries.map((entry) => [entry.content, entry.delivery])).toEqual([
      ["second", "failed"],
      ["first", "sending"],
    ]);
    expect(state.activeSend).toBe("l1");
  });

  it("does not show a message twice when a page overlaps what is already shown", () => {
    let state = initialChatState("c1");
    const message = { id: "m1", role: "user" as const, content: "x", createdAt: "t", status: "complete" as const, sources: [], feedback: null, author: null };
    state = chatReducer(state, { type: "history/loaded", messages: [message], hasMore: true, status: "bot", assignee: null });
    state = chatReducer(state, { type: "older/loaded", messages: [message], hasMore: false });
    expect(state.entries).toHaveLength(1);
    expect(state.hasOlder).toBe(false);
  });
});
