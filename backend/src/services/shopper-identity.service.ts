// Verified shoppers: the store's own site signs the shopper it has signed in, and the chat believes
// that email only when the signature checks out (docs/decisions/017-verified-shoppers.md). An
// identity that does not check out is ignored, never refused: the chat goes on as for anyone.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ShopperIdentity } from "@harbor/contracts";
import type { Logger } from "../logger";

/** The first line of what is signed: a later format gets a new version, never a reinterpretation. */
export const IDENTITY_VERSION = "harbor-identity-v1";
/** The store's server clock and ours may disagree by this much. */
export const CLOCK_SKEW_SECONDS = 60;
/** The longest a signature may be valid: one that leaks stops working within a day. */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must match
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A shopper whose identity the store's site signed. */
export interface VerifiedShopper {
  /** Trimmed and lower-cased, as it was signed. */
  email: string;
  name: string;
}

export type IdentityRejection =
  | "verification_off"
  | "malformed_field"
  | "malformed_signature"
  | "bad_signature"
  | "expired"
  | "expires_too_far";

export type IdentityCheck = { ok: true; shopper: VerifiedShopper } | { ok: false; reason: IdentityRejection };

export const normalizeIdentityEmail = (email: string) => email.trim().toLowerCase();

/**
 * The exact text that is signed: four lines, UTF-8. No field may contain a line break (or any other
 * control character), so the lines cannot be read two ways; expiresAt is whole Unix seconds.
 */
export function identityPayload(identity: Pick<ShopperIdentity, "email" | "name" | "expiresAt">): string {
  return [IDENTITY_VERSION, normalizeIdentityEmail(identity.email), identity.name, String(identity.expiresAt)].join("\n");
}

/** Checks one identity against the secret at `now`. Pure: the service below adds the logging. */
export function verifyIdentity(identity: ShopperIdentity, secret: string | undefined, now: Date): IdentityCheck {
  if (!secret) return { ok: false, reason: "verification_off" };
  const email = normalizeIdentityEmail(identity.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || CONTROL_CHARS.test(identity.email) || CONTROL_CHARS.test(identity.name)) {
    return { ok: false, reason: "malformed_field" };
  }
  if (!Number.isSafeInteger(identity.expiresAt) || identity.expiresAt < 0) return { ok: false, reason: "malformed_field" };
  // Checked before decoding: Buffer.from(_, "hex") silently stops at the first character that is not hex.
  if (!HEX_SHA256.test(identity.signature)) return { ok: false, reason: "malformed_signature" };

  const expected = createHmac("sha256", secret).update(identityPayload(identity), "utf8").digest();
  const given = Buffer.from(identity.signature, "hex");
  // Constant time, so the comparison does not tell how many leading bytes were right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (identity.expiresAt + CLOCK_SKEW_SECONDS < nowSeconds) return { ok: false, reason: "expired" };
  if (identity.expiresAt > nowSeconds + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) return { ok: false, reason: "expires_too_far" };
  return { ok: true, shopper: { email, name: identity.name } };
}

export function createShopperIdentityService(deps: { secret: string | undefined; clock: () => Date; logger: Logger }) {
  return {
    /**
     * The verified shopper, or undefined: without an identity, or when it does not check out (then
     * a warning says why, never with the email or the name).
     */
    verify(identity: ShopperIdentity | undefined, context: { visitorId: string; conversationId: string }): VerifiedShopper | undefined {
      if (!identity) return undefined;
      const check = verifyIdentity(identity, deps.secret, deps.clock());
      if (check.ok) return check.shopper;
      deps.logger.warn({ reason: check.reason, visitorId: context.visitorId, conversationId: context.conversationId }, "shopper identity ignored");
      return undefined;
    },
  };
}

export type ShopperIdentityService = ReturnType<typeof createShopperIdentityService>;
