// Builds src/widget/loader.ts into public/widget.js: one minified file, no framework, served by the
// web app as https://SUPPORT_HOST/widget.js. Run before `next build` and `next dev`.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WIDGET_OUTPUT = path.join(frontendDir, "public", "widget.js");

/** The loader as the browser gets it. */
export async function bundleWidget() {
  const result = await build({
    entryPoints: [path.join(frontendDir, "src", "widget", "loader.ts")],
    bundle: true,
    minify: true,
    format: "iife",

    // What the stores' shoppers still run (Safari 13, Chrome 80 and newer).
    target: "es2019",
    legalComments: "none",
    write: false,
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const code = await bundleWidget();
  await mkdir(path.dirname(WIDGET_OUTPUT), { recursive: true });
  await writeFile(WIDGET_OUTPUT, code);
  console.log(`widget.js: ${code.length} bytes`);
}
