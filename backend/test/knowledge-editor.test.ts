// The knowledge editor: articles and synonyms in the database, seeded from backend/knowledge/,
// edited by owners over the staff API, re-indexed at once on every instance, and "Try it".
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeSeed } from "../src/db/knowledge-files";
import { openDatabase, databaseLocation } from "../src/db/connection";
import { createKnowledgeRepo } from "../src/db/knowledge.repo";
import { createInProcessEventBus } from "../src/events/live-events";
import { createLogger } from "../src/logger";
import { loadKnowledgeBase } from "../src/services/knowledge-index";
import { loadSeedProfile } from "../src/db/seed-store-profile";
import { factsOf } from "../src/services/store-profile.service";
import { createKnowledgeService, createLiveKnowledgeBase } from "../src/services/knowledge.service";
import { signInStaff } from "./support/live-client";
import {
  apiClient,
  createTestDatabase,
  openTestDatabase,
  startTestApp,
  waitFor,
  type TestApp,
  type TestDatabase,
} from "./support/test-app";

const seed = loadKnowledgeSeed();
const base = "/api/staff/knowledge";

/** A staff member's JSON client: the session cookie and, for writes, the web app's Origin. */
function staffClient(app: TestApp, cookie: string) {
  const api = apiClient(app.url);
  return (method: string, path: string, body?: unknown) =>
    api(method, path, body, { cookie, ...(method === "GET" ? {} : { origin: "http://localhost:3000" }) });
}

const article = (overrides: Record<string, unknown> = {}) => ({
  slug: `gift-wrap-${randomUUID().slice(0, 8)}`,
  title: "Gift wrapping",
  category: "Orders",
  summary: "Every order can be gift wrapped in recycled kraft paper for $4.",
  body: "We gift wrap any order in **recycled kraft paper** with a twine bow for $4. Choose it at checkout.",
  questions: ["Can you wrap my present?", "Do you offer gift wrap?"],
  ...overrides,
});

describe("retrieval from the database", () => {
  it("ranks and scores exactly as the seed files did: the same articles, phrasings, synonyms and places", async () => {
    const opened = await openTestDatabase();
    const live = createLiveKnowledgeBase(seed.languages);
    const service = createKnowledgeService({
      repo: createKnowledgeRepo(opened.db),
      live,
      events: createInProcessEventBus(),
      preview: () => Promise.reject(new Error("Try it is not used here")),
      facts: () => factsOf(loadSeedProfile()),
      clock: () => new Date(),
      logger: createLogger("silent"),
    });
    try {
      expect(live.articles).toEqual([]);
      await service.start();
      const files = loadKnowledgeBase();
      expect(live.articles).toEqual(files.articles);
      const questions = [
        ...seed.articles.flatMap((a) => [a.title, ...a.questions]),
        "Do you ship to New Mexico or to Mexico City?",
        "I live in west virginia, how long is shipping?",
        "¿Cuánto tarda el envío a Toronto?",
        "my parcel got reimbursed?",
        "Can I send it back from London?",
      ];
      const ranked = (kb: typeof files, q: string) => kb.search(q, 5).map((p) => [p.article.slug, p.score, p.confident]);
      for (const q of questions) expect(ranked(live, q), q).toEqual(ranked(files, q));
    } finally {
      service.close();
      await opened.close();
    }
  });
});

describe("knowledge editor (one instance)", () => {
  let t: TestApp;
  let owner: ReturnType<typeof staffClient>;
  let agent: ReturnType<typeof staffClient>;
  let ownerName: string;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    const o = await signInStaff(t, { role: "owner", name: "Olive Owner" });
    ownerName = o.member.name;
    owner = staffClient(t, o.cookie);
    agent = staffClient(t, (await signInStaff(t, { role: "agent" })).cookie);
  });
  afterAll(async () => t?.close());

  it("is seeded from backend/knowledge on first run: every article published, with a seeded revision, and the synonyms in order", async () => {
    const list = await owner("GET", `${base}/articles`);
    expect(list.status).toBe(200);
    expect(list.json.articles.map((a: { slug: string }) => a.slug).sort()).toEqual(seed.articles.map((a) => a.slug).sort());
    expect(new Set(list.json.articles.map((a: { status: string }) => a.status))).toEqual(new Set(["published"]));

    const policy = list.json.articles.find((a: { slug: string }) => a.slug === "return-policy");
    const full = await owner("GET", `${base}/articles/${policy.id}`);
    const file = seed.articles.find((a) => a.slug === "return-policy")!;
    expect(full.json).toMatchObject({ title: file.title, body: file.body, questions: file.questions, status: "published", revision: 1 });
    const history = await owner("GET", `${base}/articles/${policy.id}/history`);
    expect(history.json.revisions).toEqual([expect.objectContaining({ revision: 1, action: "seeded", author: null })]);

    const synonyms = await agent("GET", `${base}/synonyms`);
    expect(synonyms.json.synonyms).toEqual(seed.synonyms);
    expect(synonyms.json.synonyms).toContainEqual({ term: "new york", means: "usa", match: "phrase" });
    expect(synonyms.json.synonyms).toContainEqual({ term: "reimburse", means: "refund", match: "word" });
  });

  it("lets staff read and try, but only owners write: 403 for agents, 401 without a session", async () => {
    const list = await agent("GET", `${base}/articles`);
    expect(list.status).toBe(200);
    const id = list.json.articles[0].id;
    const writes: [string, string, unknown?][] = [
      ["POST", `${base}/articles`, article()],
      ["PUT", `${base}/articles/${id}`, article()],
      ["POST", `${base}/articles/${id}/publish`],
      ["POST", `${base}/articles/${id}/unpublish`],
      ["POST", `${base}/articles/${id}/revert`, { revision: 1 }],
      ["DELETE", `${base}/articles/${id}`],
      ["PUT", `${base}/synonyms`, { synonyms: [] }],
    ];
    for (const [method, path, body] of writes) {
      const res = await agent(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe("forbidden:owner_only");
      // The role is checked before the request is read: a bad body is still a 403, not a 400.
      if (body) expect((await agent(method, path, { nonsense: true })).status, `${method} ${path} (bad body)`).toBe(403);
    }
    expect((await agent("GET", `${base}/articles/${id}/history`)).status).toBe(200);
    expect((await agent("POST", `${base}/try`, { question: "How long do refunds take?" })).status).toBe(200);
    expect((await apiClient(t.url)("GET", `${base}/articles`)).status).toBe(401);
    // Nothing an agent tried changed anything.
    expect((await agent("GET", `${base}/synonyms`)).json.synonyms.length).toBe(seed.synonyms.length);
  });

  it("refuses bad input with a 400 that names the field, a taken slug with 409, a missing article with 404", async () => {
    const bad: [unknown, RegExp][] = [
      [article({ slug: "Not A Slug" }), /slug/],
      [article({ slug: "double--hyphen" }), /slug/],
      [article({ slug: "x".repeat(81) }), /slug/],
      [article({ title: "   " }), /title/],
      [article({ body: "" }), /body/],
      [article({ body: "x".repeat(12001) }), /body/],
      [article({ questions: ["ok", ""] }), /questions/],
      [article({ questions: Array.from({ length: 31 }, (_, i) => `q${i}`) }), /questions/],
      [article({ status: "live" }), /status/],
      [{ ...article(), extra: 1 }, /extra/],
      ["not json", /./],
    ];
    for (const [body, message] of bad) {
      const res = await owner("POST", `${base}/articles`, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
    const taken = await owner("POST", `${base}/articles`, article({ slug: "return-policy" }));
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe("conflict:slug");

    const created = await owner("POST", `${base}/articles`, article());
    const renamed = await owner("PUT", `${base}/articles/${created.json.id}`, article({ slug: "refunds" }));
    expect(renamed.status).toBe(409);
    expect(renamed.json.error.code).toBe("conflict:slug");

    // Two owners creating one slug at once: one article, one 409, never a 500.
    const twin = article();
    const both = await Promise.all([owner("POST", `${base}/articles`, twin), owner("POST", `${base}/articles`, twin)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);

    const missing = randomUUID();
    expect((await owner("GET", `${base}/articles/${missing}`)).status).toBe(404);
    expect((await owner("PUT", `${base}/articles/${missing}`, article())).status).toBe(404);
    expect((await owner("POST", `${base}/articles/${missing}/publish`)).status).toBe(404);
    expect((await owner("DELETE", `${base}/articles/${missing}`)).status).toBe(404);
    expect((await owner("GET", `${base}/articles/not-an-id`)).status).toBe(400);
    expect((await owner("POST", `${base}/articles/${created.json.id}/revert`, { revision: 99 })).status).toBe(404);
    expect((await owner("POST", `${base}/try`, { question: "" })).status).toBe(400);
  });

  it("a draft is neither retrieved nor in the help center; publishing makes it both at once; unpublishing and deleting take it away", async () => {
    const input = article({ body: "Every parcel can be wrapped in **zephyrine** paper for $4. Choose it at checkout." });
    const created = await owner("POST", `${base}/articles`, input);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: input.slug, status: "draft", revision: 1, publishedAt: null });
    const id = created.json.id as string;
    const help = apiClient(t.url);
    const tryIt = async () => (await owner("POST", `${base}/try`, { question: "Is zephyrine wrapping available?" })).json;

    expect((await help("GET", `/api/help/${input.slug}`)).status).toBe(404);
    expect((await tryIt()).results.map((r: { slug: string }) => r.slug)).not.toContain(input.slug);

    const published = await owner("POST", `${base}/articles/${id}/publish`);
    expect(published.json).toMatchObject({ status: "published", revision: 2, publishedAt: expect.any(String) });
    expect((await help("GET", `/api/help/${input.slug}`)).json.body).toContain("zephyrine");
    expect((await help("GET", "/api/help")).json.articles.map((a: { slug: string }) => a.slug)).toContain(input.slug);
    expect((await tryIt()).results[0]).toMatchObject({ slug: input.slug, draft: false, score: expect.any(Number) });

    // A save of a published article goes live, and the next save must name the revision it edited.
    const saved = await owner("PUT", `${base}/articles/${id}`, { ...input, body: `${input.body} Ribbons are free.`, revision: 2 });
    expect(saved.json).toMatchObject({ status: "published", revision: 3 });
    expect((await help("GET", `/api/help/${input.slug}`)).json.body).toContain("Ribbons are free.");
    const stale = await owner("PUT", `${base}/articles/${id}`, { ...input, revision: 2 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("conflict:stale");

    expect((await owner("POST", `${base}/articles/${id}/unpublish`)).json).toMatchObject({ status: "draft", revision: 4 });
    expect((await help("GET", `/api/help/${input.slug}`)).status).toBe(404);
    expect((await tryIt()).results.map((r: { slug: string }) => r.slug)).not.toContain(input.slug);

    expect((await owner("DELETE", `${base}/articles/${id}`)).status).toBe(204);
    expect((await owner("GET", `${base}/articles/${id}`)).status).toBe(404);
    const history = await owner("GET", `${base}/articles/${id}/history`);
    expect(history.json.revisions.map((r: { action: string }) => r.action)).toEqual(["deleted", "unpublished", "saved", "published", "created"]);
    expect(history.json.revisions[0].author).toEqual({ name: ownerName });
  });

  it("reverts to an earlier revision as a new one, keeping the current status", async () => {
    const input = article();
    const created = (await owner("POST", `${base}/articles`, { ...input, status: "published" })).json;
    await owner("PUT", `${base}/articles/${created.id}`, { ...input, title: "Gift wrapping (new)", body: "Changed body." });
    const reverted = await owner("POST", `${base}/articles/${created.id}/revert`, { revision: 1 });
    expect(reverted.json).toMatchObject({ title: input.title, body: input.body, status: "published", revision: 3 });
    expect((await apiClient(t.url)("GET", `/api/help/${input.slug}`)).json.title).toBe(input.title);
    const actions = (await owner("GET", `${base}/articles/${created.id}/history`)).json.revisions.map((r: { action: string }) => r.action);
    expect(actions).toEqual(["reverted", "saved", "created"]);
  });

  it("keeps the contact article: it can be edited but not renamed, unpublished or deleted", async () => {
    const list = (await owner("GET", `${base}/articles`)).json.articles;
    const contact = list.find((a: { slug: string }) => a.slug === "contact-support");
    const full = (await owner("GET", `${base}/articles/${contact.id}`)).json;
    for (const [method, path, body] of [
      ["POST", `${base}/articles/${contact.id}/unpublish`, undefined],
      ["DELETE", `${base}/articles/${contact.id}`, undefined],
      ["PUT", `${base}/articles/${contact.id}`, { ...article(), slug: "contact-us" }],
    ] as const) {
      const res = await owner(method, path, body);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("conflict:contact_article");
    }
    const { id: _id, status: _s, revision: _r, createdAt: _c, updatedAt: _u, publishedAt: _p, ...input } = full;
    expect((await owner("PUT", `${base}/articles/${contact.id}`, { ...input, summary: "How to reach us." })).status).toBe(200);
  });

  it("store-wide synonyms are data: a new one changes what a question finds at once; bad lists are 400", async () => {
    const question = "How long until my blorptastic comes through?";
    const before = (await owner("POST", `${base}/try`, { question })).json;
    expect(before.results.find((r: { slug: string }) => r.slug === "refunds")?.confident ?? false).toBe(false);

    const current = (await owner("GET", `${base}/synonyms`)).json.synonyms;
    const put = await owner("PUT", `${base}/synonyms`, { synonyms: [...current, { term: "Blorptastic", means: "refund" }] });
    expect(put.status).toBe(200);
    expect(put.json.synonyms.at(-1)).toEqual({ term: "blorptastic", means: "refund", match: "word" });
    const after = (await owner("POST", `${base}/try`, { question })).json;
    expect(after.results[0]).toMatchObject({ slug: "refunds", confident: true });

    // A phrase synonym: a place the shipping articles do not name.
    const place = "Do you ship to Saskatoon Lakes?";
    expect((await owner("POST", `${base}/try`, { question: place })).json.results[0]?.slug).not.toBe("shipping-international");
    await owner("PUT", `${base}/synonyms`, { synonyms: [...current, { term: "saskatoon lakes", means: "canada", match: "phrase" }] });
    expect((await owner("POST", `${base}/try`, { question: place })).json.results[0]?.slug).toBe("shipping-international");

    for (const synonyms of [
      [{ term: "two words", means: "x", match: "word" }],
      [{ term: "a", means: "b" }, { term: "A", means: "c" }],
      [{ term: "", means: "refund" }],
      [{ term: "x", means: "two words" }],
      [{ term: "x", means: "y", match: "regex" }],
    ]) {
      const res = await owner("PUT", `${base}/synonyms`, { synonyms });
      expect(res.status, JSON.stringify(synonyms)).toBe(400);
    }
    await owner("PUT", `${base}/synonyms`, { synonyms: current });
    expect((await owner("GET", `${base}/synonyms`)).json.synonyms).toEqual(current);
  });

  it("a restart neither seeds again nor brings back a deleted article", async () => {
    const created = (await owner("POST", `${base}/articles`, article())).json;
    const slug = "gift-cards";
    const giftCards = (await owner("GET", `${base}/articles`)).json.articles.find((a: { slug: string }) => a.slug === slug);
    await owner("DELETE", `${base}/articles/${giftCards.id}`);
    const again = await openDatabase(databaseLocation(t.config));
    try {
      const rows = await again.db.selectFrom("knowledge_articles").select("slug").execute();
      expect(rows.map((r) => r.slug)).not.toContain(slug);
      expect(rows.map((r) => r.slug)).toContain(created.slug);
      const seeded = await again.db.selectFrom("knowledge_revisions").select("seq").where("action", "=", "seeded").execute();
      expect(seeded.length).toBe(seed.articles.length);
    } finally {
      await again.close();
    }
  });
});

describe("Try it", () => {
  it("ranks the articles with scores and passages and gives the agent's reply through the responder, storing no conversation", async () => {
    const t = await startTestApp({ redis: false });
    try {
      const owner = staffClient(t, (await signInStaff(t, { role: "owner" })).cookie);
      t.mistral!.script({ text: "Refunds reach your card within 5-10 business days." });
      const res = await owner("POST", `${base}/try`, { question: "How long do refunds take?" });
      expect(res.status).toBe(200);
      expect(res.json.results[0]).toMatchObject({ slug: "refunds", confident: true, draft: false });
      expect(res.json.results[0].score).toBeGreaterThan(res.json.results[1].score);
      expect(res.json.results[0].passage.length).toBeGreaterThan(20);
      expect(res.json.answer).toEqual({
        text: "Refunds reach your card within 5-10 business days.",
        responder: "mistral",
        handedOff: false,
        sources: [{ id: "refunds", title: expect.any(String), url: "/help/refunds" }],
      });
      // The same system prompt as the chat: the passages, the contact article, the store's rules.
      const system = t.mistral!.requests.at(-1)!.body.messages[0]!;
      expect(system.role).toBe("system");
      expect(String(system.content)).toContain(seed.articles.find((a) => a.slug === "refunds")!.body.slice(0, 60));
      const conversations = await t.database.db.selectFrom("conversations").select("id").execute();
      expect(conversations).toEqual([]);

      // Against an unsaved draft: it ranks, and the model is grounded in the draft's text.
      const draft = article({ body: "We wrap gifts in quokkaleaf paper, free of charge, on every order." });
      t.mistral!.script({ text: "Yes, quokkaleaf wrapping is free." });
      const drafted = await owner("POST", `${base}/try`, { question: "Is quokkaleaf gift wrap free?", draft });
      expect(drafted.json.results[0]).toMatchObject({ slug: draft.slug, draft: true });
      expect(String(t.mistral!.requests.at(-1)!.body.messages[0]!.content)).toContain("quokkaleaf paper");
      // Nothing was saved.
      const slugs = (await owner("GET", `${base}/articles`)).json.articles.map((a: { slug: string }) => a.slug);
      expect(slugs).not.toContain(draft.slug);

      // A request for a person: the agent would hand over (the fake model calls the tool), and nobody is paged.
      const handoff = await owner("POST", `${base}/try`, { question: "[[handoff]] I want a person" });
      expect(handoff.json.answer.handedOff).toBe(true);
      expect(await t.database.db.selectFrom("conversation_timeline").select("seq").execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("without a key, answers through the offline responder, from the draft when one is given", async () => {
    const t = await startTestApp({ redis: false, mistral: false });
    try {
      const owner = staffClient(t, (await signInStaff(t, { role: "owner" })).cookie);
      const res = await owner("POST", `${base}/try`, { question: "How long do refunds take?" });
      expect(res.json.answer.responder).toBe("offline");
      expect(res.json.answer.text).toContain(seed.articles.find((a) => a.slug === "refunds")!.body.slice(0, 40));

      const list = (await owner("GET", `${base}/articles`)).json.articles;
      const refunds = list.find((a: { slug: string }) => a.slug === "refunds");
      const full = (await owner("GET", `${base}/articles/${refunds.id}`)).json;
      const draft = { id: full.id, slug: full.slug, title: full.title, category: full.category, summary: full.summary, questions: full.questions, body: "Refunds take 3 business days from now on." };
      const drafted = await owner("POST", `${base}/try`, { question: "How long do refunds take?", draft });
      expect(drafted.json.results[0]).toMatchObject({ slug: "refunds", draft: true });
      expect(drafted.json.answer.text).toContain("Refunds take 3 business days from now on.");
      // The live article is unchanged.
      expect((await owner("POST", `${base}/try`, { question: "How long do refunds take?" })).json.answer.text).not.toContain("3 business days from now on");
    } finally {
      await t.close();
    }
  });
});

describe("two API instances sharing one database and one Redis", () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it("a change on one instance is retrieved and shown in the help center by the other at once", async () => {
    database = await createTestDatabase();
    const env = { REDIS_PREFIX: `knowledge-${randomUUID().slice(0, 8)}:` };
    const a = await startTestApp({ database, env, mistral: false });
    const b = await startTestApp({ database, env, mistral: false });
    try {
      const owner = staffClient(a, (await signInStaff(a, { role: "owner" })).cookie);
      const reader = staffClient(b, (await signInStaff(b, { role: "agent" })).cookie);
      // Both started on one database: it was seeded once.
      const count = await a.database.db.selectFrom("knowledge_articles").select("id").execute();
      expect(count.length).toBe(seed.articles.length);

      const input = article({ body: "Orders can be wrapped in **marmalite** paper for $4." });
      const created = (await owner("POST", `${base}/articles`, { ...input, status: "published" })).json;
      const question = { question: "Can I get marmalite wrapping?" };
      await waitFor(async () => (await apiClient(b.url)("GET", `/api/help/${input.slug}`)).status === 200, 2000);
      await waitFor(async () => (await reader("POST", `${base}/try`, question)).json.results[0]?.slug === input.slug, 2000);
      // The shopper's chat on B answers from it.
      const chat = await apiClient(b.url)("POST", "/api/chat", { message: "Can I get marmalite wrapping?" });
      expect(chat.json.reply.sources.map((s: { id: string }) => s.id)).toContain(input.slug);

      await owner("POST", `${base}/articles/${created.id}/unpublish`);
      await waitFor(async () => (await apiClient(b.url)("GET", `/api/help/${input.slug}`)).status === 404, 2000);
      expect((await reader("POST", `${base}/try`, question)).json.results.map((r: { slug: string }) => r.slug)).not.toContain(input.slug);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
