// The knowledge base's first contents, from backend/knowledge/ (knowledge-files.ts), apart from
// the schema like the demo store: run after the migrations at every start. Only a database that
// has never had an article gets them (no revision at all), so an article an owner deleted does
// not come back at the next start. Articles and synonyms are inserted with ON CONFLICT DO NOTHING
// and revisions only for the articles this run inserted, so two instances starting together
// seed once.
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { KnowledgeSeed } from "./knowledge-files";
import type { Database } from "./schema";

export async function seedKnowledge(db: Kysely<Database>, seed: Pick<KnowledgeSeed, "articles" | "synonyms">, at = new Date().toISOString()) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("knowledge_revisions").select(sql<number>`1`.as("one")).limit(1).executeTakeFirst();
    if (before) return;
    if (seed.articles.length > 0) {
      const rows = seed.articles.map((a) => ({
        id: randomUUID(),
        slug: a.slug,
        title: a.title,
        category: a.category,
        summary: a.summary,
        body: a.body,
        questions: JSON.stringify(a.questions),
        status: "published" as const,
        revision: 1,
        created_at: at,
        updated_at: at,
        published_at: at,
      }));
      const inserted = await trx
        .insertInto("knowledge_articles")
        .values(rows)
        .onConflict((oc) => oc.column("slug").doNothing())
        .returning("id")
        .execute();
      const added = new Set(inserted.map((r) => r.id));
      const revisions = rows
        .filter((r) => added.has(r.id))
        .map((r) => ({
          article_id: r.id,
          revision: 1,
          action: "seeded" as const,
          slug: r.slug,
          title: r.title,
          category: r.category,
          summary: r.summary,
          body: r.body,
          questions: r.questions,
          status: r.status,
          staff_id: null,
          staff_name: null,
          at,
        }));
      if (revisions.length > 0) await trx.insertInto("knowledge_revisions").values(revisions).execute();
    }
    if (seed.synonyms.length > 0) {
      await trx
        .insertInto("knowledge_synonyms")
        .values(seed.synonyms.map((s, position) => ({ term: s.term, means: s.means, kind: s.match, position })))
        .onConflict((oc) => oc.column("term").doNothing())
        .execute();
    }
  });
}
