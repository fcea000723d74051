// The anonymous visitor's token. The API creates it on the first chat request; we keep it so the
// shopper finds their conversations again after a reload (in the widget, on the store's page too).
import { readStored, removeStored, writeStored } from "../browser-storage";

const STORAGE_KEY = "harbor.visitorToken";

export function readVisitorToken(): string | null {
  return readStored(STORAGE_KEY);
}

export function saveVisitorToken(token: string | null | undefined): void {
  if (!token || token === readStored(STORAGE_KEY)) return;
  writeStored(STORAGE_KEY, token);
}

export function clearVisitorToken(): void {
  removeStored(STORAGE_KEY);
}

export function authHeaders(): Record<string, string> {
  const token = readVisitorToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
