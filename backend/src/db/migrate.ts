import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { dialectOf } from "./dialect";
import * as init from "../../migrations/0001_init";
import * as orders from "../../migrations/0002_orders";
import * as live from "../../migrations/0003_live_conversations";
import * as messageFlags from "../../migrations/0004_message_flags";
import * as storeProfile from "../../migrations/0005_store_profile";
import * as knowledgeArticles from "../../migrations/0006_knowledge_articles";
import * as replyMetrics from "../../migrations/0007_reply_metrics";

// Listed here rather than read from the folder, so the order is explicit and nothing depends on
// how the files are compiled.
const migrations: Record<string, Migration> = {
  "0001_init": init,
  "0002_orders": orders,
  "0003_live_conversations": live,
  "0004_message_flags": messageFlags,
  "0005_store_profile": storeProfile,
  "0006_knowledge_articles": knowledgeArticles,
  "0007_reply_metrics": replyMetrics,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest<T>(db: Kysely<T>): Promise<void> {
  // On PostgreSQL the migration tables are looked for in the schema we write to (the first on
  // search_path): without a schema Kysely would take another schema's tables for ours.
  const migrationTableSchema =
    dialectOf(db) === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}
