import { sql, type Kysely } from "kysely";

// Review flags on a message (JSON array of strings), e.g. ["unsupported_promise"] on a reply that
// promised something its sources do not state. Shown to staff, never to the shopper.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages add column flags text not null default '[]'`.execute(db);
}
