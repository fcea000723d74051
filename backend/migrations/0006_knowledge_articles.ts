import { sql, type Kysely } from "kysely";
import { serialPrimaryKey } from "./dialect";

// The knowledge base in the database (docs/decisions/020): articles that owners edit in the
// console, every saved version of each, and the store-wide synonyms. The rows themselves come
// from backend/knowledge/ through src/db/seed-knowledge.ts, apart from the schema.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("knowledge_articles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    /** JSON array of alternative phrasings of the questions the article answers. */
    .addColumn("questions", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    /** The number of the latest revision: a save names the one it edited, so two editors cannot overwrite each other unseen. */
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .execute();

  // Every save, publish, unpublish, revert and delete, with who and when. No foreign key: the
  // history of a deleted article stays (and says it was deleted).
  await db.schema
    .createTable("knowledge_revisions")
    .addColumn("seq", "integer", serialPrimaryKey(db))
    .addColumn("article_id", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) =>
      c.notNull().check(sql`action in ('seeded', 'created', 'saved', 'published', 'unpublished', 'reverted', 'deleted')`),
    )
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("questions", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("staff_id", "text")
    /** The staff member's name when they saved: it survives the account. */
    .addColumn("staff_name", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("knowledge_revisions_article")
    .on("knowledge_revisions")
    .columns(["article_id", "revision"])
    .unique()
    .execute();

  await db.schema
    .createTable("knowledge_synonyms")
    .addColumn("term", "text", (c) => c.primaryKey())
    .addColumn("means", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('word', 'phrase')`))
    /** The list's order: phrase rules apply in it. */
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
}
