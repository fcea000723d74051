import { sql, type Kysely } from "kysely";
import { serialPrimaryKey } from "./dialect";

// Visitors, their conversations and the messages in them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("visitors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("conversations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("visitor_id", "text", (c) => c.notNull().references("visitors.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("message_count", "integer", (c) => c.notNull().defaultTo(0))
    // Bumped by every change to the conversation's messages; the Redis list carries the revision
    // it was built from and is served only when the two match.
    .addColumn("cache_revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_message_role", "text")
    .addColumn("last_message_content", "text")
    .addColumn("last_message_at", "text")
    .execute();
  // The visitor's list, newest first, paged by (updated_at, id).
  await db.schema
    .createIndex("conversations_visitor_updated")
    .on("conversations")
    .columns(["visitor_id", "updated_at desc", "id desc"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("seq", "integer", serialPrimaryKey(db))
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("conversation_id", "text", (c) =>
      c.notNull().references("conversations.id").onDelete("cascade"),
    )
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('user', 'assistant')`))
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("complete"))
    .addColumn("sources", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("used_tool", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("feedback_rating", "text")
    .addColumn("feedback_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // A conversation's messages in order, paged by seq.
  await db.schema
    .createIndex("messages_conversation_seq")
    .on("messages")
    .columns(["conversation_id", "seq"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("conversations").execute();
  await db.schema.dropTable("visitors").execute();
}
