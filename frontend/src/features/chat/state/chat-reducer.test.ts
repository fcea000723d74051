import { describe, expect, it } from "vitest";

import { englishT } from "@/lib/i18n/english";

import { announcementText } from "../components/chat-words";
import { chatReducer, initialChatState, mayHaveReplyInProgress } from "./chat-reducer";

const failure = { code: "network", message: "Can't reach the support service.", retryAfterSeconds: null, network: true };

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

  it("shows the shopper's message once when its event arrives before the acknowledgement", () => {
    let state = initialChatState(null);
    state = chatReducer(state, { type: "send/started", localId: "l1", content: "hi", at: "t0" });
    const stored = { id: "u1", role: "user" as const, content: "hi", createdAt: "t1", status: "complete" as const, sources: [], feedback: null, author: null };
    state = chatReducer(state, { type: "live/message", message: stored });
    state = chatReducer(state, {
      type: "send/acknowledged",
      localId: "l1",
      data: { conversationId: "c1", replyId: null, status: "human", userMessage: stored },
    });
    state = chatReducer(state, { type: "send/settled", localId: "l1" });
    expect(state.entries.map((entry) => [entry.role, entry.id, entry.delivery])).toEqual([["user", "u1", "sent"]]);
    expect(state.activeSend).toBeNull();
  });

  it("adds a line to the log when a person joins, the assistant comes back, or it is resolved", () => {
    let state = chatReducer(initialChatState("c1"), {
      type: "history/loaded",
      messages: [],
      hasMore: false,
      status: "waiting",
      assignee: null,
    });
    expect(state.entries).toHaveLength(0);
    state = chatReducer(state, { type: "live/status", status: "human", assignee: { name: "Sam" } });
    state = chatReducer(state, { type: "live/status", status: "human", assignee: { name: "Sam" } });
    state = chatReducer(state, { type: "live/status", status: "bot", assignee: null });
    state = chatReducer(state, { type: "live/status", status: "human", assignee: { name: "Alex" } });
    state = chatReducer(state, { type: "live/status", status: "resolved", assignee: null });
    expect(state.entries.map((entry) => entry.notice)).toEqual([
      { kind: "joined", name: "Sam" },
      { kind: "assistant-back", name: null },
      { kind: "joined", name: "Alex" },
      { kind: "resolved", name: "Alex" },
    ]);
    expect(announcementText(englishT, state.announcement)).toBe("The conversation was marked resolved.");
  });

  it("a re-read of the messages started before a handoff does not undo it (no false 'assistant is back')", () => {
    let state = chatReducer(initialChatState("c1"), { type: "history/loaded", messages: [], hasMore: false, status: "bot", assignee: null });
    // The live channel connects and starts reading the messages; meanwhile the shopper hands off.
    state = chatReducer(state, { type: "live/sync-started" });
    state = chatReducer(state, { type: "live/status", status: "waiting", assignee: null });
    // The read answers afterwards, with the status from before the handoff.
    state = chatReducer(state, { type: "live/synced", messages: [], status: "bot", assignee: null });
    expect(state.status).toBe("waiting");
    expect(state.entries.filter((entry) => entry.notice)).toHaveLength(0);

    // With no change meanwhile, a re-read's status is taken (what happened while disconnected).
    state = chatReducer(state, { type: "live/sync-started" });
    state = chatReducer(state, { type: "live/synced", messages: [], status: "human", assignee: { name: "Sam" } });
    expect(state.status).toBe("human");
    expect(state.entries.map((entry) => entry.notice)).toEqual([{ kind: "joined", name: "Sam" }]);
  });

  it("resumes only where the shopper's stored message is the last, and shows a resumed reply once", () => {
    const question = { id: "u1", role: "user" as const, content: "hi", createdAt: "2025-01-01T00:00:00Z", status: "complete" as const, sources: [], feedback: null, author: null };
    let state = chatReducer(initialChatState("c1"), { type: "history/loaded", messages: [question], hasMore: false, status: "bot", assignee: null });
    expect(mayHaveReplyInProgress(state)).toBe(true);
    expect(mayHaveReplyInProgress({ ...state, status: "human" })).toBe(false);

    state = chatReducer(state, { type: "resume/started", localId: "resume-c1", replyId: "r1" });
    expect(state.activeSend).toBe("resume-c1");
    expect(mayHaveReplyInProgress(state)).toBe(false);
    state = chatReducer(state, { type: "reply/progress", snapshot: { replyId: "r1", content: "Half", sources: [], tool: null } });
    // The live event of the stored reply does not add it twice.
    state = chatReducer(state, { type: "live/message", message: { ...question, id: "r1", role: "assistant", content: "Half a reply" } });
    state = chatReducer(state, { type: "reply/finished", localId: "resume-c1", snapshot: { replyId: "r1", content: "Half a reply", sources: [], tool: null }, status: "complete" });
    expect(state.activeSend).toBeNull();
    expect(state.entries.map((entry) => [entry.role, entry.content, entry.streaming])).toEqual([
      ["user", "hi", false],
      ["assistant", "Half a reply", false],
    ]);
    expect(chatReducer(state, { type: "resume/started", localId: "resume-c1", replyId: "r1" })).toBe(state);
  });
});
