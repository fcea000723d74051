import type { Staff, StaffConversationDetail, StaffConversationSummary } from "@harbor/contracts";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiError, json, liveStream, mockFetch } from "../../../../test/fetch-mock";
import { ConsoleProvider } from "../state/console-context";
import { ConversationView } from "./conversation-view";
import { Inbox } from "./inbox";

const ME: Staff = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "owner@example.com", name: "Robin", role: "owner" };
const OTHER = { id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", name: "Sam" };
const CONVERSATION_ID = "11111111-1111-4111-8111-111111111111";
const HOSTILE = `<script>window.__xss = 1</script> [click me](javascript:window.__xss=2) <a href="javascript:window.__xss=3">link</a>`;

function summary(overrides: Partial<StaffConversationSummary> = {}): StaffConversationSummary {
  return {
    id: CONVERSATION_ID,
    title: "Gift return",
    status: "waiting",
    assignee: null,
    handoffReason: "customer_request",
    waitingSince: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastMessage: { role: "user", content: HOSTILE, createdAt: new Date().toISOString() },
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

function detail(conversation: StaffConversationSummary): StaffConversationDetail {
  const base = { createdAt: "2025-03-04T15:00:00.000Z", status: "complete" as const, sources: [], feedback: null };
  return {
    conversation,
    messages: [
      { ...base, id: "22222222-2222-4222-8222-222222222222", role: "user", content: HOSTILE, author: null, toolCalls: [], flags: [] },
      {
        ...base,
        id: "33333333-3333-4333-8333-333333333333",
        role: "assistant",
        content: "I've refunded order 1042 for you.",
        author: null,
        toolCalls: [{ toolName: "lookup_order", orderNumber: "1042", found: true }],
        flags: ["unsupported_promise"],
      },
    ],
    timeline: [{ at: "2025-03-04T15:01:00.000Z", actor: "shopper", staff: null, from: "bot", to: "waiting", reason: "customer_request" }],
  };
}

function renderInConsole(ui: React.ReactNode, staff: Staff = ME) {
  render(
    <ConsoleProvider staff={staff} onSessionEnded={vi.fn()}>
      {ui}
    </ConsoleProvider>,
  );
  return userEvent.setup();
}

function expectInert(container: HTMLElement) {
  expect(container.querySelector("script")).toBeNull();
  for (const link of container.querySelectorAll("a")) {
    expect(link.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
  }
  expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.title = "";
});

describe("Inbox", () => {
  it("lists who waits and for how long, counts them in the title, and follows live events", async () => {
    const stream = liveStream();
    let waiting = [summary()];
    const requests: string[] = [];
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => stream.response() },
      {
        path: /\/api\/staff\/conversations$/,
        handle: (url, init) => {
          requests.push(`${url.search} ${init?.credentials}`);
          return json({ conversations: waiting, nextCursor: null });
        },
      },
    ]);
    renderInConsole(<Inbox />);

    const waitingTab = screen.getByRole("tab", { name: /Waiting/ });
    expect(waitingTab).toHaveAttribute("aria-selected", "true");
    const list = await screen.findByRole("list", { name: "Waiting conversations" });
    expect(within(list).getByRole("link", { name: /Gift return/ })).toHaveAttribute("href", `/console/c/${CONVERSATION_ID}`);
    expect(within(list).getByLabelText("waiting for 5 minutes")).toHaveTextContent("5 min");
    expect(within(list).getByText("Reason: The shopper asked for a person")).toBeInTheDocument();
    // The shopper's words are text, nothing more.
    expect(within(list).getByText(`Shopper: ${HOSTILE}`)).toBeInTheDocument();
    expectInert(list);
    await waitFor(() => expect(document.title).toBe("(1) Inbox · Console"));
    expect(requests[0]).toBe("?status=waiting include");

    // A new handoff elsewhere: the inbox reads itself again, no reload.
    waiting = [summary(), summary({ id: "44444444-4444-4444-8444-444444444444", title: "Where is my order?" })];
    await act(async () =>
      stream.send({ type: "conversation.updated", conversationId: waiting[1]!.id, status: "waiting", assignee: null }),
    );
    expect(await screen.findByRole("link", { name: /Where is my order\?/ })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("(2) Inbox · Console"));
    expect(within(waitingTab).getByText("2")).toBeInTheDocument();
  });

  it("moves between tabs with the arrow keys and asks for the right list", async () => {
    const requests: string[] = [];
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => liveStream().response() },
      {
        path: /\/api\/staff\/conversations$/,
        handle: (url) => {
          requests.push(url.search);
          return json({ conversations: [], nextCursor: null });
        },
      },
    ]);
    const user = renderInConsole(<Inbox />);
    expect(await screen.findByText("Nobody is waiting for a person.")).toBeInTheDocument();
    screen.getByRole("tab", { name: /Waiting/ }).focus();
    await user.keyboard("{ArrowRight}");
    const mine = screen.getByRole("tab", { name: "Mine" });
    expect(mine).toHaveFocus();
    expect(mine).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(requests).toContain("?status=all&mine=true"));
    await user.keyboard("{End}");
    expect(screen.getByRole("tab", { name: "Resolved" })).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(requests).toContain("?status=resolved"));
  });
});

describe("ConversationView", () => {
  it("shows the transcript as plain text, the tool calls, review flags and the handoff reason", async () => {
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => liveStream().response() },
      { path: /\/api\/staff\/conversations\/[^/]+$/, handle: () => json(detail(summary())) },
    ]);
    renderInConsole(<ConversationView id={CONVERSATION_ID} />);

    const transcript = await screen.findByRole("list", { name: "Transcript" });
    const shopper = within(transcript).getByText(HOSTILE);
    expect(shopper.closest("article")).toHaveAttribute("data-role", "user");
    expectInert(transcript);

    const agent = within(transcript).getByText("I've refunded order 1042 for you.").closest("article")!;
    expect(within(agent).getByText("Review: Unsupported promise")).toBeInTheDocument();
    expect(within(agent).getByRole("list", { name: "Order lookups" })).toHaveTextContent("Looked up order 1042: found");
    expect(screen.getByText("Handoff reason").nextElementSibling).toHaveTextContent("The shopper asked for a person");
    expect(screen.getByRole("heading", { level: 1, name: "Gift return" })).toHaveFocus();
    expect(screen.getByRole("textbox", { name: "Reply to the shopper" })).toBeDisabled();
  });

  it("takes over, pings typing at most every 2 s, replies, hands back and resolves", async () => {
    let conversation = summary();
    const calls: string[] = [];
    const stream = liveStream();
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => stream.response() },
      { path: /\/api\/staff\/conversations\/[^/]+$/, handle: () => json(detail(conversation)) },
      {
        method: "POST",
        path: /\/assign$/,
        handle: () => {
          calls.push("assign");
          conversation = { ...conversation, status: "human", assignee: { id: ME.id, name: ME.name }, waitingSince: null };
          return json({ conversation });
        },
      },
      {
        method: "POST",
        path: /\/typing$/,
        handle: () => {
          calls.push("typing");
          return new Response(null, { status: 204 });
        },
      },
      {
        method: "POST",
        path: /\/messages$/,
        handle: (_url, init) => {
          calls.push(`message ${JSON.parse(String(init?.body)).content}`);
          return json(
            {
              id: "55555555-5555-4555-8555-555555555555",
              role: "staff",
              content: "Robin here, let me check.",
              createdAt: new Date().toISOString(),
              status: "complete",
              sources: [],
              feedback: null,
              author: { name: "Robin" },
            },
            { status: 201 },
          );
        },
      },
      {
        method: "POST",
        path: /\/release$/,
        handle: () => {
          calls.push("release");
          conversation = { ...conversation, status: "bot", assignee: null };
          return json({ conversation });
        },
      },
      {
        method: "POST",
        path: /\/resolve$/,
        handle: () => {
          calls.push("resolve");
          conversation = { ...conversation, status: "resolved", assignee: null };
          return json({ conversation });
        },
      },
    ]);
    const user = renderInConsole(<ConversationView id={CONVERSATION_ID} />);

    await user.click(await screen.findByRole("button", { name: "Take over" }));
    const reply = screen.getByRole("textbox", { name: "Reply to the shopper" });
    await waitFor(() => expect(reply).toBeEnabled());
    expect(screen.getByText("You (Robin)")).toBeInTheDocument();

    await user.type(reply, "Robin here, let me check.");
    expect(calls.filter((call) => call === "typing")).toHaveLength(1);
    await user.keyboard("{Enter}");
    const transcript = screen.getByRole("list", { name: "Transcript" });
    const mine = await within(transcript).findByText("Robin here, let me check.");
    expect(mine.closest("article")).toHaveAttribute("data-role", "staff");
    // The same message arriving as an event is not shown twice.
    await act(async () =>
      stream.send({
        type: "message.created",
        conversationId: CONVERSATION_ID,
        message: {
          id: "55555555-5555-4555-8555-555555555555",
          role: "staff",
          content: "Robin here, let me check.",
          createdAt: new Date().toISOString(),
          status: "complete",
          sources: [],
          feedback: null,
          author: { name: "Robin" },
        },
      }),
    );
    expect(within(transcript).getAllByText("Robin here, let me check.")).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Hand back to the assistant" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Hand back to the assistant" })).not.toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Resolve" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Resolve" })).not.toBeInTheDocument());
    expect(calls).toEqual(["assign", "typing", "message Robin here, let me check.", "release", "resolve"]);
  });

  it("says who holds it on a conflict and lets an owner take it over anyway", async () => {
    const bodies: string[] = [];
    mockFetch([
      { path: /\/api\/staff\/events$/, handle: () => liveStream().response() },
      {
        path: /\/api\/staff\/conversations\/[^/]+$/,
        handle: () => json(detail(summary({ status: "human", assignee: OTHER, waitingSince: null }))),
      },
      {
        method: "POST",
        path: /\/assign$/,
        handle: (_url, init) => {
          bodies.push(String(init?.body));
          return bodies.length === 1
            ? apiError(409, "conflict:assigned", "Sam has this conversation.")
            : json({ conversation: summary({ status: "human", assignee: { id: ME.id, name: ME.name } }) });
        },
      },
    ]);
    const user = renderInConsole(<ConversationView id={CONVERSATION_ID} />);
    expect(await screen.findByText("Sam has this conversation.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Take over" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Someone else has taken this conversation.");
    await user.click(screen.getByRole("button", { name: "Take over anyway" }));
    await waitFor(() => expect(bodies).toEqual(["{}", '{"force":true}']));
  });
});
