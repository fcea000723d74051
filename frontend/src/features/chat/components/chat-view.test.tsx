import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiError, ids, json, mockFetch, replyStream, silentStream } from "../../../../test/fetch-mock";
import { ChatView } from "./chat-view";

type Routes = Parameters<typeof mockFetch>[0];

/** The chat's routes plus a live-event stream that stays quiet. */
function mockChatApi(routes: Routes) {
  return mockFetch([...routes, { path: /\/events$/, handle: () => silentStream() }]);
}

function renderView(conversationId: string | null = null) {
  const onConversationStarted = vi.fn();
  const onExchangeFinished = vi.fn();
  render(
    <ChatView
      conversationId={conversationId}
      onConversationStarted={onConversationStarted}
      onExchangeFinished={onExchangeFinished}
    />,
  );
  return { onConversationStarted, onExchangeFinished, user: userEvent.setup() };
}

function log() {
  return screen.getByRole("log", { name: "Messages" });
}

function message(content: string, role: "user" | "assistant", id: string, extra = {}) {
  return {
    id,
    role,
    content,
    createdAt: "2025-03-04T15:00:00.000Z",
    status: "complete",
    sources: [],
    feedback: null,
    author: null,
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("ChatView sending", () => {
  it("shows the message at once, streams the reply and announces it when finished", async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetchSpy = mockChatApi([
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: async () => {
          await gate;
          return replyStream("You can return **unused** items within 30 days.", { visitorToken: "tok-1" });
        },
      },
    ]);
    const { user, onConversationStarted } = renderView();
    expect(screen.getByRole("button", { name: /How do I return an item/ })).toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Message" }), "How do returns work?{Enter}");

    const sent = within(log()).getByText("How do returns work?");
    expect(sent.closest("article")).toHaveAttribute("data-role", "user");
    expect(await screen.findByRole("status", { name: "" })).toHaveTextContent("Agent is typing");
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();

    await act(async () => release?.());

    const reply = await within(log()).findByText(/within 30 days/);
    expect(reply.closest("article")).toHaveAttribute("data-role", "assistant");
    await waitFor(() => expect(screen.queryByText("Agent is typing")).not.toBeInTheDocument());
    expect(onConversationStarted).toHaveBeenCalledWith(ids.conversation, "hi");
    expect(window.localStorage.getItem("harbor.visitorToken")).toBe("tok-1");

    const sources = await screen.findByRole("list", { name: "Sources" });
    expect(within(sources).getByRole("link", { name: "Returns and refunds" })).toHaveAttribute(
      "href",
      "/help/returns-and-refunds",
    );
    expect(screen.getByText(/^Agent replied:/)).toHaveTextContent("within 30 days");

    const body = JSON.parse(String(fetchSpy.mock.calls[0]?.[1]?.body));
    expect(body).toEqual({ message: "How do returns work?" });
  });

  it("marks a failed message, keeps its text and sends it again on Retry", async () => {
    let attempts = 0;
    mockChatApi([
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: () => {
          attempts += 1;
          return attempts === 1
            ? apiError(500, "internal", "Something went wrong on our side.")
            : replyStream("It ships in 3-5 business days.");
        },
      },
    ]);
    const { user } = renderView();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "When will it ship?{Enter}");

    expect(await screen.findByText(/Not sent/)).toBeInTheDocument();
    expect(within(log()).getByText("When will it ship?")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Retry" }));

    expect(await within(log()).findByText(/3-5 business days/)).toBeInTheDocument();
    expect(screen.queryByText(/Not sent/)).not.toBeInTheDocument();
    expect(within(log()).getAllByText("When will it ship?")).toHaveLength(1);
    expect(attempts).toBe(2);
  });

  it("says how long to wait after a 429", async () => {
    mockChatApi([
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: () => apiError(429, "rate_limited", "Too many requests", { "Retry-After": "30" }),
      },
    ]);
    const { user } = renderView();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hello{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent(/wait 30 seconds/);
    expect(screen.getByRole("button", { name: /Retry in 30s/ })).toBeDisabled();
    expect(within(log()).getByText("hello")).toBeInTheDocument();
  });

  it("drops an unknown visitor token and starts fresh", async () => {
    window.localStorage.setItem("harbor.visitorToken", "stale");
    const seen: Array<string | null> = [];
    mockChatApi([
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: (_url, init) => {
          const auth = new Headers(init?.headers).get("Authorization");
          seen.push(auth);
          return auth ? apiError(401, "unauthorized", "Unknown visitor") : replyStream("Hello!", { visitorToken: "fresh" });
        },
      },
    ]);
    const { user } = renderView();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hi{Enter}");
    expect(await within(log()).findByText("Hello!")).toBeInTheDocument();
    expect(seen).toEqual(["Bearer stale", null]);
    expect(window.localStorage.getItem("harbor.visitorToken")).toBe("fresh");
  });

  it("follows the new conversation when a stale token forced a fresh start inside an old one", async () => {
    window.localStorage.setItem("harbor.visitorToken", "stale");
    const oldId = "99999999-9999-4999-8999-999999999999";
    mockChatApi([
      { path: /\/messages$/, handle: () => json({ conversationId: oldId, status: "bot", assignee: null, messages: [], hasMore: false }) },
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: (_url, init) =>
          new Headers(init?.headers).get("Authorization")
            ? apiError(401, "unauthorized", "Unknown visitor")
            : replyStream("Hello!", { visitorToken: "fresh" }),
      },
    ]);
    const { user, onConversationStarted } = renderView(oldId);
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hi{Enter}");
    expect(await within(log()).findByText("Hello!")).toBeInTheDocument();
    expect(onConversationStarted).toHaveBeenCalledWith(ids.conversation, "hi");
  });
});

describe("ChatView history", () => {
  it("loads the newest page and older messages on demand", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    const requests: string[] = [];
    mockChatApi([
      {
        path: /\/messages$/,
        handle: (url) => {
          requests.push(url.search);
          if (url.searchParams.get("before") === "44444444-4444-4444-8444-444444444444") {
            return json({
              conversationId: ids.conversation,
              status: "bot",
              assignee: null,
              messages: [message("An older question", "user", "55555555-5555-4555-8555-555555555555")],
              hasMore: false,
            });
          }
          return json({
            conversationId: ids.conversation,
            status: "bot",
            assignee: null,
            messages: [
              message("Newest question", "user", "44444444-4444-4444-8444-444444444444"),
              message("Newest answer", "assistant", ids.reply, { feedback: { rating: "up", reason: null } }),
            ],
            hasMore: true,
          });
        },
      },
    ]);
    const { user } = renderView(ids.conversation);

    expect(await within(log()).findByText("Newest question")).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Helpful" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "false");

    await user.click(screen.getByRole("button", { name: "Load older messages" }));
    expect(await within(log()).findByText("An older question")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load older messages" })).not.toBeInTheDocument();
    const articles = within(log()).getAllByRole("article");
    expect(articles[0]).toHaveTextContent("An older question");
    expect(requests[0]).toContain("limit=50");
  });

  it("saves feedback with an optional reason", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    const bodies: unknown[] = [];
    mockChatApi([
      {
        path: /\/messages$/,
        handle: () =>
          json({ conversationId: ids.conversation, status: "bot", assignee: null, messages: [message("Answer", "assistant", ids.reply)], hasMore: false }),
      },
      {
        method: "PUT",
        path: /\/feedback$/,
        handle: (_url, init) => {
          const body = JSON.parse(String(init?.body)) as { rating: string; reason?: string };
          bodies.push(body);
          return json(message("Answer", "assistant", ids.reply, { feedback: { rating: body.rating, reason: body.reason ?? null } }));
        },
      },
    ]);
    const { user } = renderView(ids.conversation);
    await user.click(await screen.findByRole("button", { name: "Not helpful" }));
    expect(screen.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");
    await user.type(screen.getByRole("textbox", { name: /What went wrong/ }), "Wrong price");
    await user.click(screen.getByRole("button", { name: "Submit reason" }));
    await waitFor(() => expect(bodies).toEqual([{ rating: "down" }, { rating: "down", reason: "Wrong price" }]));
  });

  it("shows a not-found state for a conversation that does not exist", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    mockChatApi([{ path: /\/messages$/, handle: () => apiError(404, "not_found:conversation", "Not found") }]);
    renderView(ids.conversation);
    expect(await screen.findByRole("heading", { name: "Conversation not found" })).toBeInTheDocument();
  });
});
