// The embedded chat's side of the widget protocol (src/widget/protocol.ts): it talks only to the
// window that framed it, at the origin the loader named (`?host=`), and hears only from that window
// at that origin. The frame's CSP (frame-ancestors) already keeps other sites from framing it.
import type { ShopperIdentity } from "@harbor/contracts";

import { setShopperIdentity } from "@/lib/api/shopper-identity";
import { mirrorStored, seedStored } from "@/lib/browser-storage";
import { HOST_PARAM, STORED_KEY_PREFIX, isMessage, type EmbedMessage, type LoaderMessage } from "@/widget/protocol";

/** How long to wait for the store's page before going on with this frame's own storage. */
export const INIT_TIMEOUT_MS = 3000;

export interface StorePageEvents {
  /** Storage and identity are in place (or the page never answered): the chat may start. */
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

  let started = false;
  const start = (open: boolean) => {
    if (started) return;
    started = true;
    clearTimeout(timeout);
    events.onStart(open);
  };
  const timeout = setTimeout(() => start(false), INIT_TIMEOUT_MS);

  const onMessage = (event: MessageEvent) => {
    if (event.source !== storePage || event.origin !== origin || !isMessage<LoaderMessage>(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case "harbor:init":
        seedStored(validStored(message.stored));
        setShopperIdentity(validIdentity(message.identity));
        start(message.open === true);
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
  mirrorStored((key, value) => {
    if (key.startsWith(STORED_KEY_PREFIX)) post({ type: "harbor:store", key, value });
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

/** The API checks the signature; this only keeps a malformed value from reaching the request. */
function validIdentity(identity: unknown): ShopperIdentity | null {
  if (typeof identity !== "object" || identity === null) return null;
  const { email, name, expiresAt, signature } = identity as Record<string, unknown>;
  if (typeof email !== "string" || typeof signature !== "string" || typeof expiresAt !== "number") return null;
  return { email, name: typeof name === "string" ? name : "", expiresAt, signature };
}
