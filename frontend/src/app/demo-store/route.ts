import { getStoreBrand } from "@/lib/api/store-server";

// A product page of the demo store with the chat installed the way a store installs it: the one
// script tag from the README (here the support host is this web app itself). Plain HTML with its
// own small stylesheet, as a store's page is: no React and no Next.js runtime on it, so what the
// page costs beyond the store's own HTML is widget.js alone (bench/README.md, "Web app").

// Rendered per request: the store's name comes from its profile (the API is not running while
// `next build` runs).
export const dynamic = "force-dynamic";

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;min-height:100dvh;background:#f7f4ee;color:#2b2620;font-family:Georgia,Cambria,"Times New Roman",Times,serif}
a{color:inherit}
.sans{font-family:ui-sans-serif,system-ui,sans-serif}
header{border-bottom:1px solid #e0d8c8;background:#fff}
.bar{max-width:64rem;margin:0 auto;display:flex;align-items:center;justify-content:space-between;padding:1rem 1.5rem}
.brand{margin:0;font-size:1.25rem;line-height:1.75rem;font-weight:700;letter-spacing:.025em}
nav{display:flex;gap:1.25rem;font-size:.875rem;line-height:1.25rem}
main{max-width:64rem;margin:0 auto;display:grid;gap:2.5rem;padding:2.5rem 1.5rem}
@media (min-width:48rem){main{grid-template-columns:repeat(2,minmax(0,1fr))}}
.photo{aspect-ratio:1/1;border-radius:.5rem;background:radial-gradient(circle at 45% 45%,#3b3733 0,#1d1b19 55%,#e9e2d3 56%)}
.details{display:flex;flex-direction:column;gap:1rem}
.details>*{margin:0}
.crumbs{font-size:.875rem;line-height:1.25rem;text-transform:uppercase;letter-spacing:.1em;color:#4f473c}
h1{font-size:1.875rem;line-height:2.25rem;font-weight:700}
.price{font-size:1.5rem;line-height:2rem}
.blurb{line-height:1.625}
.add{width:fit-content;border:0;border-radius:.375rem;background:#2b2620;padding:.75rem 1.5rem;font-size:1rem;font-weight:600;color:#fff;cursor:pointer}
.add:hover{background:#000}
ul{list-style:disc;padding-left:1.25rem;font-size:.875rem;line-height:1.25rem;color:#4f473c}
li+li{margin-top:.25rem}
.note{font-size:.75rem;line-height:1rem;color:#4f473c}
`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

export async function GET(): Promise<Response> {
  const store = escapeHtml((await getStoreBrand()).name);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cast Iron Skillet 12\u2033 (demo store) · ${store}</title>
<meta name="description" content="A product page of the ${store} demo store, with the support chat's widget installed.">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${STYLE}</style>
</head>
<body>
<header>
<div class="bar">
<p class="brand">${store}</p>
<nav aria-label="Store" class="sans"><a href="#kitchen">Kitchen</a><a href="#home">Home</a><a href="#cart">Cart (0)</a></nav>
</div>
</header>
<main>
<div aria-hidden="true" class="photo"></div>
<div class="details">
<p class="crumbs sans">Kitchen · Cookware</p>
<h1>Cast Iron Skillet 12&Prime;</h1>
<p class="price">$49.00</p>
<p class="blurb">Pre-seasoned, oven safe and made to last for generations. Sears a steak, bakes cornbread and goes from the stove to the table.</p>
<button type="button" class="add sans">Add to cart</button>
<ul class="sans">
<li>Questions about shipping, returns or an order? Use the chat button in the corner.</li>
<li>Cookware carries a 1-year warranty against manufacturing defects.</li>
</ul>
<p class="note sans">This is the demo store of the support chat: the button in the corner is the widget, installed with <code>&lt;script src="/widget.js" async&gt;</code>.</p>
</div>
</main>
<script src="/widget.js" async data-side="right" data-accent="#1f6f5c" data-label="Chat with us"></script>
</body>
</html>
`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
