// The two sites of bench/widget-lighthouse.ts, in their own process (so serving never waits on
// Lighthouse's work in the orchestrator):
//   tsx bench/widget-sites.ts <path of widget.js> <support port> <store port>
//   http://127.0.0.1:<support port>  the support host: /widget.js, as a CDN serves it (gzip, 5 minutes)
//   http://127.0.0.1:<store port>    the store: a Harbor & Pine product page, /without the tag and /with it
// Two ports are two origins, as a real store and the support host are. Every text response is
// gzip-compressed when the browser asks for it, as any store host or CDN does.
import fs from "node:fs";
import http from "node:http";
import { gzipSync } from "node:zlib";

const [widgetFile, supportPort, storePort] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
if (!widgetFile || !supportPort || !storePort) throw new Error("usage: tsx bench/widget-sites.ts <path of widget.js> <support port> <store port>");
// The tag as the README tells a store to add it, at the end of <body>.
const WIDGET_TAG = `<script src="http://127.0.0.1:${supportPort}/widget.js" async data-label="Chat with us"></script>`;

const STORE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 Georgia, "Times New Roman", serif; color: #2b2620; background: #f7f4ee; }
a { color: inherit; }
.bar { background: #2b2620; color: #f7f4ee; font: 13px/1.4 system-ui, sans-serif; text-align: center; padding: 6px 16px; }
header { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 14px 20px; background: #fff; border-bottom: 1px solid #e0d8c8; }
.brand { font-size: 20px; font-weight: 700; letter-spacing: .02em; text-decoration: none; }
nav { display: flex; gap: 16px; font: 14px/1.4 system-ui, sans-serif; }
nav a { text-decoration: none; }
.crumbs { font: 13px/1.4 system-ui, sans-serif; color: #6d6356; padding: 12px 20px 0; }
.product { display: grid; gap: 24px; padding: 16px 20px 32px; max-width: 1100px; margin: 0 auto; }
@media (min-width: 800px) { .product { grid-template-columns: 1fr 1fr; gap: 48px; padding-top: 32px; } }
.photo { aspect-ratio: 1 / 1; border-radius: 12px; display: flex; align-items: center; justify-content: center;
  background: radial-gradient(circle at 35% 30%, #fbf8f2 0, #ece4d6 55%, #d9cdb8 100%); }
.photo svg { width: 78%; height: auto; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 8px; }
.price { font-size: 24px; color: #5b3b1d; margin: 0 0 4px; }
.stock { font: 14px/1.4 system-ui, sans-serif; color: #2f6b3a; margin: 0 0 20px; }
.buy { display: flex; gap: 12px; align-items: center; margin: 0 0 24px; }
.buy input { width: 64px; height: 48px; font: inherit; text-align: center; border: 1px solid #b9ad98; border-radius: 6px; background: #fff; }
.add { flex: 1; height: 48px; font: 600 16px/1 system-ui, sans-serif; color: #fff; background: #2b2620; border: 0; border-radius: 6px; cursor: pointer; }
.add:hover { background: #463d33; }
.details h2 { font-size: 18px; margin: 24px 0 8px; }
.details ul { padding-left: 20px; }
footer { border-top: 1px solid #e0d8c8; padding: 24px 20px 96px; font: 14px/1.6 system-ui, sans-serif; color: #6d6356; background: #fff; }
`;

// What a store's own script does on a product page: the cart counter.
const STORE_JS = `
document.querySelector(".add").addEventListener("click", function () {
  var count = document.querySelector(".cart-count");
  count.textContent = String(Number(count.textContent) + Number(document.querySelector("#quantity").value || 1));
});
`;

// The product photo: a small inline drawing on a CSS gradient, no image request.
const SKILLET_SVG = `<svg viewBox="0 0 200 120" role="img" aria-label="A 12-inch cast iron skillet, seen from above">
<ellipse cx="80" cy="62" rx="62" ry="50" fill="#2d2a27"/><ellipse cx="80" cy="62" rx="50" ry="40" fill="#3b3733"/>
<rect x="138" y="55" width="58" height="14" rx="7" fill="#2d2a27"/><circle cx="186" cy="62" r="3" fill="#ece4d6"/>
<path d="M42 40c10-9 24-13 38-13" stroke="#5a544d" stroke-width="3" fill="none" stroke-linecap="round"/></svg>`;

function productPage(withWidget: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cast Iron Skillet 12" · Harbor &amp; Pine</title>
<meta name="description" content="A pre-seasoned 12-inch cast iron skillet from Harbor &amp; Pine, made to last a lifetime.">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/store.css">
<script src="/store.js" defer></script>
</head>
<body>
<div class="bar">Free shipping on orders over $75 · 30-day returns</div>
<header>
<a class="brand" href="/">Harbor &amp; Pine</a>
<nav><a href="#kitchen">Kitchen</a><a href="#outdoor">Outdoor</a><a href="#cart">Cart (<span class="cart-count">0</span>)</a></nav>
</header>
<p class="crumbs"><a href="#kitchen">Kitchen</a> / <a href="#cookware">Cookware</a> / Cast Iron Skillet 12"</p>
<main class="product">
<div class="photo">${SKILLET_SVG}</div>
<div>
<h1>Cast Iron Skillet 12"</h1>
<p class="price">$49.00</p>
<p class="stock">In stock · ships in 1-2 business days</p>
<p>Pre-seasoned with flaxseed oil and ready for the stove, the oven or the campfire. It holds heat
evenly for a proper sear and goes from the hob to the table.</p>
<form class="buy">
<input id="quantity" type="number" min="1" value="1" aria-label="Quantity">
<button class="add" type="button">Add to cart</button>
</form>
<section class="details">
<h2>Details</h2>
<ul>
<li>12" (30 cm) cooking surface, 2" deep walls, 6.8 lb</li>
<li>Helper handle and two pour spouts</li>
<li>Works on gas, electric, induction, oven and grill</li>
</ul>
<h2>Care</h2>
<p>Rinse with hot water while warm, dry on low heat and wipe with a thin coat of oil. Avoid the
dishwasher and long soaks; a little soap now and then does no harm to a well-seasoned pan.</p>
<h2>Shipping and returns</h2>
<p>Orders placed before 2 pm ship the same business day from our warehouse in Portland, Maine.
Unused items can be returned within 30 days for a full refund; we send a prepaid label.</p>
</section>
</div>
</main>
<footer>
<p>Harbor &amp; Pine · Good tools for kitchen and camp since 2014</p>
<p><a href="#shipping">Shipping</a> · <a href="#returns">Returns</a> · <a href="#contact">Contact</a></p>
</footer>
${withWidget ? WIDGET_TAG : ""}
</body>
</html>
`;
}

interface Asset {
  type: string;
  cacheControl: string;
  body: Buffer;
  gzip: Buffer;
}

function asset(type: string, cacheControl: string, text: string | Buffer): Asset {
  const body = Buffer.from(text);
  return { type, cacheControl, body, gzip: gzipSync(body, { level: 9 }) };
}

function serve(port: number, assets: Record<string, Asset>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const found = assets[new URL(req.url ?? "/", "http://host").pathname];
    if (!found || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? found.gzip : found.body;
    res.writeHead(200, {
      "content-type": found.type,
      "cache-control": found.cacheControl,
      "content-length": body.length,
      vary: "Accept-Encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

const servers = await Promise.all([
  serve(supportPort, {
    "/widget.js": asset("text/javascript; charset=utf-8", "public, max-age=300", fs.readFileSync(widgetFile)),
  }),
  serve(storePort, {
    "/without": asset("text/html; charset=utf-8", "no-cache", productPage(false)),
    "/with": asset("text/html; charset=utf-8", "no-cache", productPage(true)),
    "/store.css": asset("text/css; charset=utf-8", "public, max-age=3600", STORE_CSS),
    "/store.js": asset("text/javascript; charset=utf-8", "public, max-age=3600", STORE_JS),
  }),
]);
console.log(`widget sites ready on ${supportPort} and ${storePort}`);
const stop = () => {
  for (const server of servers) server.closeAllConnections();
  void Promise.all(servers.map((server) => new Promise((r) => server.close(r)))).then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
