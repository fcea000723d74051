// Knowledge articles, their revisions and the store-wide synonyms (queries only). Every change
// to an article writes the article and a revision row in one transaction.
import type { Selectable, Transaction } from "kysely";
import type { Db } from "./connection";
import { dialectOf, forUpdateOn } from "./dialect";
import type { Database, KnowledgeArticleTable, KnowledgeRevisionTable, KnowledgeSynonymTable } from "./schema";

export type ArticleRow = KnowledgeArticleTable;
export type RevisionRow = Selectable<KnowledgeRevisionTable>;
export type RevisionAction = KnowledgeRevisionTable["action"];

/** The editable part of an article (its content and status). */
export type ArticleContent = Pick<ArticleRow, "slug" | "title" | "category" | "summary" | "body" | "questions" | "status">;

export interface RevisionAuthor {
  staffId: string | null;
  name: string | null;
}

export type ChangeResult =
  | { ok: true; article: ArticleRow }
  | { ok: false; reason: "not_found" | "stale" | "slug_taken" };

const isUniqueViolation = (error: unknown) => {
  const code = String((error as { code?: unknown })?.code ?? "");
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
};

function revisionOf(article: ArticleRow, action: RevisionAction, author: RevisionAuthor, at: string): Omit<RevisionRow, "seq"> {
  return {
    article_id: article.id,
    revision: article.revision,
    action,
    slug: article.slug,
    title: article.title,
    category: article.category,
    summary: article.summary,
    body: article.body,
    questions: article.questions,
    status: article.status,
    staff_id: author.staffId,
    staff_name: author.name,
    at,
  };
}

export function createKnowledgeRepo(db: Db) {
  const dialect = dialectOf(db);

  async function slugTaken(trx: Transaction<Database>, slug: string, exceptId?: string) {
    let query = trx.selectFrom("knowledge_articles").select("id").where("slug", "=", slug);
    if (exceptId) query = query.where("id", "!=", exceptId);
    return Boolean(await query.executeTakeFirst());
  }

  return {
    /** Every article, drafts included, most recently changed first. */
    async listArticles(): Promise<ArticleRow[]> {
      return db.selectFrom("knowledge_articles").selectAll().orderBy("updated_at", "desc").orderBy("slug").execute();
    },

    /** What retrieval and the help center read, in slug order (the seed files' order). */
    async listPublished(): Promise<ArticleRow[]> {
      return db.selectFrom("knowledge_articles").selectAll().where("status", "=", "published").orderBy("slug").execute();
    },

    async findArticle(id: string): Promise<ArticleRow | undefined> {
      return db.selectFrom("knowledge_articles").selectAll().where("id", "=", id).executeTakeFirst();
    },

    async insertArticle(article: ArticleRow, action: RevisionAction, author: RevisionAuthor): Promise<ChangeResult> {
      try {
        return await db.transaction().execute(async (trx) => {
          if (await slugTaken(trx, article.slug)) return { ok: false, reason: "slug_taken" } as const;
          await trx.insertInto("knowledge_articles").values(article).execute();
          await trx.insertInto("knowledge_revisions").values(revisionOf(article, action, author, article.updated_at)).execute();
          return { ok: true, article } as const;
        });
      } catch (error) {
        // Two owners creating the same slug at once: the unique index decides.
        if (isUniqueViolation(error)) return { ok: false, reason: "slug_taken" };
        throw error;
      }
    },

    /**
     * Reads the article (locked on PostgreSQL), lets `change` say what it becomes, and writes it
     * with the next revision number and its revision row. `expectedRevision`, when given, must be
     * the current one.
     */
    async changeArticle(
      id: string,
      options: { expectedRevision?: number; action: RevisionAction; author: RevisionAuthor; at: string },
      change: (current: ArticleRow) => Partial<ArticleContent>,
    ): Promise<ChangeResult> {
      try {
        return await db.transaction().execute(async (trx): Promise<ChangeResult> => {
          const current = await forUpdateOn(dialect, trx.selectFrom("knowledge_articles").selectAll().where("id", "=", id)).executeTakeFirst();
          if (!current) return { ok: false, reason: "not_found" };
          if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) return { ok: false, reason: "stale" };
          const changes = change(current);
          if (changes.slug && changes.slug !== current.slug && (await slugTaken(trx, changes.slug, id))) {
            return { ok: false, reason: "slug_taken" };
          }
          const publishedNow = changes.status === "published" && current.status !== "published";
          const next: ArticleRow = {
            ...current,
            ...changes,
            revision: current.revision + 1,
            updated_at: options.at,
            published_at: publishedNow ? options.at : current.published_at,
          };
          await trx
            .updateTable("knowledge_articles")
            .set({ ...changes, revision: next.revision, updated_at: next.updated_at, published_at: next.published_at })
            .where("id", "=", id)
            .execute();
          await trx.insertInto("knowledge_revisions").values(revisionOf(next, options.action, options.author, options.at)).execute();
          return { ok: true, article: next };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: "slug_taken" };
        throw error;
      }
    },

    /** Deletes the article; its history stays, ending with a `deleted` revision. */
    async deleteArticle(id: string, author: RevisionAuthor, at: string): Promise<ArticleRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const current = await forUpdateOn(dialect, trx.selectFrom("knowledge_articles").selectAll().where("id", "=", id)).executeTakeFirst();
        if (!current) return undefined;
        const last = { ...current, revision: current.revision + 1 };
        await trx.insertInto("knowledge_revisions").values(revisionOf(last, "deleted", author, at)).execute();
        await trx.deleteFrom("knowledge_articles").where("id", "=", id).execute();
        return current;
      });
    },

    /** Newest first. */
    async listRevisions(articleId: string): Promise<RevisionRow[]> {
      return db.selectFrom("knowledge_revisions").selectAll().where("article_id", "=", articleId).orderBy("revision", "desc").execute();
    },

    async findRevision(articleId: string, revision: number): Promise<RevisionRow | undefined> {
      return db
        .selectFrom("knowledge_revisions")
        .selectAll()
        .where("article_id", "=", articleId)
        .where("revision", "=", revision)
        .executeTakeFirst();
    },

    async listSynonyms(): Promise<KnowledgeSynonymTable[]> {
      return db.selectFrom("knowledge_synonyms").selectAll().orderBy("position").execute();
    },

    /** Replaces the whole list, in its order. */
    async replaceSynonyms(synonyms: Omit<KnowledgeSynonymTable, "position">[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("knowledge_synonyms").execute();
        if (synonyms.length > 0) {
          await trx
            .insertInto("knowledge_synonyms")
            .values(synonyms.map((s, position) => ({ ...s, position })))
            .execute();
        }
      });
    },
  };
}

export type KnowledgeRepo = ReturnType<typeof createKnowledgeRepo>;
