import type { KnowledgeArticle, KnowledgeTryResponse, Staff } from "@harbor/contracts";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { apiError, json, liveStream, mockFetch } from "../../../../../test/fetch-mock";
import { ConsoleProvider } from "../../state/console-context";
import { slugify } from "./article-form";
import { KnowledgeEditor } from "./knowledge-editor";
import { KnowledgeList } from "./knowledge-list";
import { parseSynonymLines, SynonymsEditor } from "./synonyms-editor";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn(), back: vi.fn(), forward: vi.fn(), prefetch: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const OWNER: Staff = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "owner@example.com", name: "Robin", role: "owner" };
const AGENT: Staff = { ...OWNER, id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", role: "agent", name: "Sam" };
const ARTICLE_ID = "44444444-4444-4444-8444-444444444444";
const HOSTILE = `**Bold** <script>window.__xss = 1</script> [click me](javascript:window.__xss=2)`;

function article(overrides: Partial<KnowledgeArticle> = {}): KnowledgeArticle {
  return {
    id: ARTICLE_ID,
    slug: "gift-wrap",
    title: "Gift wrapping",
    category: "Orders",
    summary: "Wrapped for $4.",
    body: "We wrap any order for **$4**.",
    questions: ["Do you gift wrap?", "Can you wrap my present?"],
    status: "published",
    revision: 2,
    createdAt: "2026-12-01T10:00:00.000Z",
    updatedAt: "2026-12-02T10:00:00.000Z",
    publishedAt: "2026-12-01T10:05:00.000Z",
    ...overrides,
  };
}

const TRY: KnowledgeTryResponse = {
  question: "Do you gift wrap?",
  understood: "Do you gift wrap?",
  results: [
    { slug: "gift-wrap", title: "Gift wrapping", score: 31.4159, confident: true, draft: true, passage: "We wrap any order." },
    { slug: "gift-cards", title: "Gift cards", score: 9.5, confident: false, draft: false, passage: "Gift cards never expire." },
  ],
  answer: { text: HOSTILE, responder: "offline", handedOff: false, sources: [{ id: "gift-wrap", title: "Gift wrapping", url: "/help/gift-wrap" }] },
};

/** Routes every test needs: the console's live-event stream. */
const liveRoute = () => {
  const stream = liveStream();
  return { path: /\/api\/staff\/events$/, handle: () => stream.response() };
};

function renderInConsole(ui: React.ReactNode, staff: Staff = OWNER) {
  render(
    <ConsoleProvider staff={staff} onSessionEnded={vi.fn()}>
      {ui}
    </ConsoleProvider>,
  );
  return userEvent.setup();
}

function expectInert(container: HTMLElement) {
  expect(container.querySelector("script")).toBeNull();
  for (const link of container.querySelectorAll("a")) expect(link.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
  expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
}

const bodyOf = (init: RequestInit | undefined) => JSON.parse(String(init?.body)) as Record<string, unknown>;

beforeEach(() => {
  for (const spy of Object.values(router)) spy.mockReset();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("KnowledgeList", () => {
  it("lists every article with its status and a link to edit it; owners may start a new one", async () => {
    mockFetch([
      liveRoute(),
      {
        path: /\/api\/staff\/knowledge\/articles$/,
        handle: () =>
          json({
            articles: [
              { id: ARTICLE_ID, slug: "gift-wrap", title: "Gift wrapping", category: "Orders", status: "draft", revision: 1, updatedAt: new Date().toISOString() },
              { id: "55555555-5555-4555-8555-555555555555", slug: "refunds", title: "Refunds", category: "Returns", status: "published", revision: 1, updatedAt: new Date().toISOString() },
            ],
          }),
      },
    ]);
    renderInConsole(<KnowledgeList />);
    const draftRow = (await screen.findByRole("link", { name: "Gift wrapping" })).closest("tr")!;
    expect(screen.getByRole("link", { name: "Gift wrapping" })).toHaveAttribute("href", `/console/knowledge/${ARTICLE_ID}`);
    expect(within(draftRow).getByText("Draft")).toBeInTheDocument();
    expect(within(screen.getByRole("link", { name: "Refunds" }).closest("tr")!).getByText("Published")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "New article" })).toHaveAttribute("href", "/console/knowledge/new");
    expect(screen.getByRole("link", { name: "Synonyms" })).toHaveAttribute("href", "/console/knowledge/synonyms");
  });

  it("offers agents no New article", async () => {
    mockFetch([liveRoute(), { path: /\/api\/staff\/knowledge\/articles$/, handle: () => json({ articles: [] }) }]);
    renderInConsole(<KnowledgeList />, AGENT);
    await screen.findByRole("table");
    expect(screen.queryByRole("link", { name: "New article" })).toBeNull();
  });
});

describe("KnowledgeEditor", () => {
  it("starts from a shopper's question (?question=), previews the markdown safely, and publishes a new article", async () => {
    const posted: Record<string, unknown>[] = [];
    mockFetch([
      liveRoute(),
      {
        method: "POST",
        path: /\/api\/staff\/knowledge\/articles$/,
        handle: (_url, init) => {
          posted.push(bodyOf(init));
          return json(article({ ...bodyOf(init), revision: 1 } as Partial<KnowledgeArticle>), { status: 201 });
        },
      },
    ]);
    const user = renderInConsole(<KnowledgeEditor question="Do you gift wrap orders?" />);
    expect(screen.getByLabelText("Title")).toHaveValue("Do you gift wrap orders?");
    expect(screen.getByLabelText("Slug")).toHaveValue("do-you-gift-wrap-orders");
    expect(screen.getByLabelText("Alternative phrasings")).toHaveValue("Do you gift wrap orders?");
    expect(screen.getByLabelText("A shopper's question")).toHaveValue("Do you gift wrap orders?");

    await user.type(screen.getByLabelText("Body (markdown)"), HOSTILE.replace(/[[{]/g, (c) => c + c));
    const preview = screen.getByRole("region", { name: "Preview" });
    expect(within(preview).getByText("Bold").tagName).toBe("STRONG");
    expectInert(preview);

    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText("Title"), "Gift wrap");
    expect(screen.getByLabelText("Slug")).toHaveValue("gift-wrap");
    await user.type(screen.getByLabelText("Alternative phrasings"), "\n\nCan you wrap it?  ");
    await user.click(screen.getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith(`/console/knowledge/${ARTICLE_ID}`));
    expect(posted[0]).toMatchObject({
      title: "Gift wrap",
      slug: "gift-wrap",
      status: "published",
      questions: ["Do you gift wrap orders?", "Can you wrap it?"],
    });
    expect(String(posted[0]!.body)).toContain("<script>");
  });

  it("saves an edit naming the revision it edited, shows a conflict, unpublishes, and deletes after a confirm", async () => {
    let current = article();
    const calls: string[] = [];
    mockFetch([
      liveRoute(),
      { path: /\/articles\/[^/]+$/, handle: () => json(current) },
      { path: /\/history$/, handle: () => json({ articleId: ARTICLE_ID, revisions: [] }) },
      {
        method: "PUT",
        path: /\/articles\/[^/]+$/,
        handle: (_url, init) => {
          const body = bodyOf(init);
          calls.push(`PUT r${String(body.revision)}`);
          if (calls.length === 2) return apiError(409, "conflict:stale", "Someone saved this article after you opened it.");
          current = { ...current, body: String(body.body), revision: current.revision + 1 };
          return json(current);
        },
      },
      {
        method: "POST",
        path: /\/unpublish$/,
        handle: () => {
          calls.push("unpublish");
          current = { ...current, status: "draft", revision: current.revision + 1 };
          return json(current);
        },
      },
      {
        method: "DELETE",
        path: /\/articles\/[^/]+$/,
        handle: () => {
          calls.push("DELETE");
          return new Response(null, { status: 204 });
        },
      },
    ]);
    const user = renderInConsole(<KnowledgeEditor articleId={ARTICLE_ID} />);
    const body = await screen.findByLabelText("Body (markdown)");
    const save = screen.getByRole("button", { name: "Save changes (live at once)" });
    expect(save).toBeDisabled();
    await user.type(body, " Ribbons are free.");
    await user.click(save);
    await screen.findByText("Saved.");
    expect(calls).toEqual(["PUT r2"]);

    await user.type(body, " More.");
    await user.click(screen.getByRole("button", { name: "Save changes (live at once)" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Someone saved this article after you opened it.");
    expect(calls).toEqual(["PUT r2", "PUT r3"]);

    await user.clear(body);
    await user.type(body, current.body);
    await user.click(screen.getByRole("button", { name: "Unpublish" }));
    await screen.findByText("Unpublished.");
    expect(screen.getByRole("button", { name: "Publish" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog", { name: /Delete/ });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls).not.toContain("DELETE");
    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/console/knowledge"));
    expect(calls).toEqual(["PUT r2", "PUT r3", "unpublish", "DELETE"]);
  });

  it("shows the history and reverts to an earlier revision after a confirm", async () => {
    let current = article({ title: "Gift wrapping (new)", revision: 2 });
    let reverted: unknown;
    mockFetch([
      liveRoute(),
      { path: /\/articles\/[^/]+$/, handle: () => json(current) },
      {
        path: /\/history$/,
        handle: () =>
          json({
            articleId: ARTICLE_ID,
            revisions: [
              { ...current, revision: current.revision, action: current.revision === 3 ? "reverted" : "saved", author: { name: "Robin" }, at: new Date().toISOString() },
              { ...article(), revision: 1, action: "seeded", author: null, at: "2026-12-01T10:00:00.000Z" },
            ],
          }),
      },
      {
        method: "POST",
        path: /\/revert$/,
        handle: (_url, init) => {
          reverted = bodyOf(init);
          current = article({ revision: 3 });
          return json(current);
        },
      },
    ]);
    const user = renderInConsole(<KnowledgeEditor articleId={ARTICLE_ID} />);
    const history = await screen.findByRole("region", { name: "History" });
    await within(history).findByText("Imported from the starter articles");
    expect(within(history).getByText(/by Robin/)).toBeInTheDocument();
    expect(within(history).queryByRole("button", { name: "Revert to r2" })).toBeNull();
    await user.click(within(history).getByRole("button", { name: "Revert to r1" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Revert" }));
    await screen.findByText("Reverted to revision 1.");
    expect(reverted).toEqual({ revision: 1 });
    expect(screen.getByLabelText("Title")).toHaveValue("Gift wrapping");
    await within(history).findByText("Reverted");
  });

  it("lets an agent read and try, but not change anything", async () => {
    mockFetch([
      liveRoute(),
      { path: /\/articles\/[^/]+$/, handle: () => json(article()) },
      { path: /\/history$/, handle: () => json({ articleId: ARTICLE_ID, revisions: [{ ...article(), revision: 1, action: "seeded", author: null, at: new Date().toISOString() }] }) },
    ]);
    renderInConsole(<KnowledgeEditor articleId={ARTICLE_ID} />, AGENT);
    expect(await screen.findByLabelText("Title")).toBeDisabled();
    expect(screen.getByLabelText("Body (markdown)")).toBeDisabled();
    expect(screen.queryByRole("button", { name: /Save|Publish|Unpublish|Delete/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Try it" })).toBeInTheDocument();
    expect(screen.queryByLabelText(/unsaved changes/)).toBeNull();
    await screen.findByText("Imported from the starter articles");
    expect(screen.queryByRole("button", { name: /Revert/ })).toBeNull();
  });

  it("tries a question against the unsaved draft: ranked articles with scores, and the answer as plain text", async () => {
    const sent: Record<string, unknown>[] = [];
    mockFetch([
      liveRoute(),
      { path: /\/articles\/[^/]+$/, handle: () => json(article()) },
      { path: /\/history$/, handle: () => json({ articleId: ARTICLE_ID, revisions: [] }) },
      {
        method: "POST",
        path: /\/knowledge\/try$/,
        handle: (_url, init) => {
          sent.push(bodyOf(init));
          return json(TRY);
        },
      },
    ]);
    const user = renderInConsole(<KnowledgeEditor articleId={ARTICLE_ID} />);
    await user.type(await screen.findByLabelText("Body (markdown)"), " Unsaved words.");
    await user.type(screen.getByLabelText("A shopper's question"), "Do you gift wrap?");
    await user.click(screen.getByRole("button", { name: "Try it" }));
    const first = (await screen.findByText("1. Gift wrapping")).closest("li")!;
    expect(within(first).getByText("score 31.42")).toBeInTheDocument();
    expect(within(first).getByText(/confident/)).toBeInTheDocument();
    expect(within(first).getByText("unsaved draft")).toBeInTheDocument();
    expect(screen.getByText("2. Gift cards").closest("li")).toHaveTextContent("score 9.50");
    // The agent's words are plain text in the console.
    const answer = screen.getByText((_, element) => element?.tagName === "P" && element.textContent === HOSTILE);
    expect(answer.querySelector("strong")).toBeNull();
    expectInert(document.body);
    expect(sent[0]).toMatchObject({ question: "Do you gift wrap?", draft: { id: ARTICLE_ID, slug: "gift-wrap", body: "We wrap any order for **$4**. Unsaved words." } });

    await user.click(screen.getByLabelText(/unsaved changes/));
    await user.click(screen.getByRole("button", { name: "Try it" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ question: "Do you gift wrap?" });
  });
});

describe("SynonymsEditor", () => {
  it("edits words and places as `term = means` lines; a malformed line is refused before sending", async () => {
    const puts: unknown[] = [];
    mockFetch([
      liveRoute(),
      {
        path: /\/knowledge\/synonyms$/,
        handle: () =>
          json({
            synonyms: [
              { term: "toronto", means: "canada", match: "phrase" },
              { term: "reimburse", means: "refund", match: "word" },
            ],
          }),
      },
      {
        method: "PUT",
        path: /\/knowledge\/synonyms$/,
        handle: (_url, init) => {
          const body = bodyOf(init) as { synonyms: unknown[] };
          puts.push(body);
          if (puts.length === 2) return apiError(400, "bad_request:validation", 'synonyms: "nyc" is listed twice');
          return json(body);
        },
      },
    ]);
    const user = renderInConsole(<SynonymsEditor />);
    const words = await screen.findByLabelText("Words");
    const places = screen.getByLabelText("Places and phrases");
    expect(words).toHaveValue("reimburse = refund");
    expect(places).toHaveValue("toronto = canada");

    await user.type(words, "\nparcel packag");
    await user.click(screen.getByRole("button", { name: "Save synonyms" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Line 2 of the words");
    expect(puts).toHaveLength(0);

    await user.clear(words);
    await user.type(words, "reimburse = refund\nParcel = Package");
    await user.type(places, "\nNew York = USA");
    await user.click(screen.getByRole("button", { name: "Save synonyms" }));
    await screen.findByText(/Saved 4 synonyms/);
    expect(puts[0]).toEqual({
      synonyms: [
        { term: "toronto", means: "canada", match: "phrase" },
        { term: "new york", means: "usa", match: "phrase" },
        { term: "reimburse", means: "refund", match: "word" },
        { term: "parcel", means: "package", match: "word" },
      ],
    });

    await user.click(screen.getByRole("button", { name: "Save synonyms" }));
    expect(await screen.findByRole("alert")).toHaveTextContent('"nyc" is listed twice');
  });

  it("is read-only for agents", async () => {
    mockFetch([liveRoute(), { path: /\/knowledge\/synonyms$/, handle: () => json({ synonyms: [] }) }]);
    renderInConsole(<SynonymsEditor />, AGENT);
    expect(await screen.findByLabelText("Words")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save synonyms" })).toBeNull();
  });
});

describe("article form helpers", () => {
  it("makes slugs the API accepts and reads synonym lines", () => {
    expect(slugify("  Où est ma commande?  Livraison -- rapide! ")).toBe("ou-est-ma-commande-livraison-rapide");
    expect(slugify("x".repeat(100))).toHaveLength(80);
    expect(parseSynonymLines("a = b\n\n c=d ", "word")).toEqual({
      synonyms: [
        { term: "a", means: "b", match: "word" },
        { term: "c", means: "d", match: "word" },
      ],
    });
    expect(parseSynonymLines("a = b = c", "phrase")).toEqual({ error: expect.stringContaining("Line 1 of the places and phrases") });
  });
});
