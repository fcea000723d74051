// The API as plain JavaScript for production (docs/decisions/022-built-api-for-production.md):
//   npm run build -w backend   ->  dist/server.js, dist/staff.js, dist/seed-demo.js
// esbuild bundles our code and @harbor/contracts (TypeScript source, so Node cannot load it as
// it is); every other package stays an import of node_modules, as under tsx. The bundles sit
// flat in dist/, one level below backend/ like src/, so src/backend-dir.ts finds the same folder.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { dependencies } = JSON.parse(fs.readFileSync(path.join(backendDir, "package.json"), "utf8"));
// Marking a package external covers its subpaths too (e.g. "kysely/helpers/postgres").
const external = Object.keys(dependencies).filter((name) => name !== "@harbor/contracts");

const outdir = path.join(backendDir, "dist");
fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: backendDir,
  entryPoints: [
    { in: "src/server.ts", out: "server" },
    { in: "src/cli/staff.ts", out: "staff" },
    { in: "src/cli/seed-demo.ts", out: "seed-demo" },
  ],
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  // No code splitting: a shared chunk would sit in dist/chunks/, where import.meta.url (and so
  // BACKEND_DIR) points one folder too deep. Each entry is one self-contained file.
  // Readable stack traces without a flag: names and layout kept, not minified. The map is for tools.
  sourcemap: "linked",
  logLevel: "warning",
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
console.log(`backend built: dist/ (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} kB)`);
