// The demo orders are seeded apart from the schema (src/db/seed-demo-store.ts): once, whatever the
// number of starts, and not at all with SEED_DEMO_DATA=false. A SQLite database migrated before
// the seed moved out of migration 0002 opens unchanged.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { databaseLocation, openDatabase, type OpenedDatabase } from "../src/db/connection";
import { TEST_DIALECT, apiClient, createTestDatabase, startTestApp, type TestDatabase } from "./support/test-app";

const created: TestDatabase[] = [];
afterAll(async () => {
  for (const database of created) await database.drop();
});

async function counts(database: OpenedDatabase) {
  const orders = await database.db.selectFrom("orders").select("order_number").execute();
  const items = await database.db.selectFrom("order_items").select(["id", "order_number"]).orderBy("id").execute();
  return { orders: orders.length, items: items.map((i) => i.order_number) };
}

const demoItems = ["HP-10042", "HP-10042", "HP-10043", "HP-10044", "HP-10045", "HP-10047", "HP-10047"];

describe("the demo store seed", () => {
  it("adds the demo orders and their items once, however often the app starts", async () => {
    const database = await createTestDatabase();
    created.push(database);
    for (let start = 0; start < 3; start++) {
      const opened = await openDatabase(databaseLocation(database.env));
      expect(await counts(opened)).toEqual({ orders: 6, items: demoItems });
      await opened.close();
    }
  });

  it("adds nothing with SEED_DEMO_DATA=false", async () => {
    const database = await createTestDatabase();
    created.push(database);
    const opened = await openDatabase(databaseLocation(database.env), { seedDemoData: false });
    expect(await counts(opened)).toEqual({ orders: 0, items: [] });
    await opened.close();
  });
});

// SQLite only: PostgreSQL support came with this change, so no PostgreSQL database predates it.
describe.skipIf(TEST_DIALECT !== "sqlite")("a SQLite database migrated before PostgreSQL support", () => {
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "before-postgres.sql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-upgrade-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens with its schema, migrations and demo orders unchanged, and serves chats", async () => {
    const file = path.join(dir, "before.sqlite");
    const old = new SQLite(file);
    old.exec(fs.readFileSync(fixture, "utf8"));
    const schemaOf = (db: SQLite.Database) => db.prepare("select type, name, sql from sqlite_master order by name").all();
    const before = schemaOf(old);
    old.close();

    const opened = await openDatabase({ path: file });
    expect(await counts(opened)).toEqual({ orders: 6, items: demoItems });
    await opened.close();
    const after = new SQLite(file);
    // What it had is unchanged; later migrations only add their own tables (0005: store_profile,
    // seeded from the demo profile; 0006: knowledge_*; 0007: reply_metrics).
    const had = new Set(before.map((o) => (o as { name: string }).name));
    expect(schemaOf(after).filter((o) => had.has((o as { name: string }).name))).toEqual(before);
    expect(after.prepare("select name from kysely_migration order by name").all().map((r) => (r as { name: string }).name)).toEqual([
      "0001_init",
      "0002_orders",
      "0003_live_conversations",
      "0004_message_flags",
      "0005_store_profile",
      "0006_knowledge_articles",
      "0007_reply_metrics",
    ]);
    expect(JSON.parse((after.prepare("select profile from store_profile").get() as { profile: string }).profile).name).toBe("Harbor & Pine");
    after.close();

    const t = await startTestApp({ redis: false, database: { env: { DATABASE_URL: "", DATABASE_PATH: file }, drop: async () => {} } });
    try {
      const res = await apiClient(t.url)("POST", "/api/chat", { message: "hello" });
      expect(res.status).toBe(200);
      expect((await apiClient(t.url)("GET", "/api/health")).json.database).toEqual({ status: "ok", dialect: "sqlite" });
    } finally {
      await t.close();
    }
  });
});
