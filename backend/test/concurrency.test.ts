// Read-then-write transactions under concurrent writers, on each database: what SQLite's one
// writer at a time gave for free, PostgreSQL gets from row locks and a repeatable-read snapshot
// (docs/decisions/013-postgresql-beside-sqlite.md).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "../src/db/connection";
import { createStaffConversationRepo } from "../src/db/conversation.repo";
import { createMessageRepo, type NewMessage } from "../src/db/message.repo";
import { createVisitorRepo } from "../src/db/visitor.repo";
import { TEST_DIALECT, createTestDatabase, openTestDatabase } from "./support/test-app";

let database: OpenedDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const message = (conversationId: string, content: string): NewMessage => ({
  id: randomUUID(),
  conversationId,
  role: "user",
  content,
  status: "complete",
  sources: [],
  usedTool: false,
  createdAt: new Date().toISOString(),
});

async function newConversation() {
  const visitorId = randomUUID();
  await createVisitorRepo(database.db).insertVisitor({ id: visitorId, tokenHash: randomUUID(), createdAt: new Date().toISOString() });
  const conversationId = randomUUID();
  await createMessageRepo(database.db).appendMessage(message(conversationId, "first"), { visitorId }, { startsConversation: { title: "t" } });
  return { visitorId, conversationId };
}

const timeline = (conversationId: string) =>
  database.db.selectFrom("conversation_timeline").selectAll().where("conversation_id", "=", conversationId).orderBy("seq").execute();

describe("concurrent writers", () => {
  it("records a resolved conversation's reopening once when several shopper messages arrive together", async () => {
    const { visitorId, conversationId } = await newConversation();
    await database.db.updateTable("conversations").set({ status: "resolved" }).where("id", "=", conversationId).execute();
    const messages = createMessageRepo(database.db);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => messages.appendMessage(message(conversationId, `again ${i}`), { visitorId })),
    );
    expect(results.filter((r) => r?.reopened)).toHaveLength(1);
    expect((await timeline(conversationId)).map((r) => [r.from_status, r.to_status])).toEqual([["resolved", "bot"]]);
    expect(results.map((r) => r!.messageCount).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets one of two staff members take a waiting conversation, with one timeline row", async () => {
    const { conversationId } = await newConversation();
    const at = new Date().toISOString();
    const staff = createStaffConversationRepo(database.db);
    await staff.changeStatus(conversationId, { from: ["bot"], to: "waiting", assigneeId: null, at, actor: "agent", staffId: null, reason: "asked" });
    const take = (staffId: string) =>
      staff.changeStatus(conversationId, {
        from: ["waiting", "human"],
        to: "human",
        assigneeId: staffId,
        unlessHeldByOtherThan: staffId,
        at,
        actor: "staff",
        staffId,
        reason: null,
      });
    const results = await Promise.all([take("staff-a"), take("staff-b"), take("staff-c")]);
    const winners = results.filter((r) => r?.changed);
    expect(winners).toHaveLength(1);
    const rows = await timeline(conversationId);
    expect(rows.map((r) => [r.from_status, r.to_status, r.staff_id])).toEqual([
      ["bot", "waiting", null],
      ["waiting", "human", winners[0]!.row.assignee_id],
    ]);
  });

  it("snapshots a conversation's messages with the revision they were read at, while messages arrive", async () => {
    const { visitorId, conversationId } = await newConversation();
    const messages = createMessageRepo(database.db);
    const writes = Array.from({ length: 15 }, (_, i) => messages.appendMessage(message(conversationId, `m ${i}`), { visitorId }));
    const snapshots = await Promise.all(Array.from({ length: 15 }, () => messages.snapshotMessages(conversationId, visitorId)));
    await Promise.all(writes);
    // No feedback changes here: the revision equals the number of messages it was read with.
    for (const snapshot of snapshots) expect(snapshot!.messages).toHaveLength(snapshot!.revision);
  });
});

// PostgreSQL only: SQLite has one schema per file.
describe.skipIf(TEST_DIALECT !== "postgres")("one schema among many (PostgreSQL)", () => {
  it("introspects only its own schema: another one, or one dropped meanwhile, cannot fail a start", async () => {
    const other = await createTestDatabase();
    const elsewhere = await openTestDatabase();
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      const tables = await database.db.introspection.getTables();
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([rows[0]!.schema]));
      expect(tables.map((t) => t.name).sort()).toEqual(
        [
          "conversation_timeline",
          "conversations",
          "knowledge_articles",
          "knowledge_revisions",
          "knowledge_synonyms",
          "messages",
          "order_items",
          "orders",
          "reply_metrics",
          "staff",
          "staff_sessions",
          "store_profile",
          "visitors",
        ],
      );
      expect(tables.find((t) => t.name === "messages")!.columns.find((c) => c.name === "seq")).toMatchObject({ isAutoIncrementing: true });
    } finally {
      await other.drop();
      await elsewhere.close();
    }
  });
});
