import "server-only";

import type { StoreProfile } from "@harbor/contracts";
import { cache } from "react";

import { brandOf, FALLBACK_STORE_BRAND, type StoreBrand } from "../store-brand";
import { serverApiBase } from "./server-api";

/** How stale the name and color on a page may be after an owner saves them, in seconds. */
export const STORE_REVALIDATE_SECONDS = 30;
const TIMEOUT_MS = 2_000;

/**
 * The store's name, support email and brand color for the page being rendered: the public profile,
 * kept by Next's data cache for STORE_REVALIDATE_SECONDS (every page needs it; the API is asked
 * twice a minute at most). When the API cannot be reached, the fallback (see store-brand.ts).
 * Once per request (React's cache), however many components ask.
 */
export const getStoreBrand = cache(async (): Promise<StoreBrand> => {
  try {
    const response = await fetch(`${serverApiBase()}/api/store`, {
      headers: { Accept: "application/json" },
      next: { revalidate: STORE_REVALIDATE_SECONDS },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return FALLBACK_STORE_BRAND;
    return brandOf((await response.json()) as StoreProfile);
  } catch {
    return FALLBACK_STORE_BRAND;
  }
});
