import { sql, type Kysely } from "kysely";
import { isPostgres, serialPrimaryKey } from "./dialect";

// Live conversations: a status and an assignee on each conversation, a timeline of every status
// change, staff accounts with server-side sessions, and staff-written messages.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("staff")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('owner', 'agent')`))
    /** scrypt$N$r$p$salt$hash, all base64url. */
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("staff_sessions")
    /** SHA-256 of the session id, hex: the cookie's value is never stored. */
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("staff_id", "text", (c) => c.notNull().references("staff.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable("conversations")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("bot"))
    .execute();
  // No foreign key: a removed staff member's conversations keep their history (set null in code).
  await db.schema.alterTable("conversations").addColumn("assignee_id", "text").execute();
  await db.schema.alterTable("conversations").addColumn("handoff_reason", "text").execute();
  await db.schema.alterTable("conversations").addColumn("waiting_since", "text").execute();
  // The staff inbox: by status, newest first; waiting ones by how long they have waited.
  await db.schema
    .createIndex("conversations_status_updated")
    .on("conversations")
    .columns(["status", "updated_at desc", "id desc"])
    .execute();

  await db.schema
    .createTable("conversation_timeline")
    .addColumn("seq", "integer", serialPrimaryKey(db))
    .addColumn("conversation_id", "text", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull().check(sql`actor in ('shopper', 'agent', 'staff', 'system')`))
    .addColumn("staff_id", "text")
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .execute();
  await db.schema
    .createIndex("conversation_timeline_conversation")
    .on("conversation_timeline")
    .columns(["conversation_id", "seq"])
    .execute();

  // Messages: role 'staff' joins the check constraint; the author's name is kept on the message,
  // so it survives the account. PostgreSQL changes the constraint in place (named by its default
  // rule, table_column_check) ...
  if (isPostgres(db)) {
    await sql`alter table messages
      drop constraint messages_role_check,
      add constraint messages_role_check check (role in ('user', 'assistant', 'staff')),
      add column tool_calls text not null default '[]',
      add column author_staff_id text,
      add column author_name text`.execute(db);
    return;
  }
  // ... which SQLite can only do by rebuilding the table.
  await sql`create table messages_v3 (
    seq integer primary key autoincrement,
    id text not null unique,
    conversation_id text not null references conversations(id) on delete cascade,
    role text not null check (role in ('user', 'assistant', 'staff')),
    content text not null,
    status text not null default 'complete',
    sources text not null default '[]',
    used_tool integer not null default 0,
    tool_calls text not null default '[]',
    author_staff_id text,
    author_name text,
    feedback_rating text,
    feedback_reason text,
    created_at text not null
  )`.execute(db);
  await sql`insert into messages_v3 (seq, id, conversation_id, role, content, status, sources, used_tool,
      feedback_rating, feedback_reason, created_at)
    select seq, id, conversation_id, role, content, status, sources, used_tool, feedback_rating,
      feedback_reason, created_at from messages`.execute(db);
  await sql`drop table messages`.execute(db);
  await sql`alter table messages_v3 rename to messages`.execute(db);
  await db.schema.createIndex("messages_conversation_seq").on("messages").columns(["conversation_id", "seq"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("conversation_timeline").execute();
  await db.schema.dropTable("staff_sessions").execute();
  await db.schema.dropTable("staff").execute();
}
