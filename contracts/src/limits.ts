// Limits shared by the API and the web app. Kept free of zod so the web app can import them
// without pulling the schemas into the first page load.
//
// "Characters" everywhere here are UTF-16 code units: what JavaScript's `string.length` counts and
// what a textarea's `maxLength` counts (https://html.spec.whatwg.org/#limiting-user-input-length:-the-maxlength-attribute).
// So an emoji like "😀" is 2, and "👍🏽" is 4. The API (zod's .max) and the web app (maxLength, the
// counter under the composer) use this one definition, so the browser never lets through a message
// the API refuses.
export const MESSAGE_MAX_CHARS = 4000;
export const TITLE_MAX_CHARS = 120;
export const FEEDBACK_REASON_MAX_CHARS = 500;
export const HANDOFF_REASON_MAX_CHARS = 500;
export const STAFF_PASSWORD_MIN_CHARS = 10;
/** A verified shopper's identity (see docs/decisions/017-verified-shoppers.md). */
export const IDENTITY_EMAIL_MAX_CHARS = 254;
export const IDENTITY_NAME_MAX_CHARS = 200;
/** Room for a malformed signature to reach the verifier (and be ignored); a valid one is 64 hex characters. */
export const IDENTITY_SIGNATURE_MAX_CHARS = 256;
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;
/** Request bodies larger than this are refused with 413. */
export const BODY_MAX_BYTES = 32 * 1024;
