// The knowledge editor's rules: owners write articles and synonyms, staff read them; only
// published articles are retrieved and shown in the help center. Every change rebuilds this
// instance's retrieval index before it is answered, and publishes `knowledge.updated` so every
// other instance rebuilds its own (docs/decisions/020-knowledge-in-the-database.md).
import { randomUUID } from "node:crypto";
import {
  KnowledgeArticleInputSchema,
  type KnowledgeArticle as ArticleDto,
  type KnowledgeArticleSummary,
  type KnowledgeRevision,
  type KnowledgeSynonym,
  type KnowledgeTryResponse,
} from "@harbor/contracts";
import type { z } from "zod";
import type { ArticleRow, KnowledgeRepo, RevisionAuthor, RevisionRow, ChangeResult } from "../db/knowledge.repo";
import type { StaffMember } from "../db/staff.repo";
import { AppError, notFound } from "../errors";
import type { EventBus } from "../events/live-events";
import type { Logger } from "../logger";
import type { PreviewReply } from "./chat.service";
import type { StoreFacts } from "./store-profile.service";
import {
  CONTACT_ARTICLE_SLUG,
  createKnowledgeIndex,
  type KnowledgeArticle,
  type KnowledgeBase,
  type Synonym,
  type Vocabulary,
} from "./knowledge-index";

type ArticleInput = z.output<typeof KnowledgeArticleInputSchema>;

/** How much of an article "Try it" shows as its passage. */
const PASSAGE_CHARS = 400;
const TRY_RESULTS = 5;

/**
 * The retrieval index the chat, the offline responder and the help center hold: one object whose
 * contents are swapped when the knowledge changes, so none of them needs to be rebuilt.
 */
export interface LiveKnowledgeBase extends KnowledgeBase {
  replace(index: KnowledgeBase): void;
  /** The languages it reads (files, not editable): a draft index for "Try it" reads them too. */
  languages: readonly Vocabulary[];
}

export function createLiveKnowledgeBase(languages: readonly Vocabulary[]): LiveKnowledgeBase {
  let current = createKnowledgeIndex([], { synonyms: [], languages });
  return {
    get articles() {
      return current.articles;
    },
    get: (slug) => current.get(slug),
    search: (query, limit) => current.search(query, limit),
    language: (text) => current.language(text),
    understand: (query) => current.understand(query),
    analyze: (text) => current.analyze(text),
    replace: (index) => {
      current = index;
    },
    languages,
  };
}

export interface KnowledgeServiceDeps {
  repo: KnowledgeRepo;
  live: LiveKnowledgeBase;
  events: EventBus;
  /** The agent's reply to a first message, grounded in the given index (the chat's responder and prompt). */
  preview: (question: string, knowledge: KnowledgeBase) => Promise<PreviewReply & { responder: "mistral" | "offline" }>;
  /** The store's facts as they are now, for the articles' placeholders ({{store.supportEmail}}, ...). */
  facts: () => StoreFacts;
  clock: () => Date;
  logger: Logger;
}

const toArticle = (row: ArticleRow): KnowledgeArticle => ({
  slug: row.slug,
  title: row.title,
  category: row.category,
  summary: row.summary,
  body: row.body,
  questions: JSON.parse(row.questions) as string[],
});

const toDto = (row: ArticleRow): ArticleDto => ({
  id: row.id,
  ...toArticle(row),
  status: row.status,
  revision: row.revision,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
});

const toSummary = (row: ArticleRow): KnowledgeArticleSummary => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  category: row.category,
  status: row.status,
  revision: row.revision,
  updatedAt: row.updated_at,
});

const toRevision = (row: RevisionRow): KnowledgeRevision => ({
  revision: row.revision,
  action: row.action,
  slug: row.slug,
  title: row.title,
  category: row.category,
  summary: row.summary,
  body: row.body,
  questions: JSON.parse(row.questions) as string[],
  status: row.status,
  author: row.staff_name ? { name: row.staff_name } : null,
  at: row.at,
});

const authorOf = (staff: StaffMember): RevisionAuthor => ({ staffId: staff.id, name: staff.name });

export function requireOwner(staff: StaffMember): void {
  if (staff.role !== "owner") {
    throw new AppError("forbidden:owner_only", 403, "Only an owner can change the knowledge base.");
  }
}

const contactArticleKept = () =>
  new AppError(
    "conflict:contact_article",
    409,
    `The "${CONTACT_ARTICLE_SLUG}" article holds the support contact the agent offers: it can be edited but not renamed, unpublished or deleted.`,
  );

function unwrap(result: ChangeResult, slug?: string): ArticleRow {
  if (result.ok) return result.article;
  if (result.reason === "not_found") throw notFound("article");
  if (result.reason === "stale") {
    throw new AppError("conflict:stale", 409, "Someone saved this article after you opened it. Reload it to see their changes.");
  }
  throw new AppError("conflict:slug", 409, `Another article already has the slug "${slug ?? ""}".`);
}

export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { repo, live, events } = deps;
  const now = () => deps.clock().toISOString();
  // Changes this instance made and rebuilt for already: their events need no second rebuild here.
  const ownStamps = new Set<string>();
  let building: Promise<void> = Promise.resolve();

  async function buildIndex(): Promise<KnowledgeBase> {
    const [articles, synonyms] = await Promise.all([repo.listPublished(), repo.listSynonyms()]);
    return createKnowledgeIndex(
      articles.map(toArticle),
      { synonyms: synonyms.map((s): Synonym => ({ term: s.term, means: s.means, match: s.kind })), languages: live.languages },
      deps.facts(),
    );
  }

  /** Rebuilds from the database, one build at a time (a build that starts later reads later data). */
  function rebuild(): Promise<void> {
    const next = building.then(async () => live.replace(await buildIndex()));
    building = next.catch((error: unknown) => {
      deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, "knowledge: index rebuild failed");
    });
    return next;
  }

  async function changed(): Promise<void> {
    await rebuild();
    const stamp = randomUUID();
    ownStamps.add(stamp);
    if (ownStamps.size > 100) ownStamps.delete(ownStamps.values().next().value!);
    events.publish({ type: "knowledge.updated", stamp });
  }

  const unsubscribe = events.subscribe((event) => {
    // Another instance changed the knowledge, or this one may have missed that (Redis came back).
    if ((event.type === "knowledge.updated" && !ownStamps.has(event.stamp)) || event.type === "resync") void rebuild().catch(() => {});
  });

  async function existing(id: string): Promise<ArticleRow> {
    const row = await repo.findArticle(id);
    if (!row) throw notFound("article");
    return row;
  }

  const content = (input: ArticleInput) => ({
    slug: input.slug,
    title: input.title,
    category: input.category,
    summary: input.summary,
    body: input.body,
    questions: JSON.stringify(input.questions),
  });

  async function setStatus(staff: StaffMember, id: string, status: ArticleRow["status"]): Promise<ArticleDto> {
    requireOwner(staff);
    const result = await repo.changeArticle(
      id,
      { action: status === "published" ? "published" : "unpublished", author: authorOf(staff), at: now() },
      (current) => {
        if (status === "draft" && current.slug === CONTACT_ARTICLE_SLUG) throw contactArticleKept();
        return { status };
      },
    );
    const row = unwrap(result);
    await changed();
    return toDto(row);
  }

  return {
    /** Reads the articles and synonyms into the index: once at start, before the first request. */
    start: () => rebuild(),
    /** The store's facts changed: the articles' placeholders are filled anew. */
    refresh: () => rebuild().catch(() => {}),

    async list(): Promise<KnowledgeArticleSummary[]> {
      return (await repo.listArticles()).map(toSummary);
    },

    async get(id: string): Promise<ArticleDto> {
      return toDto(await existing(id));
    },

    async create(staff: StaffMember, input: ArticleInput & { status: ArticleRow["status"] }): Promise<ArticleDto> {
      requireOwner(staff);
      const at = now();
      const row: ArticleRow = {
        id: randomUUID(),
        ...content(input),
        status: input.status,
        revision: 1,
        created_at: at,
        updated_at: at,
        published_at: input.status === "published" ? at : null,
      };
      const created = unwrap(await repo.insertArticle(row, "created", authorOf(staff)), input.slug);
      if (created.status === "published") await changed();
      return toDto(created);
    },

    /** Saves the content; the status stays (a published article's new text goes live at once). */
    async update(staff: StaffMember, id: string, input: ArticleInput & { revision?: number }): Promise<ArticleDto> {
      requireOwner(staff);
      const result = await repo.changeArticle(
        id,
        { expectedRevision: input.revision, action: "saved", author: authorOf(staff), at: now() },
        (current) => {
          if (current.slug === CONTACT_ARTICLE_SLUG && input.slug !== CONTACT_ARTICLE_SLUG) throw contactArticleKept();
          return content(input);
        },
      );
      const row = unwrap(result, input.slug);
      if (row.status === "published") await changed();
      return toDto(row);
    },

    publish: (staff: StaffMember, id: string) => setStatus(staff, id, "published"),
    unpublish: (staff: StaffMember, id: string) => setStatus(staff, id, "draft"),

    async remove(staff: StaffMember, id: string): Promise<void> {
      requireOwner(staff);
      const row = await existing(id);
      if (row.slug === CONTACT_ARTICLE_SLUG) throw contactArticleKept();
      const deleted = await repo.deleteArticle(id, authorOf(staff), now());
      if (!deleted) throw notFound("article");
      if (deleted.status === "published") await changed();
    },

    async history(id: string): Promise<KnowledgeRevision[]> {
      const revisions = await repo.listRevisions(id);
      if (revisions.length === 0) throw notFound("article");
      return revisions.map(toRevision);
    },

    /** Brings back an earlier revision's content as a new revision; the status stays as it is now. */
    async revert(staff: StaffMember, id: string, revision: number): Promise<ArticleDto> {
      requireOwner(staff);
      await existing(id);
      const old = await repo.findRevision(id, revision);
      if (!old) throw notFound("revision");
      const result = await repo.changeArticle(id, { action: "reverted", author: authorOf(staff), at: now() }, (current) => {
        if (current.slug === CONTACT_ARTICLE_SLUG && old.slug !== CONTACT_ARTICLE_SLUG) throw contactArticleKept();
        return { slug: old.slug, title: old.title, category: old.category, summary: old.summary, body: old.body, questions: old.questions };
      });
      const row = unwrap(result, old.slug);
      if (row.status === "published") await changed();
      return toDto(row);
    },

    async synonyms(): Promise<KnowledgeSynonym[]> {
      return (await repo.listSynonyms()).map((s) => ({ term: s.term, means: s.means, match: s.kind }));
    },

    async replaceSynonyms(staff: StaffMember, synonyms: KnowledgeSynonym[]): Promise<KnowledgeSynonym[]> {
      requireOwner(staff);
      const seen = new Set<string>();
      for (const s of synonyms) {
        if (seen.has(s.term)) throw new AppError("bad_request:validation", 400, `synonyms: "${s.term}" is listed twice`);
        if (s.match === "word" && s.term.includes(" ")) {
          throw new AppError("bad_request:validation", 400, `synonyms: "${s.term}" has several words: make it a phrase`);
        }
        seen.add(s.term);
      }
      await repo.replaceSynonyms(synonyms.map((s) => ({ term: s.term, means: s.means, kind: s.match })));
      await changed();
      return this.synonyms();
    },

    /**
     * "Try it": which published articles rank for a question, with their scores, and the reply the
     * agent would give. With a draft, the index is the published articles with the draft in place
     * of its article (or added): the owner sees the effect of a change before saving it.
     */
    async tryQuestion(question: string, draft?: ArticleInput & { id?: string }): Promise<KnowledgeTryResponse> {
      let index: KnowledgeBase = live;
      let draftSlug: string | undefined;
      if (draft) {
        const replaced = draft.id ? await repo.findArticle(draft.id) : undefined;
        const others = live.articles.filter((a) => a.slug !== draft.slug && a.slug !== replaced?.slug);
        const synonyms = (await repo.listSynonyms()).map((s): Synonym => ({ term: s.term, means: s.means, match: s.kind }));
        const article = toArticle({ ...(replaced ?? ({} as ArticleRow)), ...content(draft) } as ArticleRow);
        index = createKnowledgeIndex([...others, article], { synonyms, languages: live.languages }, deps.facts());
        draftSlug = draft.slug;
      }
      const results = index.search(question, TRY_RESULTS).map((p) => ({
        slug: p.article.slug,
        title: p.article.title,
        score: Math.round(p.score * 100) / 100,
        confident: p.confident,
        draft: p.article.slug === draftSlug,
        passage: p.article.body.length > PASSAGE_CHARS ? `${p.article.body.slice(0, PASSAGE_CHARS).trimEnd()}…` : p.article.body,
      }));
      const reply = await deps.preview(question, index);
      return {
        question,
        understood: index.understand(question),
        results,
        answer: { text: reply.text, responder: reply.responder, handedOff: reply.handedOff, sources: reply.sources },
      };
    },

    close: () => unsubscribe(),
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
