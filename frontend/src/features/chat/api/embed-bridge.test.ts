import { shopperIdentity, setShopperIdentity } from "@/lib/api/shopper-identity";
import { readStored, writeStored } from "@/lib/browser-storage";

import { connectToStorePage, INIT_TIMEOUT_MS } from "./embed-bridge";

const STORE = "https://shop.example";

/** jsdom's window is its own parent: give it a store page to be framed by. */
function framedBy(origin: string | null) {
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  const storePage = { postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }) };
  vi.spyOn(window, "parent", "get").mockReturnValue(storePage as unknown as Window);
  window.history.replaceState(null, "", origin ? `/embed?host=${encodeURIComponent(origin)}` : "/embed");
  const from = (data: unknown, options: { origin?: string; source?: unknown } = {}) =>
    window.dispatchEvent(
      new MessageEvent("message", { data, origin: options.origin ?? STORE, source: (options.source ?? storePage) as Window }),
    );
  return { posted, from };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  setShopperIdentity(null);
});

describe("the embedded chat and the store's page", () => {
  it("says it is ready to the store's origin only, and starts with what the page hands over", () => {
    const { posted, from } = framedBy(STORE);
    const onStart = vi.fn();
    const page = connectToStorePage({ onStart, onVisibility: vi.fn() });
    expect(page.framed).toBe(true);
    expect(posted).toEqual([{ message: { type: "harbor:ready" }, targetOrigin: STORE }]);

    const identity = { email: "jane.doe@example.com", name: "Jane", expiresAt: 2_000_000_000, signature: "ab" };
    from({ type: "harbor:init", stored: { "harbor.visitorToken": "tok", other: "dropped" }, identity, open: true });
    expect(onStart).toHaveBeenCalledWith(true);
    expect(readStored("harbor.visitorToken")).toBe("tok");
    expect(readStored("other")).toBeNull();
    expect(shopperIdentity()).toEqual(identity);

    // The open conversation always goes back to the page (no secret: it tells the loader to follow it).
    writeStored("harbor.widget.conversation", "c1");
    expect(posted.at(-1)).toEqual({ message: { type: "harbor:store", key: "harbor.widget.conversation", value: "c1" }, targetOrigin: STORE });
    page.disconnect();
  });

  it("hands the token to the page only when this frame cannot keep it", () => {
    const { posted } = framedBy(STORE);
    const page = connectToStorePage({ onStart: vi.fn(), onVisibility: vi.fn() });
    writeStored("harbor.visitorToken", "kept-here");
    expect(posted.filter((entry) => (entry.message as { type: string }).type === "harbor:store")).toEqual([]);
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    writeStored("harbor.visitorToken", "blocked-here");
    expect(posted.at(-1)).toEqual({
      message: { type: "harbor:store", key: "harbor.visitorToken", value: "blocked-here" },
      targetOrigin: STORE,
    });
    page.disconnect();
  });

  it("a page that lies about its origin in ?host= hears nothing it can read and is not heard", () => {
    // Framed by STORE, claiming another origin: posts target the claimed one (the browser drops
    // them, the parent is not there), and the real parent's messages come from the wrong origin.
    const { posted, from } = framedBy("https://claimed.example");
    const onStart = vi.fn();
    const page = connectToStorePage({ onStart, onVisibility: vi.fn() });
    expect(posted.every((entry) => entry.targetOrigin === "https://claimed.example")).toBe(true);
    from({ type: "harbor:init", stored: { "harbor.visitorToken": "stolen" }, identity: null, open: true }, { origin: STORE });
    expect(onStart).not.toHaveBeenCalled();
    page.disconnect();
  });

  it("ignores messages from another origin or another window", () => {
    const { from } = framedBy(STORE);
    const onStart = vi.fn();
    const onVisibility = vi.fn();
    const page = connectToStorePage({ onStart, onVisibility });
    from({ type: "harbor:init", stored: {}, identity: null, open: true }, { origin: "https://evil.example" });
    from({ type: "harbor:visibility", open: true }, { source: {} });
    expect(onStart).not.toHaveBeenCalled();
    expect(onVisibility).not.toHaveBeenCalled();
    from({ type: "harbor:visibility", open: true });
    expect(onVisibility).toHaveBeenCalledWith(true);
    page.disconnect();
  });

  it("drops a malformed identity and follows identify() after the start", () => {
    const { from } = framedBy(STORE);
    const page = connectToStorePage({ onStart: vi.fn(), onVisibility: vi.fn() });
    from({ type: "harbor:init", stored: {}, identity: { email: 5 }, open: false });
    expect(shopperIdentity()).toBeNull();
    // Shapes the API would refuse with a 400 (every message failing) are dropped here instead.
    for (const bad of [
      { email: "", name: "", expiresAt: 2_000_000_000, signature: "ab" },
      { email: "a@b.example", name: "", expiresAt: 1.5, signature: "ab" },
      { email: "a@b.example", name: "", expiresAt: 2_000_000_000, signature: "ab", extra: true },
    ]) {
      from({ type: "harbor:identify", identity: bad });
      expect(shopperIdentity()).toBeNull();
    }
    const identity = { email: "sam.lee@example.com", name: "", expiresAt: 2_000_000_000, signature: "cd" };
    from({ type: "harbor:identify", identity });
    expect(shopperIdentity()).toEqual(identity);
    from({ type: "harbor:identify", identity: null });
    expect(shopperIdentity()).toBeNull();
    page.disconnect();
  });

  it("goes on with its own storage when the page is slow, and starts again with a late hand-over", () => {
    vi.useFakeTimers();
    const { from } = framedBy(STORE);
    const onStart = vi.fn();
    const page = connectToStorePage({ onStart, onVisibility: vi.fn() });
    vi.advanceTimersByTime(INIT_TIMEOUT_MS - 1);
    expect(onStart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onStart).toHaveBeenLastCalledWith(false);
    from({ type: "harbor:init", stored: { "harbor.widget.conversation": "late" }, identity: null, open: true });
    expect(onStart).toHaveBeenLastCalledWith(true);
    expect(readStored("harbor.widget.conversation")).toBe("late");
    from({ type: "harbor:init", stored: {}, identity: null, open: false });
    expect(onStart).toHaveBeenCalledTimes(2);
    page.disconnect();
  });

  it("opened on its own (or without a valid host), it starts at once and posts nothing", () => {
    const { posted } = framedBy("javascript:alert(1)");
    const onStart = vi.fn();
    const page = connectToStorePage({ onStart, onVisibility: vi.fn() });
    expect(page.framed).toBe(false);
    expect(onStart).toHaveBeenCalledWith(true);
    expect(posted).toEqual([]);
  });
});
