// The store profile's single row (id 1). The profile travels as JSON text; the service validates
// it on the way in and out, so this file only moves it.
import type { Db } from "./connection";

const ROW_ID = 1;

export interface StoreProfileRow {
  /** JSON of the contracts' StoreSettings. */
  profile: string;
  revision: number;
  updatedAt: string | null;
  updatedBy: { staffId: string; name: string } | null;
}

export function createStoreProfileRepo(db: Db) {
  return {
    async read(): Promise<StoreProfileRow | undefined> {
      const row = await db.selectFrom("store_profile").selectAll().where("id", "=", ROW_ID).executeTakeFirst();
      if (!row) return undefined;
      return {
        profile: row.profile,
        revision: Number(row.revision),
        updatedAt: row.updated_at,
        updatedBy: row.updated_by_staff_id ? { staffId: row.updated_by_staff_id, name: row.updated_by_name ?? "" } : null,
      };
    },

    /** Inserts the seed unless a profile is there already (two instances starting together insert it once). */
    async insertSeed(profileJson: string): Promise<void> {
      await db
        .insertInto("store_profile")
        .values({ id: ROW_ID, profile: profileJson, updated_at: null, updated_by_staff_id: null, updated_by_name: null })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    },

    /** Replaces the profile; answers the row as saved (its new revision). */
    async save(profileJson: string, by: { staffId: string; name: string }, at: string): Promise<StoreProfileRow> {
      const row = await db
        .updateTable("store_profile")
        .set((eb) => ({
          profile: profileJson,
          revision: eb("revision", "+", 1),
          updated_at: at,
          updated_by_staff_id: by.staffId,
          updated_by_name: by.name,
        }))
        .where("id", "=", ROW_ID)
        .returning(["revision"])
        .executeTakeFirstOrThrow();
      return { profile: profileJson, revision: Number(row.revision), updatedAt: at, updatedBy: by };
    },
  };
}

export type StoreProfileRepo = ReturnType<typeof createStoreProfileRepo>;
