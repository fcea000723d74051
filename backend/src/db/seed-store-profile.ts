// Every database starts with a store profile: the demo store's, from backend/store/profile.json,
// inserted at start when the row is missing and never over an owner's edits. Unlike the demo
// orders this runs with SEED_DEMO_DATA=false too: the app cannot answer without a profile, and a
// real store's owner replaces the demo's in the console (/console/settings).
import fs from "node:fs";
import path from "node:path";
import { StoreSettingsSchema, type StoreSettings } from "@harbor/contracts";
import { BACKEND_DIR } from "../backend-dir";
import type { Db } from "./connection";
import { createStoreProfileRepo } from "./store-profile.repo";

export const SEED_PROFILE_PATH = path.join(BACKEND_DIR, "store", "profile.json");

/** The seed profile, validated by the same rules as an owner's save. */
export function loadSeedProfile(file = SEED_PROFILE_PATH): StoreSettings {
  const parsed = StoreSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is not a valid store profile"}`);
  }
  return parsed.data;
}

export async function seedStoreProfile(db: Db, file = SEED_PROFILE_PATH): Promise<void> {
  const repo = createStoreProfileRepo(db);
  if (await repo.read()) return;
  await repo.insertSeed(JSON.stringify(loadSeedProfile(file)));
}
