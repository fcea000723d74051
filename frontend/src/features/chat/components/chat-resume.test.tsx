import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ids, json, liveStream, mockFetch, silentStream } from "../../../../test/fetch-mock";
import { ChatView } from "./chat-view";

/** A conversation whose last message is the shopper's: its reply may be on its way. */
function history(messages = [question()]) {
  return json({ conversationId: ids.conversation, status: "bot", assignee: null, messages, hasMore: false });
}

function question() {
  return {
    id: ids.userMessage,
    role: "user",
    content: "Where is my parcel?",
    createdAt: "2025-03-04T15:00:00.000Z",
    status: "complete",
    sources: [],
    feedback: null,
    author: null,
  };
}

function renderView() {
  render(<ChatView conversationId={ids.conversation} onConversationStarted={vi.fn()} onExchangeFinished={vi.fn()} />);
  return userEvent.setup();
}

const log = () => screen.getByRole("log", { name: "Messages" });

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe("ChatView resuming a reply in progress", () => {
  it("replays the reply from the conversation's stream and follows it to the end", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok-r");
    const reply = liveStream();
    const seen: { path: string; auth: string | null }[] = [];
    mockFetch([
      { path: /\/messages$/, handle: () => history() },
      { path: /\/events$/, handle: () => silentStream() },
      {
        path: /\/api\/chat\/[^/]+\/stream$/,
        handle: (url, init) => {
          seen.push({ path: url.pathname, auth: new Headers(init?.headers).get("Authorization") });
          return reply.response();
        },
      },
    ]);
    renderView();
    expect(await within(log()).findByText("Where is my parcel?")).toBeInTheDocument();
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({ path: `/api/chat/${ids.conversation}/stream`, auth: "Bearer tok-r" });

    reply.send({ type: "start", messageId: ids.reply });
    reply.send({ type: "text-start", id: "text-1" });
    reply.send({ type: "text-delta", id: "text-1", delta: "It left our warehouse" });
    expect(await within(log()).findByText(/It left our warehouse/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();

    reply.send({ type: "text-delta", id: "text-1", delta: " this morning." });
    reply.send({ type: "text-end", id: "text-1" });
    reply.send({ type: "finish", messageMetadata: { status: "complete", createdAt: "2025-03-04T15:00:02.000Z", stored: true } });
    reply.raw("data: [DONE]\n\n");
    reply.close();
    expect(await within(log()).findByText("It left our warehouse this morning.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Stop" })).not.toBeInTheDocument());
    expect(within(log()).getAllByRole("article").filter((a) => a.dataset.role === "assistant")).toHaveLength(1);
  });

  it("shows nothing more when no reply is in progress (204)", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok-r");
    const resumed = vi.fn(() => new Response(null, { status: 204 }));
    mockFetch([
      { path: /\/messages$/, handle: () => history() },
      { path: /\/events$/, handle: () => silentStream() },
      { path: /\/api\/chat\/[^/]+\/stream$/, handle: resumed },
    ]);
    renderView();
    expect(await within(log()).findByText("Where is my parcel?")).toBeInTheDocument();
    await waitFor(() => expect(resumed).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("button", { name: "Stop" })).not.toBeInTheDocument();
    expect(within(log()).queryAllByRole("article").filter((a) => a.dataset.role === "assistant")).toHaveLength(0);
  });

  it("does not ask when the last message is the agent's", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok-r");
    const answered = { ...question(), id: ids.reply, role: "assistant", content: "It arrives tomorrow." };
    const spy = mockFetch([
      { path: /\/messages$/, handle: () => history([question(), answered]) },
      { path: /\/events$/, handle: () => silentStream() },
    ]);
    renderView();
    expect(await within(log()).findByText("It arrives tomorrow.")).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 50));
    expect(spy.mock.calls.map(([input]) => String(input)).some((url) => url.endsWith("/stream"))).toBe(false);
  });

  it("Stop asks the API to stop the reply and stops reading; the partial reply stays", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok-r");
    const reply = liveStream();
    const stopped = vi.fn((url: URL, init: RequestInit | undefined) => {
      void url;
      void init;
      return json({ stopping: true, replyId: ids.reply }, { status: 202 });
    });
    mockFetch([
      { path: /\/messages$/, handle: () => history() },
      { path: /\/events$/, handle: () => silentStream() },
      { path: /\/api\/chat\/[^/]+\/stream$/, handle: () => reply.response() },
      { method: "POST", path: /\/api\/chat\/[^/]+\/stop$/, handle: stopped },
    ]);
    const user = renderView();
    reply.send({ type: "start", messageId: ids.reply });
    reply.send({ type: "text-start", id: "text-1" });
    reply.send({ type: "text-delta", id: "text-1", delta: "Let me walk you" });
    expect(await within(log()).findByText(/Let me walk you/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(stopped).toHaveBeenCalledTimes(1));
    const [url, init] = stopped.mock.calls[0]!;
    expect(url.pathname).toBe(`/api/chat/${ids.conversation}/stop`);
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer tok-r");
    expect(await screen.findByRole("button", { name: "Send" })).toBeInTheDocument();
    expect(within(log()).getByText(/Let me walk you/)).toBeInTheDocument();
  });
});
