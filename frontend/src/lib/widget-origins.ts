// WIDGET_ALLOWED_ORIGINS: the store sites that may put the chat on their pages (the widget's
// iframe). Read on the server at request time; the API reads the same variable for CORS.

/** Scheme, host name (or IPv6 literal) and port: nothing a CSP header could read as more. */
const ORIGIN = /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** "https://shop.example, https://www.shop.example" → the valid origins, normalized. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  const origins = new Set<string>();
  for (const item of (value ?? "").split(/[\s,]+/)) {
    if (!item) continue;
    try {
      const url = new URL(item);
      // Only a bare origin: anything else (a path, a CSP keyword, a `;`) is not one and is dropped.
      if (ORIGIN.test(url.origin) && url.origin === item.replace(/\/$/, "").toLowerCase()) {
        origins.add(url.origin);
      }
    } catch {
      // Not a URL: dropped.
    }
  }
  return [...origins];
}
