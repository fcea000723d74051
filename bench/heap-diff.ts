// What grew between two V8 heap snapshots, by object kind:  npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [per] [top]
// Self sizes summed per constructor (or per node type for strings, closures, arrays, code); with
// `per` (e.g. 1000 connections) each row is also divided by it. Used to see what an idle live
// connection holds (bench/idle-live.ts with LIVE_HEAP_SNAPSHOTS=<dir>).
import fs from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

// HEAP_DIFF_DETAIL=1 also names closures, object shapes and hidden nodes.
const detail = Boolean(process.env.HEAP_DIFF_DETAIL);

function summary(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt!]!]!;
    const named = type === "object" || type === "native" || (detail && (type === "closure" || type === "object shape" || type === "hidden"));
    const key = named ? `${type} ${snap.strings[snap.nodes[i + nameAt!]!]}` : type;
    const row = out.get(key) ?? { count: 0, size: 0 };
    row.count++;
    row.size += snap.nodes[i + sizeAt!]!;
    out.set(key, row);
  }
  return out;
}

const [beforeFile, afterFile, perArg, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error("usage: tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [per] [top]");
const per = Number(perArg ?? 1);
const before = summary(beforeFile);
const after = summary(afterFile);
const rows = [...after].map(([key, a]) => {
  const b = before.get(key) ?? { count: 0, size: 0 };
  return { key, count: a.count - b.count, size: a.size - b.size };
});
rows.sort((x, y) => y.size - x.size);
const total = rows.reduce((sum, r) => sum + r.size, 0);
console.log(`| kind | count / ${per} | bytes / ${per} |\n|---|---|---|`);
for (const r of rows.slice(0, Number(topArg ?? 25))) console.log(`| ${r.key} | ${(r.count / per).toFixed(2)} | ${(r.size / per).toFixed(0)} |`);
console.log(`| all | | ${(total / per).toFixed(0)} |`);
