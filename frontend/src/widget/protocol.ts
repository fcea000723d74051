// What the loader on the store's page (widget.js) and the embedded chat (/embed) say to each other
// through postMessage. Both sides check the other's origin and window and never post to "*".
import type { ShopperIdentity } from "@harbor/contracts";

/** Keys the embedded chat may keep in the store page's storage (its own may be blocked). */
export const STORED_KEY_PREFIX = "harbor.";

/**
 * The conversation the panel shows. The store's page keeps it even when the frame can (it is no
 * secret): it tells the loader there is a conversation to follow for unread messages. The visitor
 * token goes to the page only when the frame cannot keep it.
 */
export const CONVERSATION_KEY = "harbor.widget.conversation";

/** The embedded chat to the loader. */
export type EmbedMessage =
  /** Loaded and listening: send `harbor:init`. */
  | { type: "harbor:ready" }
  /** Keep (value) or forget (null) this key under the store's origin, for the next page or visit. */
  | { type: "harbor:store"; key: string; value: string | null }
  /** Messages from the team the shopper has not seen (the panel was closed). */
  | { type: "harbor:unread"; count: number }
  /** The shopper closed the chat from inside (its close button, or Esc). */
  | { type: "harbor:close" };

/** The loader to the embedded chat. */
export type LoaderMessage =
  | { type: "harbor:init"; stored: Record<string, string>; identity: ShopperIdentity | null; open: boolean }
  | { type: "harbor:identify"; identity: ShopperIdentity | null }
  /** The panel was shown (focus the composer, the unread count is read) or hidden. */
  | { type: "harbor:visibility"; open: boolean };

/** The query parameter that tells /embed which origin framed it (checked against every message). */
export const HOST_PARAM = "host";

export function isMessage<T extends { type: string }>(data: unknown): data is T {
  return typeof data === "object" && data !== null && typeof (data as { type?: unknown }).type === "string" && (data as { type: string }).type.startsWith("harbor:");
}
