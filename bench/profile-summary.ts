// Top self-time functions of a V8 CPU profile:  tsx bench/profile-summary.ts <file.cpuprofile> [top]
// Also groups self time by package (node_modules/<name>), our code (backend/, contracts/) and Node.
import fs from "node:fs";

process.stdout.on("error", () => process.exit(0)); // piped into head

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const profile = JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const top = Number(process.argv[3] ?? 25) || 25;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    const [scope = "", name = ""] = rest;
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  if (/\/(backend|contracts|bench)\//.test(url)) return "our code";
  if (url.startsWith("node:")) return "node";
  return url ? "other" : "(native / gc / idle)";
};
const groupOf = (fn: string, url: string) => (url ? where(url) : `(${fn.replace(/[()]/g, "") || "native"})`);
const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|backend|contracts|bench)\//, "$1/");

const fns = new Map<string, number>();
const groups = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const key = `${functionName || "(anonymous)"}  ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + t);
  groups.set(groupOf(functionName, url), (groups.get(groupOf(functionName, url)) ?? 0) + t);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1)}%`.padStart(6);
console.log(`total ${(total / 1e6).toFixed(2)} s sampled\n\nself time by origin:`);
for (const [k, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(t)}  ${k}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${k}`);

// Inclusive time of our own functions (each sample counted once per function on its stack).
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url } = byId.get(at)!.callFrame;
    if (where(url) !== "our code") continue;
    const key = `${functionName || "(anonymous)"}  ${shortUrl(url)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
console.log(`\nour functions by inclusive time:`);
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${k}`);
