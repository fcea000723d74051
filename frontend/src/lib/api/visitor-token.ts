// The anonymous visitor's token. The API creates it on the first chat request; we keep it so the
// shopper finds their conversations again after a reload.
const STORAGE_KEY = "harbor.visitorToken";

export function readVisitorToken(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private mode, strict settings): act as a new visitor.
    return null;
  }
}

export function saveVisitorToken(token: string | null | undefined): void {
  if (!token) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Nothing to do: the token then only lives as long as the page.
  }
}

export function clearVisitorToken(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Same as above.
  }
}

export function authHeaders(): Record<string, string> {
  const token = readVisitorToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
