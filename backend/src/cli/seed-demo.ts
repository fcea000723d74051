// npm run seed:demo: 90 days of demo conversations in the database the API uses (DATABASE_URL or
// DATABASE_PATH, backend/.env), so the owner's insights have something to show. Once: a database
// that has them already is left as it is.
import { ConfigError, loadConfig } from "../config";
import { databaseLocation, openDatabase } from "../db/connection";
import { DEMO_DAYS, seedDemoConversations } from "../db/seed-demo-conversations";
import { StoreSettingsSchema } from "@harbor/contracts";
import { loadSeedProfile } from "../db/seed-store-profile";
import { createStoreProfileRepo } from "../db/store-profile.repo";
import { loadKnowledgeBase } from "../services/knowledge-index";

/** The store's own time zone, as its owner set it (the profile is seeded when the database opens). */
async function storeTimeZone(db: Parameters<typeof createStoreProfileRepo>[0]): Promise<string> {
  const row = await createStoreProfileRepo(db).read();
  return row ? StoreSettingsSchema.parse(JSON.parse(row.profile)).timeZone : loadSeedProfile().timeZone;
}

async function main() {
  const config = loadConfig();
  const location = databaseLocation(config);
  const database = await openDatabase(location, { seedDemoData: config.SEED_DEMO_DATA });
  try {
    const result = await seedDemoConversations(database.db, {
      knowledge: loadKnowledgeBase(),
      timeZone: await storeTimeZone(database.db),
      now: new Date(),
    });
    const where = "url" in location ? "the PostgreSQL database" : location.path;
    console.log(
      result.skipped
        ? `The demo conversations are in ${where} already: nothing added.`
        : `Added ${result.conversations} demo conversations (${result.messages} messages, the last ${DEMO_DAYS} days) to ${where}. Sign in to the console as an owner and open /console/insights.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `seed:demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
