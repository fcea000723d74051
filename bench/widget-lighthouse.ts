// What widget.js costs a store's page (README.md): Lighthouse on a Harbor & Pine product page
// without and with the tag.
//   npm --prefix bench install     (once: Lighthouse and chrome-launcher are bench's own packages)
//   npm run bench:widget           (5 runs of each page; BENCH_RUNS=9, or --runs 9 when run directly)
//   BENCH_REPORTS=1 npm run bench:widget   (also every run's full Lighthouse result, to open in the
//                                           Lighthouse viewer: bench/results/widget-lighthouse-*.lhr.json)
// Builds widget.js as production does, serves it from a "support host" (127.0.0.1:4300) and the
// store's page from another origin (127.0.0.1:4301, bench/widget-sites.ts, its own process), then
// runs Lighthouse's performance category (default mobile emulation, simulated throttling) on
// /without and /with, interleaved, each run in a fresh Chrome (a new profile: nothing cached).
// Medians and deltas are printed and written to bench/results/widget-lighthouse-<time>.json.
import { spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { here, startNode, stop, tempDir } from "./lib";
import type { LighthouseResult } from "./lighthouse-result";

const PORTS = { support: 4300, store: 4301 } as const;
const STORE = `http://127.0.0.1:${PORTS.store}`;
const WIDGET_URL = `http://127.0.0.1:${PORTS.support}/widget.js`;
const CHROME_PATH = "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const VARIANTS = ["without", "with"] as const;
type Variant = (typeof VARIANTS)[number];

const frontendDir = path.join(here, "..", "frontend");
const buildScript = path.join(frontendDir, "scripts", "build-widget.mjs");
const widgetFile = path.join(frontendDir, "public", "widget.js");

// ---- The figures, as Lighthouse reports them -------------------------------------------------


interface Metric {
  key: string;
  label: string;
  unit: "" | "ms" | "bytes";
  read(lhr: LighthouseResult): number;
}

const audit = (id: string) => (lhr: LighthouseResult) => {
  const value = lhr.audits[id]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse gave no value for ${id}`);
  return value;
};
const diagnostic = (name: string) => (lhr: LighthouseResult) => Number(lhr.audits.diagnostics?.details?.items?.[0]?.[name]);

const METRICS: Metric[] = [
  { key: "score", label: "Performance score", unit: "", read: (lhr) => Math.round(100 * (lhr.categories.performance.score ?? NaN)) },
  { key: "tbt", label: "Total blocking time", unit: "ms", read: audit("total-blocking-time") },
  { key: "cls", label: "Cumulative layout shift", unit: "", read: audit("cumulative-layout-shift") },
  { key: "fcp", label: "First contentful paint", unit: "ms", read: audit("first-contentful-paint") },
  { key: "lcp", label: "Largest contentful paint", unit: "ms", read: audit("largest-contentful-paint") },
  { key: "si", label: "Speed index", unit: "ms", read: audit("speed-index") },
  { key: "requests", label: "Requests", unit: "", read: diagnostic("numRequests") },
  { key: "bytes", label: "Transferred", unit: "bytes", read: diagnostic("totalByteWeight") },
  // Not a target; shows where a TBT change would come from (CPU time x4, as simulated).
  { key: "mainThread", label: "Main-thread work", unit: "ms", read: audit("mainthread-work-breakdown") },
];

type Figures = Record<string, number>;

interface Run {
  variant: Variant;
  round: number;
  figures: Figures;
  /** widget.js as this run fetched it (only with the tag). */
  widget?: { status: number; transferSize: number };
  /** Lighthouse's CPU benchmark in this run's Chrome, and the machine's 1-minute load average before
   * it: on a busy machine the observed task times, and with them the simulated TBT, grow. */
  benchmarkIndex: number;
  loadAverage: number;
  warnings: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function format(metric: Metric, value: number, signed = false): string {
  const sign = signed && value > 0 ? "+" : "";
  if (metric.key === "cls") return `${sign}${Number(value.toFixed(4))}`;
  if (metric.unit === "bytes") return `${sign}${Math.round(value).toLocaleString("en-US")} B`;
  return `${sign}${Number(value.toFixed(1)).toLocaleString("en-US")}${metric.unit ? ` ${metric.unit}` : ""}`;
}

// ---- Lighthouse and Chrome -------------------------------------------------------------------

// Named through variables, so TypeScript does not resolve them: the root type-check (which
// includes bench/) runs on clones where bench's own packages are not installed.
const LIGHTHOUSE = "lighthouse";
const CHROME_LAUNCHER = "chrome-launcher";

interface Tools {
  lighthouse(url: string, flags: Record<string, unknown>): Promise<{ lhr: LighthouseResult } | undefined>;
  launch(options: Record<string, unknown>): Promise<{ port: number; process: ChildProcess; kill(): void }>;
}

async function loadTools(): Promise<Tools> {
  try {
    const [lighthouse, launcher] = await Promise.all([import(LIGHTHOUSE), import(CHROME_LAUNCHER)]);
    return { lighthouse: lighthouse.default, launch: launcher.launch };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    console.error("Lighthouse is not installed. Run `npm --prefix bench install` once.");
    process.exit(1);
  }
}

/**
 * One Lighthouse run in a Chrome of its own (a new temporary profile: empty cache and storage),
 * started for it and gone before the next starts, so no two browsers share the CPU. Its debugging
 * port is one the system picks (32768 and up): a fixed one can still be held by the last Chrome,
 * which chrome-launcher then takes for a running browser to reuse.
 */
async function lighthouseRun(tools: Tools, url: string): Promise<LighthouseResult> {
  const chrome = await tools.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: "silent" });
  try {
    // No config: the default one, i.e. mobile emulation (Moto G Power) and simulated throttling
    // (slow 4G, CPU x4), as PageSpeed Insights measures.
    const result = await tools.lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    return lhr;
  } finally {
    const exited = chrome.process.exitCode === null ? new Promise((resolve) => chrome.process.once("exit", resolve)) : null;
    chrome.kill();
    await exited;
  }
}

function widgetRequest(lhr: LighthouseResult): Run["widget"] {
  const item = lhr.audits["network-requests"]?.details?.items?.find((request) => request.url === WIDGET_URL);
  return item ? { status: Number(item.statusCode), transferSize: Number(item.transferSize) } : undefined;
}

// ---- The run ---------------------------------------------------------------------------------

function runCount(): number {
  const flag = process.argv.indexOf("--runs");
  const value = flag >= 0 ? process.argv[flag + 1] : (process.env.BENCH_RUNS ?? "5");
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs (or BENCH_RUNS) must be a whole number of at least 1, not ${value}`);
    process.exit(1);
  }
  return runs;
}

const runs = runCount();
const saveReports = process.env.BENCH_REPORTS === "1" || process.argv.includes("--reports");
const date = new Date().toISOString();
const resultsDir = path.join(here, "results");
const stem = path.join(resultsDir, `widget-lighthouse-${date.replace(/[:.]/g, "-")}`);
fs.mkdirSync(resultsDir, { recursive: true });
const tools = await loadTools();

const build = spawnSync(process.execPath, [buildScript], { stdio: "inherit" });
if (build.status !== 0) throw new Error(`${buildScript} exited with ${build.status}`);
const widgetCode = fs.readFileSync(widgetFile);
const size = { raw: widgetCode.length, gzip: gzipSync(widgetCode, { level: 9 }).length };
// Which loader was measured: the commit, and whether its source differed from it.
const git = (...args: string[]) => spawnSync("git", args, { cwd: here, encoding: "utf8" }).stdout?.trim() ?? "";
const source = {
  commit: git("rev-parse", "--short", "HEAD"),
  uncommittedChanges: git("status", "--porcelain", "--", path.join(frontendDir, "src", "widget")) !== "",
  sha256: createHash("sha256").update(widgetCode).digest("hex").slice(0, 16),
};
console.log(
  `widget.js: ${size.raw.toLocaleString("en-US")} bytes, ${size.gzip.toLocaleString("en-US")} bytes gzip -9 ` +
    `(sha256 ${source.sha256}; loader of ${source.commit}${source.uncommittedChanges ? " with uncommitted changes" : ""})`,
);

// Served from a copy: the e2e suite rebuilds frontend/public/widget.js and may do so mid-run.
const servedFile = path.join(tempDir(), "widget.js");
fs.writeFileSync(servedFile, widgetCode);
const sites = await startNode("widget-sites.ts", [servedFile, String(PORTS.support), String(PORTS.store)], {});
const results: Run[] = [];
let browser: { lighthouse: string; userAgent: string } | undefined;
try {
  // The pages are what they should be before anything is measured.
  const withPage = await fetch(`${STORE}/with`).then((response) => response.text());
  const withoutPage = await fetch(`${STORE}/without`).then((response) => response.text());
  if (!withPage.includes(WIDGET_URL) || withoutPage.includes(WIDGET_URL)) throw new Error("the store pages do not differ by the tag");

  for (let round = 1; round <= runs; round++) {
    for (const variant of VARIANTS) {
      const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
      const lhr = await lighthouseRun(tools, `${STORE}/${variant}`);
      if (saveReports) fs.writeFileSync(`${stem}-${round}-${variant}.lhr.json`, JSON.stringify(lhr));
      const figures = Object.fromEntries(METRICS.map((metric) => [metric.key, metric.read(lhr)]));
      const widget = widgetRequest(lhr);
      // A "with" run that did not get widget.js measured nothing; a "without" run that did is wrong.
      if (variant === "with" ? widget?.status !== 200 : widget) throw new Error(`run ${round} ${variant}: widget.js request ${JSON.stringify(widget)}`);
      results.push({ variant, round, figures, widget, benchmarkIndex: lhr.environment.benchmarkIndex, loadAverage, warnings: lhr.runWarnings });
      console.log(
        `run ${round}/${runs} ${variant.padEnd(7)} ` +
          METRICS.map((metric) => `${metric.key} ${format(metric, figures[metric.key]!)}`).join(", ") +
          ` (CPU benchmark ${Math.round(lhr.environment.benchmarkIndex)}, load ${loadAverage})`,
      );
      for (const warning of lhr.runWarnings) console.log(`  warning: ${warning}`);
      if (!browser) {
        browser = { lighthouse: lhr.lighthouseVersion, userAgent: lhr.environment.hostUserAgent };
        console.log(`  Lighthouse ${browser.lighthouse}, ${browser.userAgent}`);
      }
    }
  }
} finally {
  await stop(sites);
}

const medians = Object.fromEntries(
  VARIANTS.map((variant) => [
    variant,
    Object.fromEntries(METRICS.map((metric) => [metric.key, median(results.filter((r) => r.variant === variant).map((r) => r.figures[metric.key]!))])),
  ]),
) as Record<Variant, Figures>;
const deltas: Figures = Object.fromEntries(METRICS.map((metric) => [metric.key, medians.with[metric.key]! - medians.without[metric.key]!]));

const spread = (values: number[]) => `${Math.min(...values)}-${Math.max(...values)}`;
const table = [
  `Medians of ${runs} interleaved runs per page; Lighthouse ${browser?.lighthouse} mobile, simulated throttling; Node ${process.version}, ${os.cpus().length} cores, ${date.slice(0, 10)}`,
  `widget.js ${size.raw.toLocaleString("en-US")} bytes, ${size.gzip.toLocaleString("en-US")} gzip -9 (sha256 ${source.sha256}); Lighthouse CPU benchmark ${spread(results.map((r) => Math.round(r.benchmarkIndex)))}, machine load average ${spread(results.map((r) => r.loadAverage))} over the runs`,
  "",
  "| metric | without the tag | with the tag | delta (with − without) |",
  "|---|---|---|---|",
  ...METRICS.map((m) => `| ${m.label} | ${format(m, medians.without[m.key]!)} | ${format(m, medians.with[m.key]!)} | ${format(m, deltas[m.key]!, true)} |`),
];
const targets = [
  `performance score within 1 point: ${Math.abs(deltas.score!) <= 1 ? "met" : "NOT met"} (${format(METRICS[0]!, deltas.score!, true)})`,
  `total blocking time at most +30 ms: ${deltas.tbt! <= 30 ? "met" : "NOT met"} (${format(METRICS[1]!, deltas.tbt!, true)})`,
  `layout shift unchanged: ${deltas.cls === 0 ? "met" : "NOT met"} (${format(METRICS[2]!, deltas.cls!, true)})`,
];
console.log(`\n${table.join("\n")}\n\n${targets.join("\n")}`);

const file = `${stem}.json`;
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date,
      machine: { node: process.version, cores: os.cpus().length, ...browser },
      settings: { runs, chromeFlags: CHROME_FLAGS, emulation: "mobile (Lighthouse default)", throttling: "simulate (Lighthouse default)" },
      widget: { url: WIDGET_URL, rawBytes: size.raw, gzipBytes: size.gzip, ...source },
      medians,
      deltas,
      runs: results,
    },
    null,
    2,
  ),
);
console.log(`\n${path.relative(process.cwd(), file)}`);
