// The shopper's small keepsakes (the visitor token, the open conversation in the widget): in
// localStorage, and in memory when storage is blocked (private mode, a cross-site iframe in Safari).
// In the widget, what this frame cannot keep goes to the store's page (features/chat/api/embed-bridge.ts),
// which keeps it under its own origin and hands it back on the next page.
/** `kept`: this frame's own storage holds it (false: only memory does). */
type Mirror = (key: string, value: string | null, kept: boolean) => void;

const memory = new Map<string, string>();
let mirror: Mirror | null = null;

export function readStored(key: string): string | null {
  try {
    const value = window.localStorage.getItem(key);
    if (value !== null) return value;
  } catch {
    // Blocked: the memory copy (or what the store's page handed over) is all there is.
  }
  return memory.get(key) ?? null;
}

export function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
    memory.delete(key);
    mirror?.(key, value, true);
  } catch {
    // Kept in memory, and by the store's page in the widget.
    memory.set(key, value);
    mirror?.(key, value, false);
  }
}

export function removeStored(key: string): void {
  memory.delete(key);
  try {
    window.localStorage.removeItem(key);
  } catch {
    // As above.
  }
  // A copy the store's page may hold goes too (forgetting leaks nothing).
  mirror?.(key, null, false);
}

/** Values handed over by the store's page: used where this frame's own storage has nothing. */
export function seedStored(entries: Record<string, string>): void {
  for (const [key, value] of Object.entries(entries)) memory.set(key, value);
}

export function mirrorStored(next: Mirror | null): void {
  mirror = next;
}
