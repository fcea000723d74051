// The embedded chat's side of the widget protocol (src/widget/protocol.ts): it talks only to the
// window that framed it, at the origin the loader named (`?host=`), and hears only from that window
// at that origin. The frame's CSP (frame-ancestors) already keeps other sites from framing it.
import { ShopperIdentitySchema, type ShopperIdentity } from "@harbor/contracts";

import { setShopperIdentity } from "@/lib/api/shopper-identity";
import { mirrorStored, seedStored } from "@/lib/browser-storage";
import { CONVERSATION_KEY, HOST_PARAM, STORED_KEY_PREFIX, isMessage, type EmbedMessage, type LoaderMessage } from "@/widget/protocol";

/** How long to wait for the store's page before going on with this frame's own storage. */
export const INIT_TIMEOUT_MS = 3000;

export interface StorePageEvents {
  /**
   * Storage and identity are in place (or the page never answered): the chat may start. Called
   * again if the page's hand-over comes after the timeout: the chat starts over with it.
   */
  onStart(open: boolean): void;
  onVisibility(open: boolean): void;
}

export interface StorePage {
  /** Framed by a store's page (false when /embed is opened on its own). */
  framed: boolean;
  unread(count: number): void;
  close(): void;
  disconnect(): void;
}

function hostOrigin(): string | null {
  const host = new URLSearchParams(window.location.search).get(HOST_PARAM);
  if (!host) return null;
  try {
    const url = new URL(host);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

export function connectToStorePage(events: StorePageEvents): StorePage {
  const origin = hostOrigin();
  if (window.parent === window || !origin) {
    events.onStart(true);
    return { framed: false, unread() {}, close() {}, disconnect() {} };
  }
  const storePage = window.parent;
  const post = (message: EmbedMessage) => storePage.postMessage(message, origin);

  let initialized = false;
  const timeout = setTimeout(() => events.onStart(false), INIT_TIMEOUT_MS);

  const onMessage = (event: MessageEvent) => {
    if (event.source !== storePage || event.origin !== origin || !isMessage<LoaderMessage>(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case "harbor:init":
        if (initialized) return;
        initialized = true;
        clearTimeout(timeout);
        seedStored(validStored(message.stored));
        setShopperIdentity(validIdentity(message.identity));
        events.onStart(message.open === true);
        return;
      case "harbor:identify":
        setShopperIdentity(validIdentity(message.identity));
        return;
      case "harbor:visibility":
        events.onVisibility(message.open === true);
        return;
    }
  };
  window.addEventListener("message", onMessage);
  // What this frame cannot keep goes to the page; the token leaves the frame only then.
  mirrorStored((key, value, kept) => {
    if (key.startsWith(STORED_KEY_PREFIX) && (!kept || key === CONVERSATION_KEY)) post({ type: "harbor:store", key, value });
  });
  post({ type: "harbor:ready" });

  return {
    framed: true,
    unread: (count) => post({ type: "harbor:unread", count }),
    close: () => post({ type: "harbor:close" }),
    disconnect() {
      clearTimeout(timeout);
      window.removeEventListener("message", onMessage);
      mirrorStored(null);
    },
  };
}

function validStored(stored: unknown): Record<string, string> {
  const entries: Record<string, string> = {};
  if (typeof stored !== "object" || stored === null) return entries;
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith(STORED_KEY_PREFIX) && typeof value === "string") entries[key] = value;
  }
  return entries;
}

/**
 * The API checks the signature; this keeps an identity of the wrong shape (which the API would
 * refuse with a 400, failing every message) from reaching the request: it is dropped, as a forged
 * one is ignored. A missing name is an empty one.
 */
function validIdentity(identity: unknown): ShopperIdentity | null {
  if (typeof identity !== "object" || identity === null) return null;
  const parsed = ShopperIdentitySchema.safeParse({ name: "", ...identity });
  return parsed.success ? parsed.data : null;
}
