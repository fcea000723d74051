// Sums the gzip size of every script the chat page ("/") references: what a first visit
// downloads before the shopper does anything. Run after `npm run build -w frontend`, with the
// built app running (`npm run start -w frontend`): the page is rendered per request, in the
// browser's language (decision 016), so there is no prerendered HTML to read. Pass another
// address as the first argument if it is not on http://localhost:3000/ (and HARBOR_NEXT_DIST_DIR
// if that build is not in .next, e.g. .next-bench for the one bench:web serves on 3300).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const address = process.argv[2] ?? "http://localhost:3000/";
const html = await fetch(address).then(
  (response) => response.text(),
  (error) => {
    console.error(`Could not fetch ${address} (${error.cause?.code ?? error.message}); start the built app first.`);
    process.exit(1);
  },
);
const tags = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)];
// noModule scripts are legacy polyfills: browsers that support modules neither fetch nor run them.
const legacy = tags.filter((match) => /nomodule/i.test(match[0])).map((match) => match[1]);
const sources = [...new Set(tags.filter((match) => !/nomodule/i.test(match[0])).map((match) => match[1]))];

let total = 0;
for (const src of sources) {
  const path = join(root, process.env.HARBOR_NEXT_DIST_DIR || ".next", decodeURIComponent(src.replace(/^\/_next\//, "")).split("?")[0]);
  const size = gzipSync(readFileSync(path), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${src}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} kB  total (gzip -9, ${sources.length} files)`);
if (legacy.length) console.log(`not counted (noModule, skipped by modern browsers): ${legacy.join(", ")}`);
