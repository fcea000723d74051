import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { forgetStoreProfile } from "@/lib/api/store-api";

import { ids, json, liveStream, mockFetch, uiStream } from "../../../../test/fetch-mock";
import { ChatView } from "./chat-view";
import { WaitingNotice } from "./waiting-notice";

const STORE = {
  name: "Harbor & Pine",
  supportEmail: "help@harborandpine.example",
  timeZone: "America/New_York",
  hours: [{ weekday: 1, open: "09:00", close: "18:00" }],
  hoursText: "Monday to Friday 9:00-18:00 ET",
  replyTime: "within 1 business day",
  brandColor: "#1d5c47",
  openNow: true,
  nextOpenAt: null,
};

const SAM_MESSAGE_ID = "66666666-6666-4666-8666-666666666666";

function message(content: string, role: "user" | "assistant" | "staff", id: string, extra = {}) {
  return {
    id,
    role,
    content,
    createdAt: "2025-03-04T15:00:00.000Z",
    status: "complete",
    sources: [],
    feedback: null,
    author: role === "staff" ? { name: "Sam" } : null,
    ...extra,
  };
}

const question = message("Can I return a gift without a receipt?", "user", ids.userMessage);
const unsourcedReply = message("I'm not sure about that one.", "assistant", ids.reply);

function messagesResponse(status: string, messages: unknown[], assignee: { name: string } | null = null) {
  return json({ conversationId: ids.conversation, status, assignee, messages, hasMore: false });
}

function renderView() {
  window.localStorage.setItem("harbor.visitorToken", "tok");
  render(<ChatView conversationId={ids.conversation} onConversationStarted={vi.fn()} onExchangeFinished={vi.fn()} />);
  return userEvent.setup();
}

const log = () => screen.getByRole("log", { name: "Messages" });

beforeEach(() => forgetStoreProfile());
afterEach(() => vi.unstubAllGlobals());

describe("Talk to a person", () => {
  it("is offered under an unsourced reply and above the composer, and asks for a person", async () => {
    const stream = liveStream();
    const handoffs: string[] = [];
    mockFetch([
      { path: /\/messages$/, handle: () => messagesResponse("bot", [question, unsourcedReply]) },
      { path: /\/events$/, handle: () => stream.response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
      {
        method: "POST",
        path: /\/handoff$/,
        handle: (url, init) => {
          handoffs.push(`${url.pathname} ${new Headers(init?.headers).get("Authorization")}`);
          return json({ conversationId: ids.conversation, status: "waiting" });
        },
      },
    ]);
    const user = renderView();

    const reply = (await within(log()).findByText("I'm not sure about that one.")).closest("article")!;
    const underReply = within(reply).getByRole("button", { name: "Talk to a person" });
    expect(screen.getAllByRole("button", { name: "Talk to a person" })).toHaveLength(2);

    await user.click(underReply);

    expect(handoffs).toEqual([`/api/chat/${ids.conversation}/handoff Bearer tok`]);
    const notice = await screen.findByTestId("waiting-notice");
    expect(notice).toHaveTextContent("Waiting for a person");
    await waitFor(() => expect(notice).toHaveTextContent("Monday to Friday 9:00-18:00 ET"));
    expect(screen.queryByRole("button", { name: "Talk to a person" })).not.toBeInTheDocument();
  });

  it("is not offered under a reply that cites sources", async () => {
    const sourced = message("Returns are free within 30 days.", "assistant", ids.reply, {
      sources: [{ id: "returns", title: "Returns", url: "/help/returns" }],
    });
    mockFetch([
      { path: /\/messages$/, handle: () => messagesResponse("bot", [question, sourced]) },
      { path: /\/events$/, handle: () => liveStream().response() },
    ]);
    renderView();
    const reply = (await within(log()).findByText("Returns are free within 30 days.")).closest("article")!;
    expect(within(reply).queryByRole("button", { name: "Talk to a person" })).not.toBeInTheDocument();
    // The general way to a person stays above the composer.
    expect(screen.getAllByRole("button", { name: "Talk to a person" })).toHaveLength(1);
  });
});

describe("Waiting notice", () => {
  it("gives the hours while the team is in", () => {
    render(<WaitingNotice store={STORE} />);
    const notice = screen.getByRole("status");
    expect(notice).toHaveTextContent("Waiting for a person");
    expect(notice).toHaveTextContent("Harbor & Pine team will join here soon");
    expect(notice).toHaveTextContent("Monday to Friday 9:00-18:00 ET");
  });

  it("says when the team is back and that an answer follows by email outside the hours", () => {
    render(<WaitingNotice store={{ ...STORE, openNow: false, nextOpenAt: "2025-03-10T13:00:00.000Z" }} />);
    const notice = screen.getByRole("status");
    expect(notice).toHaveTextContent("away right now and back");
    expect(notice).toHaveTextContent("by email within 1 business day");
    expect(notice).toHaveTextContent("help@harborandpine.example");
  });
});

describe("A person in the conversation", () => {
  it("shows a person joining, typing, their message (once) and the assistant coming back, live", async () => {
    const stream = liveStream();
    let reads = 0;
    mockFetch([
      {
        path: /\/messages$/,
        handle: () => {
          reads += 1;
          return messagesResponse("waiting", [question]);
        },
      },
      { path: /\/events$/, handle: () => stream.response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
    ]);
    renderView();
    expect(await screen.findByTestId("waiting-notice")).toBeInTheDocument();

    await act(async () => stream.send({ type: "ready" }));
    await waitFor(() => expect(reads).toBe(2));

    await act(async () =>
      stream.send({ type: "conversation.updated", conversationId: ids.conversation, status: "human", assignee: { id: "s1", name: "Sam" } }),
    );
    expect(await within(log()).findByText("Sam from Harbor & Pine joined")).toBeInTheDocument();
    expect(screen.queryByTestId("waiting-notice")).not.toBeInTheDocument();

    await act(async () => stream.send({ type: "typing", conversationId: ids.conversation, name: "Sam" }));
    expect(await screen.findByText("Sam is typing…")).toBeInTheDocument();

    const fromSam = message("Yes: bring it to any store within 60 days.", "staff", SAM_MESSAGE_ID);
    await act(async () => {
      stream.send({ type: "message.created", conversationId: ids.conversation, message: fromSam });
      stream.send({ type: "message.created", conversationId: ids.conversation, message: fromSam });
    });
    const staffText = await within(log()).findByText("Yes: bring it to any store within 60 days.");
    const article = staffText.closest("article")!;
    expect(article).toHaveAttribute("data-role", "staff");
    expect(article).toHaveAccessibleName("Sam from Harbor & Pine");
    expect(within(article).getByText("Sam")).toBeInTheDocument();
    expect(within(log()).getAllByText("Yes: bring it to any store within 60 days.")).toHaveLength(1);
    expect(screen.queryByText("Sam is typing…")).not.toBeInTheDocument();

    await act(async () =>
      stream.send({ type: "conversation.updated", conversationId: ids.conversation, status: "bot", assignee: null }),
    );
    expect(await within(log()).findByText("The assistant is back")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Talk to a person" })).toBeInTheDocument();
    // The shopper's chat never leads to the console.
    expect(document.querySelector('a[href*="/console"]')).toBeNull();
  });

  it("hides '… is typing' a few seconds after the last ping", async () => {
    const stream = liveStream();
    mockFetch([
      { path: /\/messages$/, handle: () => messagesResponse("human", [question], { name: "Sam" }) },
      { path: /\/events$/, handle: () => stream.response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
    ]);
    renderView();
    await within(log()).findByText(question.content);
    await act(async () => stream.send({ type: "typing", conversationId: ids.conversation, name: "Sam" }));
    expect(await screen.findByText("Sam is typing…")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Sam is typing…")).not.toBeInTheDocument(), { timeout: 6000 });
  }, 10_000);

  it("is right after a reload: the person's messages and name come from the messages response", async () => {
    mockFetch([
      {
        path: /\/messages$/,
        handle: () => messagesResponse("human", [question, message("Hi, Sam here.", "staff", SAM_MESSAGE_ID)], { name: "Sam" }),
      },
      { path: /\/events$/, handle: () => liveStream().response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
    ]);
    renderView();
    const staffText = await within(log()).findByText("Hi, Sam here.");
    expect(staffText.closest("article")).toHaveAttribute("data-role", "staff");
    expect(await screen.findByText("You're chatting with Sam from Harbor & Pine.")).toBeInTheDocument();
  });

  it("sends while a person has the conversation without waiting for the agent", async () => {
    const sent = message("Thanks!", "user", "77777777-7777-4777-8777-777777777777");
    mockFetch([
      { path: /\/messages$/, handle: () => messagesResponse("human", [question], { name: "Sam" }) },
      { path: /\/events$/, handle: () => liveStream().response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
      {
        method: "POST",
        path: /\/api\/chat\/stream$/,
        handle: () =>
          uiStream([
            { type: "start" },
            {
              type: "data-conversation",
              transient: true,
              data: { conversationId: ids.conversation, userMessage: sent, replyId: null, status: "human" },
            },
            { type: "finish" },
          ]),
      },
    ]);
    const user = renderView();
    await within(log()).findByText(question.content);
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Thanks!{Enter}");
    expect(screen.queryByText("Agent is typing")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument());
    expect(within(log()).getByText("Thanks!").closest("article")).toHaveAttribute("data-role", "user");
    expect(screen.queryByText(/Not sent/)).not.toBeInTheDocument();
    expect(within(log()).queryAllByRole("article").filter((a) => a.dataset.role === "assistant")).toHaveLength(0);
  });

  it("offers to go on after the conversation was resolved", async () => {
    mockFetch([
      { path: /\/messages$/, handle: () => messagesResponse("resolved", [question]) },
      { path: /\/events$/, handle: () => liveStream().response() },
      { path: /\/api\/store$/, handle: () => json(STORE) },
    ]);
    const user = renderView();
    await user.click(await screen.findByRole("button", { name: "Ask something else" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus();
  });
});
