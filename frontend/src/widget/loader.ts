// widget.js: the chat on the store's own site, from one script tag.
//
//   <script src="https://SUPPORT_HOST/widget.js" async data-side="right" data-accent="#1f6f5c"
//           data-label="Chat with us" data-z-index="2147483647"></script>
//
// Plain TypeScript, no framework (at most 8 kB gzip, a test checks). It draws a launcher inside a
// shadow root, so the store's CSS cannot restyle it and it restyles nothing of the store, and opens
// the web app's /embed route in an iframe: created on the first open, or once the page is idle when
// the shopper already has a conversation (so a message from the team can show as unread).
// Styles go through a constructed stylesheet and the CSSOM, so a strict CSP needs no 'unsafe-inline'.
import type { ShopperIdentity } from "@harbor/contracts";

import { CONVERSATION_KEY, HOST_PARAM, STORED_KEY_PREFIX, isMessage, type EmbedMessage, type LoaderMessage } from "./protocol";

type UnreadListener = (count: number) => void;
type Call = [string, ...unknown[]];

interface HarborChatApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: ShopperIdentity | null): void;
  on(event: "unread", listener: UnreadListener): void;
  off(event: "unread", listener: UnreadListener): void;
  /** Calls queued as arrays before the script loaded keep working after: HarborChat.push(["open"]). */
  push(call: Call): void;
}

declare global {
  interface Window {
    HarborChat?: HarborChatApi | Call[];
  }
}

const PHONE = "(max-width: 639.98px)";
const STORAGE_PREFIX = "harbor-chat:";
const SVG = "http://www.w3.org/2000/svg";

const CSS = `
.root{all:initial;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f1d}
.launcher{all:initial;box-sizing:border-box;position:fixed;bottom:20px;width:56px;height:56px;border-radius:50%;
background:var(--accent);color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;
box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:var(--z);transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.launcher:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.launcher svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.badge{all:initial;position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;
border-radius:10px;background:#c2261b;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.badge[hidden]{display:none}
.panel{all:initial;box-sizing:border-box;position:fixed;bottom:88px;width:380px;height:min(640px,calc(100vh - 112px));
border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.28);z-index:var(--z)}
.panel[hidden]{visibility:hidden;pointer-events:none}
.right{right:20px}.left{left:20px}
.panel.phone{top:0;left:0;right:auto;bottom:auto;width:100%;border-radius:0;
padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}
.panel.phone:not([hidden])~.launcher{display:none}
iframe{display:block;width:100%;height:100%;border:0;visibility:inherit}
`;

(function start() {
  const existing = window.HarborChat;
  if (existing && !Array.isArray(existing)) return; // the tag is on the page twice
  const queued: Call[] = Array.isArray(existing) ? existing : [];

  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');
  if (!script) return;
  const supportOrigin = new URL(script.src, location.href).origin;
  const data = script.dataset;
  const side = data.side === "left" ? "left" : "right";
  const label = data.label?.trim() || "Chat with us";
  const zIndex = /^\d{1,10}$/.test(data.zIndex ?? "") ? (data.zIndex as string) : "2147483647";

  // ---- Storage on the store's origin (the iframe's own may be partitioned or blocked) ----------

  function storedEntries(): Record<string, string> {
    const entries: Record<string, string> = {};
    try {
      for (let index = 0; index < localStorage.length; index += 1) {
        const name = localStorage.key(index);
        const value = name?.startsWith(STORAGE_PREFIX) ? localStorage.getItem(name) : null;
        if (name && value !== null) entries[name.slice(STORAGE_PREFIX.length)] = value;
      }
    } catch {
      // Blocked here too: the conversation lasts as long as the iframe's own storage does.
    }
    return entries;
  }

  function store(key: string, value: string | null): void {
    if (!key.startsWith(STORED_KEY_PREFIX) || key.length > 100 || (value !== null && value.length > 2000)) return;
    try {
      if (value === null) localStorage.removeItem(STORAGE_PREFIX + key);
      else localStorage.setItem(STORAGE_PREFIX + key, value);
    } catch {
      // As above.
    }
  }

  // ---- The launcher, in a shadow root --------------------------------------------------------

  const host = document.createElement("harbor-chat");
  // Inline and !important: the store's own rules (even `* { all: unset }`) cannot move or hide it.
  host.style.setProperty("all", "initial", "important");
  host.style.setProperty("display", "block", "important");
  host.style.setProperty("position", "fixed", "important");
  host.style.setProperty("z-index", zIndex, "important");
  host.style.setProperty("inset", "auto 0 0 auto", "important");
  host.style.setProperty("width", "0", "important");
  host.style.setProperty("height", "0", "important");
  const shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet.prototype.replaceSync === "function") {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = CSS;
    shadow.append(style);
  }

  const root = document.createElement("div");
  root.className = "root";
  root.style.setProperty("--accent", "#1f6f5c");
  if (data.accent && window.CSS?.supports?.("color", data.accent)) root.style.setProperty("--accent", data.accent);
  root.style.setProperty("--z", zIndex);

  const panel = document.createElement("div");
  panel.className = `panel ${side}`;
  panel.hidden = true;

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = `launcher ${side}`;
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z");
  icon.append(path);
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.hidden = true;
  badge.setAttribute("aria-hidden", "true");
  launcher.append(icon, badge);
  root.append(panel, launcher);
  shadow.append(root);

  // ---- State ---------------------------------------------------------------------------------

  let frame: HTMLIFrameElement | null = null;
  let frameReady = false;
  let isOpen = false;
  let unread = 0;
  let identity: ShopperIdentity | null = null;
  const listeners: UnreadListener[] = [];

  function describe(): void {
    launcher.setAttribute("aria-label", unread > 0 ? `${label} (${unread} unread)` : label);
    badge.textContent = unread > 99 ? "99+" : String(unread);
    badge.hidden = unread === 0;
  }

  function setUnread(count: number): void {
    const next = Math.max(0, Math.floor(count)) || 0;
    if (next === unread) return;
    unread = next;
    describe();
    for (const listener of listeners.slice()) {
      try {
        listener(unread);
      } catch {
        // A store's listener that throws does not stop the others.
      }
    }
  }

  function post(message: LoaderMessage): void {
    if (!frameReady) return;
    try {
      frame?.contentWindow?.postMessage(message, supportOrigin);
    } catch {
      // A value that cannot be cloned: nothing is sent rather than the chat left waiting.
    }
  }

  function createFrame(): HTMLIFrameElement {
    if (frame) return frame;
    frame = document.createElement("iframe");
    frame.title = label;
    frame.src = `${supportOrigin}/embed?${HOST_PARAM}=${encodeURIComponent(location.origin)}`;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", label);
    panel.append(frame);
    return frame;
  }

  // ---- Phones: full screen, above the keyboard -----------------------------------------------

  const phone = window.matchMedia(PHONE);

  function fit(): void {
    const onPhone = phone.matches;
    panel.classList.toggle("phone", onPhone);
    // Full screen on a phone: a modal dialog (the page under it is out of reach).
    if (onPhone) panel.setAttribute("aria-modal", "true");
    else panel.removeAttribute("aria-modal");
    const viewport = window.visualViewport;
    if (onPhone && viewport) {
      // The visual viewport shrinks when the keyboard opens: the panel (and its composer) follows.
      panel.style.top = `${viewport.offsetTop}px`;
      panel.style.height = `${viewport.height}px`;
    } else {
      panel.style.removeProperty("top");
      panel.style.height = onPhone ? "100%" : "";
    }
  }

  phone.addEventListener?.("change", fit);
  window.visualViewport?.addEventListener("resize", fit);
  window.visualViewport?.addEventListener("scroll", fit);

  // ---- Open and close ------------------------------------------------------------------------

  function open(): void {
    if (isOpen) return;
    isOpen = true;
    createFrame();
    fit();
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    setUnread(0);
    frame?.focus();
    post({ type: "harbor:visibility", open: true });
  }

  function close(): void {
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    post({ type: "harbor:visibility", open: false });
    launcher.focus();
  }

  launcher.addEventListener("click", () => (isOpen ? close() : open()));
  document.addEventListener("keydown", (event) => {
    // Not when the store's own dialog took this Esc.
    if (event.key === "Escape" && isOpen && !event.defaultPrevented) close();
  });

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.origin !== supportOrigin || !frame || event.source !== frame.contentWindow) return;
    if (!isMessage<EmbedMessage>(event.data)) return;
    const message = event.data;
    switch (message.type) {
      case "harbor:ready":
        frameReady = true;
        // Opened before the chat loaded: the frame's navigation took the focus given on open.
        if (isOpen) frame.focus();
        post({ type: "harbor:init", stored: storedEntries(), identity, open: isOpen });
        return;
      case "harbor:store":
        if (typeof message.key === "string" && (typeof message.value === "string" || message.value === null)) {
          store(message.key, message.value);
        }
        return;
      case "harbor:unread":
        if (!isOpen && typeof message.count === "number") setUnread(message.count);
        return;
      case "harbor:close":
        close();
        return;
    }
  });

  // ---- The public API ------------------------------------------------------------------------

  const api: HarborChatApi = {
    open,
    close,
    toggle: () => (isOpen ? close() : open()),
    identify(next) {
      // Only the four plain fields cross to the frame (which checks their shape; the API, the signature).
      identity =
        next && typeof next === "object"
          ? { email: String(next.email), name: next.name == null ? "" : String(next.name), expiresAt: Number(next.expiresAt), signature: String(next.signature) }
          : null;
      post({ type: "harbor:identify", identity });
    },
    on(event, listener) {
      if (event === "unread" && typeof listener === "function") listeners.push(listener);
    },
    off(event, listener) {
      const index = listeners.indexOf(listener);
      if (event === "unread" && index >= 0) listeners.splice(index, 1);
    },
    push(call) {
      if (!Array.isArray(call)) return;
      const [name, ...args] = call;
      const method = (api as unknown as Record<string, unknown>)[name];
      if (name !== "push" && typeof method === "function") (method as (...values: unknown[]) => void)(...args);
    },
  };

  describe();
  window.HarborChat = api;
  for (const call of queued) api.push(call);
  // A tag in <head> without `async` runs before <body> exists.
  if (document.body) document.body.append(host);
  else document.addEventListener("DOMContentLoaded", () => document.body.append(host), { once: true });

  // A shopper with a conversation open here may get an answer from the team while the panel is
  // closed: load the chat once the page is idle, so the launcher can count it as unread. Storage is
  // read then too, not while the page loads (a first read of localStorage can take milliseconds).
  const idle = (callback: () => void) =>
    "requestIdleCallback" in window ? window.requestIdleCallback(callback, { timeout: 4000 }) : setTimeout(callback, 2000);
  const later = () =>
    idle(() => {
      if (CONVERSATION_KEY in storedEntries()) createFrame();
    });
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
})();
