import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiError, json, mockFetch } from "../../../../test/fetch-mock";
import { useConversations } from "../state/use-conversations";
import { ConversationSidebar } from "./conversation-sidebar";

const A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

function summary(id: string, title: string, content: string, minutesAgo: number) {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return { id, title, createdAt: at, updatedAt: at, lastMessage: { role: "assistant", content, createdAt: at } };
}

function Harness({ onDeleted }: { onDeleted?: (id: string) => void }) {
  const conversations = useConversations();
  return (
    <ConversationSidebar
      conversations={conversations.state}
      activeId={A}
      onSelect={() => {}}
      onRename={conversations.rename}
      onDelete={async (id) => {
        await conversations.remove(id);
        onDeleted?.(id);
      }}
      onLoadMore={() => void conversations.loadMore()}
    />
  );
}

function listResponse() {
  return json({
    conversations: [
      summary(A, "Return a kettle", "You can return it within 30 days.", 5),
      summary(B, "Shipping to Canada", "Canada takes 5-10 business days.", 60 * 26),
    ],
    nextCursor: null,
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("ConversationSidebar", () => {
  it("lists conversations newest first with title, preview, time and links", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    mockFetch([{ path: /\/api\/conversations$/, handle: listResponse }]);
    render(<Harness />);
    const nav = screen.getByRole("navigation", { name: "Conversations" });
    const links = await within(nav).findAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([`/c/${A}`, `/c/${B}`]);
    expect(links[0]).toHaveTextContent("Return a kettle");
    expect(links[0]).toHaveTextContent("You can return it within 30 days.");
    expect(links[0]).toHaveTextContent(/5 min/);
    expect(links[0]).toHaveAttribute("aria-current", "page");
  });

  it("shows an empty state for a first-time visitor without calling the API", async () => {
    const spy = mockFetch([]);
    render(<Harness />);
    expect(await screen.findByText(/No conversations yet/)).toBeInTheDocument();
    expect(spy).not.toHaveBeenCalled();
  });

  it("renames a conversation", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    let renamedTo: unknown;
    mockFetch([
      { path: /\/api\/conversations$/, handle: listResponse },
      {
        method: "PATCH",
        path: new RegExp(`/api/chat/${A}$`),
        handle: (_url, init) => {
          renamedTo = JSON.parse(String(init?.body));
          return json(summary(A, "Kettle return", "You can return it within 30 days.", 5));
        },
      },
    ]);
    const user = userEvent.setup();
    render(<Harness />);
    const first = (await screen.findAllByRole("listitem"))[0]!;
    await user.click(within(first).getByRole("button", { name: "Rename conversation" }));
    const input = screen.getByRole("textbox", { name: "Conversation title" });
    await user.clear(input);
    await user.type(input, "Kettle return{Enter}");
    expect(await screen.findByRole("link", { name: /Kettle return/ })).toBeInTheDocument();
    expect(renamedTo).toEqual({ title: "Kettle return" });
  });

  it("puts the old title back when the rename fails", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    mockFetch([
      { path: /\/api\/conversations$/, handle: listResponse },
      { method: "PATCH", path: /\/api\/chat\//, handle: () => apiError(500, "internal", "Oops") },
    ]);
    const user = userEvent.setup();
    render(<Harness />);
    const first = (await screen.findAllByRole("listitem"))[0]!;
    await user.click(within(first).getByRole("button", { name: "Rename conversation" }));
    const input = screen.getByRole("textbox", { name: "Conversation title" });
    await user.clear(input);
    await user.type(input, "New name{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(/Couldn't rename/);
    expect(screen.getByRole("link", { name: /Return a kettle/ })).toBeInTheDocument();
  });

  it("deletes only after confirmation", async () => {
    window.localStorage.setItem("harbor.visitorToken", "tok");
    const deleted: string[] = [];
    mockFetch([
      { path: /\/api\/conversations$/, handle: listResponse },
      {
        method: "DELETE",
        path: /\/api\/chat\/[^/]+$/,
        handle: (url) => {
          deleted.push(url.pathname);
          return new Response(null, { status: 204 });
        },
      },
    ]);
    const onDeleted = vi.fn();
    const user = userEvent.setup();
    render(<Harness onDeleted={onDeleted} />);
    const second = (await screen.findAllByRole("listitem"))[1]!;

    await user.click(within(second).getByRole("button", { name: "Delete conversation" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete this conversation?" });
    expect(dialog).toHaveTextContent("Shipping to Canada");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(deleted).toEqual([]);
    expect(screen.getByRole("link", { name: /Shipping to Canada/ })).toBeInTheDocument();

    await user.click(within(second).getByRole("button", { name: "Delete conversation" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(deleted).toEqual([`/api/chat/${B}`]));
    expect(screen.queryByRole("link", { name: /Shipping to Canada/ })).not.toBeInTheDocument();
    expect(onDeleted).toHaveBeenCalledWith(B);
  });
});
