import type { StoreProfile } from "@harbor/contracts";

import { apiRequest } from "./api-client";

// The profile rarely changes within a visit: one request per page load is enough.
let cached: Promise<StoreProfile> | null = null;

/** The store's public profile (name, hours, support email); store facts never live in code. */
export function getStoreProfile(): Promise<StoreProfile> {
  cached ??= apiRequest<StoreProfile>("/api/store").catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

/** Tests start each case without a remembered profile. */
export function forgetStoreProfile(): void {
  cached = null;
}
