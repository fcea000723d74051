import type { StoreProfile } from "@harbor/contracts";

/**
 * What the page chrome shows of the store: its name, support email and brand color, from the store
 * profile (GET /api/store), which owners edit at /console/settings. The web app's server fetches it
 * (lib/api/store-server.ts) and hands it to the page through StoreBrandProvider.
 */
export interface StoreBrand {
  name: string;
  /** null when the profile could not be read. */
  supportEmail: string | null;
  /** "#rrggbb"; null keeps the theme's own accent. */
  brandColor: string | null;
}

/**
 * Only for a page rendered while the API cannot be reached (and the web app has never read the
 * profile): the demo seed's name (backend/store/profile.json), no email, the theme's own accent.
 * A real store that renames itself is shown its own name as soon as the API answers.
 */
export const FALLBACK_STORE_BRAND: StoreBrand = { name: "Harbor & Pine", supportEmail: null, brandColor: null };

export const brandOf = (profile: Pick<StoreProfile, "name" | "supportEmail" | "brandColor">): StoreBrand => ({
  name: profile.name,
  supportEmail: profile.supportEmail,
  brandColor: profile.brandColor,
});
