// The API's memory at idle after start (README.md, "API memory at idle"):  npm run bench:memory
// Starts the API the way `npm start` does (a new SQLite file, no REDIS_URL, no MISTRAL_API_KEY: the
// offline responder), waits until GET /api/health answers, then reads VmRSS of the process and of
// its children (the tsx CLI runs the app in a child) from /proc at SAMPLE_AT seconds after that:
// V8 gives back the young generation grown during start-up only once the process has been idle a
// while (its memory reducer), so early and later samples differ. Each way of starting runs RUNS
// times, one after the other, never at once.
//   IDLE_MEMORY_STARTS=built,tsx-cli  picks the ways (default: all below).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { backendDir, sleep, stop, tempDir } from "./lib";

const PORT = 3211;
const RUNS = Number(process.env.RUNS ?? 3);
const SAMPLE_AT = (process.env.SAMPLE_AT ?? "5,10,20,30,60").split(",").map(Number);
const tsxCli = path.join(backendDir, "..", "node_modules", "tsx", "dist", "cli.mjs");

/** The ways of starting the API: what backend's `npm start` ran before (tsx CLI) and runs now (built JS). */
const STARTS: Record<string, string[]> = {
  "tsx-cli": [tsxCli, "src/server.ts"],
  "node-import-tsx": ["--import", "tsx", "src/server.ts"],
  built: ["dist/server.js"],
};
const chosen = (process.env.IDLE_MEMORY_STARTS ?? Object.keys(STARTS).join(",")).split(",");

const vmRss = (pid: number): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
};
/** The process and every descendant (the tsx CLI's child that runs the app). */
const tree = (pid: number): number[] => {
  const children = fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
    .filter(Boolean)
    .map(Number);
  return [pid, ...children.flatMap(tree)];
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function healthy(deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no answer from /api/health in ${deadlineMs} ms`);
}

if (chosen.includes("built")) {
  const built = spawnSync("npm", ["run", "build", "-w", "backend"], { cwd: path.join(backendDir, ".."), stdio: "inherit" });
  if (built.status !== 0) throw new Error("npm run build -w backend failed");
}

const rows: string[] = [];
for (const name of chosen) {
  const args = STARTS[name];
  if (!args) throw new Error(`unknown start ${name}: one of ${Object.keys(STARTS).join(", ")}`);
  for (let run = 1; run <= RUNS; run++) {
    const dir = tempDir();
    let child: ChildProcess | undefined;
    try {
      // Only what `npm start` sets: no REDIS_URL, no MISTRAL_API_KEY, no DATABASE_URL.
      const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.homedir() };
      child = spawn(process.execPath, args, {
        cwd: backendDir,
        env: { ...env, PORT: String(PORT), HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "idle.sqlite"), LOG_LEVEL: "warn" },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const t0 = performance.now();
      await healthy(30_000);
      const ready = performance.now() - t0;
      const healthyAt = performance.now();
      const samples: number[] = [];
      let processes = 0;
      for (const at of SAMPLE_AT) {
        await sleep(Math.max(0, healthyAt + at * 1000 - performance.now()));
        const rss = tree(child.pid!).map(vmRss);
        processes = rss.length;
        samples.push(rss.reduce((sum, one) => sum + one, 0));
      }
      rows.push(`| ${name} | ${run} | ${processes} | ${(ready / 1000).toFixed(2)} s | ${samples.map(mb).join(" | ")} |`);
      console.error(rows.at(-1));
    } finally {
      await stop(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log(
  [
    `API memory at idle, Node ${process.version}, ${os.cpus().length} cores, load ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`,
    "VmRSS (MB) of the process and its children, n s after /api/health first answered",
    "",
    `| start | run | processes | start to healthy | ${SAMPLE_AT.map((at) => `${at} s`).join(" | ")} |`,
    `|---|---|---|---|${SAMPLE_AT.map(() => "---").join("|")}|`,
    ...rows,
  ].join("\n"),
);
