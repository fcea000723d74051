// A store's own site, on other origins than the support host, for the widget's end-to-end tests:
//   http://127.0.0.1:4100  an allowed store (WIDGET_ALLOWED_ORIGINS): a product page with the tag
//   http://127.0.0.1:4101  a site that is not allowed, trying to frame /embed
// Page variants by query: widget=0 (no tag), css=hostile, csp=strict, identity=valid|forged|expired.
// Every script and style is a file of its own, so the strict-CSP page needs no 'unsafe-inline'.
import { createHmac } from "node:crypto";
import http from "node:http";

export const STORE_ORIGIN = "http://127.0.0.1:4100";
export const OTHER_ORIGIN = "http://127.0.0.1:4101";
export const SUPPORT_ORIGIN = process.env.SUPPORT_ORIGIN ?? "http://localhost:3000";
export const IDENTITY_SECRET = "e2e-identity-secret-0123456789abcdef";

/** The store server's side of a verified shopper: what docs/decisions/017 and the README describe. */
function signedShopper(email: string, name: string, expiresAt: number, secret = IDENTITY_SECRET) {
  const payload = ["harbor-identity-v1", email.trim().toLowerCase(), name, String(expiresAt)].join("\n");
  const signature = createHmac("sha256", secret).update(payload).digest("hex");
  return { email, name, expiresAt, signature };
}

const STORE_CSS = `
body { margin: 0; font: 16px/1.5 Georgia, serif; color: #2b2620; background: #f7f4ee; }
header { display: flex; justify-content: space-between; padding: 16px 24px; background: #fff; border-bottom: 1px solid #e0d8c8; }
h1 { font-size: 32px; margin: 24px; }
p.price { font-size: 24px; margin: 0 24px; color: #5b3b1d; }
button.add { margin: 24px; padding: 12px 24px; background: #2b2620; color: #fff; border: 0; border-radius: 6px; }
.corner { position: fixed; right: 0; bottom: 0; width: 220px; height: 140px; background: rgba(200, 80, 40, 0.2); }
`;

// What a careless (or hostile) store stylesheet does to everything on the page.
const HOSTILE_CSS = `
* { all: unset; }
button { display: none !important; }
iframe { display: none !important; width: 0 !important; }
.corner { display: block; position: fixed; right: 0; bottom: 0; width: 300px; height: 300px; z-index: 2147483647; }
`;

// Registered before widget.js loads, through the queue, as the README shows.
const STORE_JS = `
window.HarborChat = window.HarborChat || [];
window.unreadCounts = [];
HarborChat.push(["on", "unread", function (count) { window.unreadCounts.push(count); }]);
`;

function identityScript(kind: string): string {
  const now = Math.floor(Date.now() / 1000);
  const identity =
    kind === "valid"
      ? signedShopper("jane.doe@example.com", "Jane Doe", now + 3600)
      : kind === "expired"
        ? signedShopper("jane.doe@example.com", "Jane Doe", now - 600)
        : signedShopper("jane.doe@example.com", "Jane Doe", now + 3600, "not-the-store-secret-0123456789abcdef");
  return `HarborChat.push(["identify", ${JSON.stringify(identity)}]);\n`;
}

function storePage(query: URLSearchParams): string {
  const widget = query.get("widget") !== "0";
  const identity = query.get("identity");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Cast Iron Skillet 12" · Harbor &amp; Pine</title>
<link rel="stylesheet" href="/store.css">
${query.get("css") === "hostile" ? '<link rel="stylesheet" href="/hostile.css">' : ""}
<script src="/store.js"></script>
${identity ? `<script src="/identity.js?kind=${encodeURIComponent(identity)}"></script>` : ""}
</head>
<body>
<header><strong class="brand">Harbor &amp; Pine</strong><a href="#cart">Cart (0)</a></header>
<main>
<h1>Cast Iron Skillet 12"</h1>
<p class="price">$49.00</p>
<p class="blurb">Pre-seasoned, oven safe and made to last.</p>
<button class="add" type="button">Add to cart</button>
</main>
<div class="corner"></div>
${widget ? `<script src="${SUPPORT_ORIGIN}/widget.js" async data-label="Chat with us" data-accent="#1f6f5c"></script>` : ""}
</body>
</html>`;
}

const STRICT_CSP = [
  "default-src 'self'",
  `script-src 'self' ${SUPPORT_ORIGIN}`,
  `frame-src ${SUPPORT_ORIGIN}`,
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join("; ");

function storeSite(request: http.IncomingMessage, response: http.ServerResponse) {
  const url = new URL(request.url ?? "/", STORE_ORIGIN);
  const send = (type: string, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
    response.end(body);
  };
  switch (url.pathname) {
    case "/store.css":
      return send("text/css", STORE_CSS);
    case "/hostile.css":
      return send("text/css", HOSTILE_CSS);
    case "/store.js":
      return send("text/javascript", STORE_JS);
    case "/identity.js":
      return send("text/javascript", identityScript(url.searchParams.get("kind") ?? ""));
    case "/":
      return send(
        "text/html; charset=utf-8",
        storePage(url.searchParams),
        url.searchParams.get("csp") === "strict" ? { "Content-Security-Policy": STRICT_CSP } : {},
      );
    default:
      response.writeHead(404).end();
  }
}

// A site that is not in WIDGET_ALLOWED_ORIGINS puts the chat in a frame of its own.
function otherSite(_request: http.IncomingMessage, response: http.ServerResponse) {
  response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><title>Not a store</title>
<iframe id="chat" title="chat" width="400" height="600" src="${SUPPORT_ORIGIN}/embed?host=${encodeURIComponent(OTHER_ORIGIN)}"></iframe>`);
}

// Started by Playwright's webServer (`tsx e2e/store-site.ts`); the specs import only the origins.
if (process.argv[1]?.endsWith("store-site.ts")) {
  http.createServer(storeSite).listen(4100, "127.0.0.1");
  http.createServer(otherSite).listen(4101, "127.0.0.1");
  console.log(`store site on ${STORE_ORIGIN}, another site on ${OTHER_ORIGIN}`);
}
