// Sums the gzip size of every script the prerendered chat page ("/") references: what a first
// visit downloads before the shopper does anything. Run after `npm run build -w frontend`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const html = readFileSync(join(root, ".next/server/app/index.html"), "utf8");
const tags = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)];
// noModule scripts are legacy polyfills: browsers that support modules neither fetch nor run them.
const legacy = tags.filter((match) => /nomodule/i.test(match[0])).map((match) => match[1]);
const sources = [...new Set(tags.filter((match) => !/nomodule/i.test(match[0])).map((match) => match[1]))];

let total = 0;
for (const src of sources) {
  const path = join(root, ".next", decodeURIComponent(src.replace(/^\/_next\//, "")).split("?")[0]);
  const size = gzipSync(readFileSync(path), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${src}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} kB  total (gzip -9, ${sources.length} files)`);
if (legacy.length) console.log(`not counted (noModule, skipped by modern browsers): ${legacy.join(", ")}`);
