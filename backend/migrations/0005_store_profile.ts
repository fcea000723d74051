import { sql, type Kysely } from "kysely";

// The store's profile as data (docs/decisions/019-store-profile-as-data.md): one row, the profile
// itself as one JSON document that the API validates with the contracts' StoreSettingsSchema on
// every write and read. The row is seeded from backend/store/profile.json at start when missing
// (db/seed-store-profile.ts), not here: a migration stays the same whatever that file says later.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("store_profile")
    // A single row: the check keeps a second one out.
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("profile", "text", (c) => c.notNull())
    /** Bumped by every save: what instances compare when they hear of a change. */
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    /** Null while the row is the seed nobody has saved. */
    .addColumn("updated_at", "text")
    .addColumn("updated_by_staff_id", "text")
    /** The owner's name when they saved: kept with the row, like a message's author. */
    .addColumn("updated_by_name", "text")
    .execute();
}
