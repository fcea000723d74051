// WIDGET_ALLOWED_ORIGINS: the store sites that may show the chat (widget.js frames the web app's
// /embed). The API (CORS, checked at start) and the web app (frame-ancestors, per request) read the
// same variable through this one parser.

/** Scheme, host name (or IPv6 literal) and port: nothing a CSP header could read as more. */
const ORIGIN = /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** "https://shop.example, https://www.shop.example/" → normalized origins, and what is not one. */
export function readAllowedOrigins(value: string | undefined): { origins: string[]; invalid: string[] } {
  const origins = new Set<string>();
  const invalid: string[] = [];
  for (const item of (value ?? "").split(/[\s,]+/)) {
    if (!item) continue;
    let origin: string | null = null;
    try {
      const url = new URL(item);
      // Only a bare origin: a path, a CSP keyword or a `;` makes it something else.
      if (ORIGIN.test(url.origin) && url.origin === item.replace(/\/$/, "").toLowerCase()) origin = url.origin;
    } catch {
      // Not a URL.
    }
    if (origin) origins.add(origin);
    else invalid.push(item);
  }
  return { origins: [...origins], invalid };
}
