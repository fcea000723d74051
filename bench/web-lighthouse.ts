// The web app's pages under Lighthouse (README.md, "Web app"): mobile performance, 5 runs of each.
//   npm --prefix bench install     (once: Lighthouse, chrome-launcher and puppeteer-core are bench's own packages)
//   npm run bench:web              (root: builds, starts, 5 runs of each page; BENCH_RUNS=9 or --runs 9)
//   npm run bench:web -- --no-build --pages chat,help   (reuse the last bench build; only some pages)
//   BENCH_REPORTS=1 npm run bench:web   (also every run's full result: bench/results/web-lighthouse-*.lhr.json)
// What it does, as `npm start` does but on ports of its own (so an e2e run on 3000/3001 is not in
// the way): builds the web app (widget.js, then `next build --webpack` into frontend/.next-bench,
// with the API's address 127.0.0.1:3301 baked into the client code as NEXT_PUBLIC_API_URL is),
// starts the API on 3301 (a fresh SQLite file, no Redis, no model key: the offline responder) and
// the web app on 3300, then prepares what the pages need:
//   - a staff owner (the staff CLI), signed in through POST /api/staff/login: its session cookie is
//     put in the browser before /console is audited;
//   - the demo conversations (seed:demo), so the console's inbox is a real one;
//   - a 50-message conversation: 25 POST /api/chat with one visitor token, the offline responder
//     answering each; the token goes into the browser's localStorage ("harbor.visitorToken", where
//     the chat keeps it) before /c/:id is audited.
// Then Lighthouse's performance category, default settings (mobile emulation, simulated throttling:
// slow 4G, CPU x4), on every page in turn, round after round, each run in a fresh Chrome (new
// profile, empty cache). Lighthouse clears the cache but not localStorage or cookies before it loads
// the page, so what was put there is what a returning shopper or a signed-in owner has.
// Per run: score, TBT, LCP, CLS, FCP, SI, main-thread time and its breakdown, the 1-minute load
// average before it. Printed as a table, written to bench/results/web-lighthouse-<time>.json.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { here, LIMITS_OFF, sleep, tempDir } from "./lib";
import type { LighthouseResult } from "./lighthouse-result";

const PORTS = { api: 3301, web: 3300 } as const;
const WEB = `http://localhost:${PORTS.web}`;
const API = `http://localhost:${PORTS.api}`;
// What Node itself calls (the orchestrator, the web app's server side): "localhost" may be ::1 there.
const API_DIRECT = `http://127.0.0.1:${PORTS.api}`;
const DIST_DIR = ".next-bench";
const CHROME_PATH = "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const STAFF = { email: "bench-owner@harborandpine.test", name: "Bench Owner", password: "bench-owner-password-1" };
const STAFF_COOKIE = "harbor_staff_session";
const VISITOR_TOKEN_KEY = "harbor.visitorToken";

const rootDir = path.join(here, "..");
const frontendDir = path.join(rootDir, "frontend");
const backendDir = path.join(rootDir, "backend");
const nextBin = path.join(rootDir, "node_modules", "next", "dist", "bin", "next");

// ---- Arguments -------------------------------------------------------------------------------

function argument(name: string): string | undefined {
  const flag = process.argv.indexOf(`--${name}`);
  return flag >= 0 ? process.argv[flag + 1] : undefined;
}

const runs = Number(argument("runs") ?? process.env.BENCH_RUNS ?? "5");
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs (or BENCH_RUNS) must be a whole number of at least 1, not ${argument("runs") ?? process.env.BENCH_RUNS}`);
  process.exit(1);
}
const build = !process.argv.includes("--no-build");
const saveReports = process.env.BENCH_REPORTS === "1" || process.argv.includes("--reports");

// ---- The pages -------------------------------------------------------------------------------

interface Prepared {
  conversationId: string;
  visitorToken: string;
  staffSession: string;
}

interface Page {
  key: string;
  path(prepared: Prepared): string;
  /** What the browser holds before the run (localStorage of the web app's origin, the staff cookie). */
  storage?(prepared: Prepared): Record<string, string>;
  signedIn?: boolean;
  /** A script each run must have fetched (200). */
  loads?: string;
  /** Text the rendered page must show: checked once before the runs, in a browser like theirs. */
  shows(prepared: Prepared): string[];
}

const QUESTIONS = [
  "What is your return policy?",
  "How long does shipping take?",
  "Do you ship to Canada?",
  "How do I season a cast iron skillet?",
  "Is the skillet oven safe?",
];
const question = (n: number) => `${QUESTIONS[(n - 1) % QUESTIONS.length]} (question ${n} of 25)`;

const PAGES: Page[] = [
  { key: "chat", path: () => "/", shows: () => ["Send"] },
  {
    key: "conversation",
    path: (p) => `/c/${p.conversationId}`,
    storage: (p) => ({ [VISITOR_TOKEN_KEY]: p.visitorToken }),
    shows: () => [question(1), question(25)],
  },
  { key: "help", path: () => "/help", shows: () => ["Help"] },
  { key: "console", path: () => "/console", signedIn: true, shows: () => ["Signed in as", STAFF.name] },
  // The widget's button lives in its own shadow root: each run checks that widget.js was loaded.
  { key: "demo-store", path: () => "/demo-store", shows: () => ["Add to cart"], loads: "/widget.js" },
];
const pageFilter = argument("pages")?.split(",");
const pages = pageFilter ? PAGES.filter((page) => pageFilter.includes(page.key)) : PAGES;
if (pages.length === 0) {
  console.error(`--pages takes some of ${PAGES.map((p) => p.key).join(",")}`);
  process.exit(1);
}

// ---- Processes -------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Gone already.
  }
};
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  await Promise.race([exited, sleep(5000).then(() => killGroup(child, "SIGKILL"))]);
}

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    input: options.input,
    stdio: [options.input === undefined ? "ignore" : "pipe", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/** A server in a process group of its own, so stopping it stops what it started too. */
function startProcess(command: string, args: string[], cwd: string, env: Record<string, string>, log: string): ChildProcess {
  const out = fs.openSync(log, "w");
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", out, out], detached: true });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function waitFor(url: string, child: ChildProcess) {
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (child.exitCode !== null) throw new Error(`the process for ${url} exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer in 60 s`);
}

/** next build rewrites next-env.d.ts to point at its dist folder: the repository's copy stays as it is. */
function buildWebApp() {
  const nextEnv = path.join(frontendDir, "next-env.d.ts");
  const kept = fs.readFileSync(nextEnv, "utf8");
  try {
    run(process.execPath, [path.join(frontendDir, "scripts", "build-widget.mjs")], { cwd: frontendDir });
    run(process.execPath, [nextBin, "build", "--webpack"], {
      cwd: frontendDir,
      env: { HARBOR_NEXT_DIST_DIR: DIST_DIR, NEXT_PUBLIC_API_URL: API, NEXT_TELEMETRY_DISABLED: "1" },
    });
  } finally {
    fs.writeFileSync(nextEnv, kept);
  }
}

async function api<T>(method: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(`${API_DIRECT}${route}`, {
    method,
    headers: { "content-type": "application/json", origin: WEB, ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return { body: (await response.json()) as T, headers: response.headers };
}

/** Before the API starts (its database file, through the CLIs a store owner uses). */
function prepareDatabase(databaseEnv: Record<string, string>) {
  run(process.execPath, ["--import", "tsx", "src/cli/staff.ts", "add", "--email", STAFF.email, "--name", STAFF.name, "--role", "owner"], {
    cwd: backendDir,
    env: databaseEnv,
    input: `${STAFF.password}\n`,
  });
  run(process.execPath, ["--import", "tsx", "src/cli/seed-demo.ts"], { cwd: backendDir, env: databaseEnv });
}

/** Through the running API: the staff session, the 50-message conversation. */
async function prepare(): Promise<Prepared> {
  const login = await api<unknown>("POST", "/api/staff/login", { email: STAFF.email, password: STAFF.password });
  const staffSession = login.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${STAFF_COOKIE}=`))?.slice(STAFF_COOKIE.length + 1);
  if (!staffSession) throw new Error("POST /api/staff/login set no session cookie");

  let conversationId: string | undefined;
  let visitorToken: string | undefined;
  for (let n = 1; n <= 25; n++) {
    const turn = await api<{ conversationId: string; reply: unknown }>(
      "POST",
      "/api/chat",
      { message: question(n), ...(conversationId ? { conversationId } : {}) },
      visitorToken ? { authorization: `Bearer ${visitorToken}` } : {},
    );
    if (!turn.body.reply) throw new Error(`turn ${n} got no reply`);
    conversationId = turn.body.conversationId;
    visitorToken ??= turn.headers.get("x-visitor-token") ?? undefined;
    if (!visitorToken) throw new Error("the first chat turn gave no visitor token");
  }
  return { conversationId: conversationId!, visitorToken: visitorToken!, staffSession };
}

// ---- Lighthouse and Chrome -------------------------------------------------------------------


interface BrowserPage {
  goto(url: string, options?: Record<string, unknown>): Promise<unknown>;
  evaluate<T>(fn: (arg: Record<string, string>) => T, arg: Record<string, string>): Promise<T>;
  createCDPSession(): Promise<{ send(method: string, params?: Record<string, unknown>): Promise<unknown> }>;
  waitForFunction(fn: (texts: string[]) => boolean, options: Record<string, unknown>, texts: string[]): Promise<unknown>;
}
interface Browser {
  newPage(): Promise<BrowserPage>;
  disconnect(): Promise<void>;
}

// Named through variables, so TypeScript does not resolve them: the root type-check (which
// includes bench/) runs on clones where bench's own packages are not installed.
const LIGHTHOUSE = "lighthouse";
const CHROME_LAUNCHER = "chrome-launcher";
const PUPPETEER = "puppeteer-core";

interface Tools {
  lighthouse(url: string, flags: Record<string, unknown>, config: undefined, page: BrowserPage): Promise<{ lhr: LighthouseResult } | undefined>;
  launch(options: Record<string, unknown>): Promise<{ port: number; process: ChildProcess; kill(): void }>;
  connect(options: Record<string, unknown>): Promise<Browser>;
}

async function loadTools(): Promise<Tools> {
  try {
    const [lighthouse, launcher, puppeteer] = await Promise.all([import(LIGHTHOUSE), import(CHROME_LAUNCHER), import(PUPPETEER)]);
    return { lighthouse: lighthouse.default, launch: launcher.launch, connect: puppeteer.default.connect };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    console.error("Lighthouse is not installed. Run `npm --prefix bench install` once.");
    process.exit(1);
  }
}

/**
 * A fresh Chrome (new profile: nothing cached, nothing stored), given what the page needs: the
 * visitor token in localStorage (set on a static file of the origin, so no app code is cached by
 * it; Lighthouse clears the cache anyway) and the staff cookie. Gone when `use` is done.
 */
async function withBrowser<T>(tools: Tools, page: Page, prepared: Prepared, use: (tab: BrowserPage) => Promise<T>): Promise<T> {
  const chrome = await tools.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: "silent" });
  let browser: Browser | undefined;
  try {
    browser = await tools.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
    const tab = await browser.newPage();
    const storage = page.storage?.(prepared);
    if (storage) {
      await tab.goto(`${WEB}/icon.svg`);
      await tab.evaluate((entries) => {
        for (const [key, value] of Object.entries(entries)) window.localStorage.setItem(key, value);
      }, storage);
    }
    if (page.signedIn) {
      const cdp = await tab.createCDPSession();
      await cdp.send("Network.setCookie", { name: STAFF_COOKIE, value: prepared.staffSession, url: API, httpOnly: true, sameSite: "Lax" });
    }
    return await use(tab);
  } finally {
    await browser?.disconnect().catch(() => {});
    const exited = chrome.process.exitCode === null ? new Promise((resolve) => chrome.process.once("exit", resolve)) : null;
    chrome.kill();
    await exited;
  }
}

async function lighthouseRun(tools: Tools, page: Page, prepared: Prepared): Promise<LighthouseResult> {
  const url = `${WEB}${page.path(prepared)}`;
  return withBrowser(tools, page, prepared, async (tab) => {
    // No config: the default one, i.e. mobile emulation (Moto G Power) and simulated throttling
    // (slow 4G, CPU x4), as PageSpeed Insights measures.
    const result = await tools.lighthouse(url, { output: "json", logLevel: "error", onlyCategories: ["performance"] }, undefined, tab);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    // A console run that was sent to the sign-in page measured the wrong page.
    if (lhr.finalDisplayedUrl !== url) throw new Error(`Lighthouse on ${url} ended on ${lhr.finalDisplayedUrl}`);
    if (page.loads) {
      const request = lhr.audits["network-requests"]?.details?.items?.find((item) => item.url === `${WEB}${page.loads}`);
      if (request?.statusCode !== 200) throw new Error(`Lighthouse on ${url}: ${page.loads} was not loaded (${JSON.stringify(request?.statusCode)})`);
    }
    return lhr;
  });
}

/** Once, before the runs: each page, in a browser prepared as the runs' are, shows what it should. */
async function checkPages(tools: Tools, prepared: Prepared) {
  for (const page of pages) {
    const texts = page.shows(prepared);
    await withBrowser(tools, page, prepared, async (tab) => {
      await tab.goto(`${WEB}${page.path(prepared)}`, { waitUntil: "load" });
      await tab
        .waitForFunction((expected) => expected.every((text) => document.body.innerText.includes(text)), { timeout: 20_000 }, texts)
        .catch(() => {
          throw new Error(`${page.path(prepared)} does not show ${JSON.stringify(texts)}`);
        });
    });
  }
}

// ---- The figures -----------------------------------------------------------------------------

interface Metric {
  key: string;
  unit: "" | "ms";
  read(lhr: LighthouseResult): number;
}
const audit = (id: string) => (lhr: LighthouseResult) => {
  const value = lhr.audits[id]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse gave no value for ${id}`);
  return value;
};
const METRICS: Metric[] = [
  { key: "score", unit: "", read: (lhr) => Math.round(100 * (lhr.categories.performance.score ?? NaN)) },
  { key: "tbt", unit: "ms", read: audit("total-blocking-time") },
  { key: "lcp", unit: "ms", read: audit("largest-contentful-paint") },
  { key: "cls", unit: "", read: audit("cumulative-layout-shift") },
  { key: "fcp", unit: "ms", read: audit("first-contentful-paint") },
  { key: "si", unit: "ms", read: audit("speed-index") },
  { key: "mainThread", unit: "ms", read: audit("mainthread-work-breakdown") },
];

/** Where the main thread's time went (Lighthouse's diagnostics): by kind, and the costliest scripts. */
function diagnostics(lhr: LighthouseResult) {
  const byGroup = Object.fromEntries(
    (lhr.audits["mainthread-work-breakdown"]?.details?.items ?? []).map((item) => [String(item.groupLabel ?? item.group), Math.round(Number(item.duration))]),
  );
  const scripts = (lhr.audits["bootup-time"]?.details?.items ?? [])
    .slice(0, 5)
    .map((item) => ({ url: String(item.url).replace(WEB, ""), total: Math.round(Number(item.total)), scripting: Math.round(Number(item.scripting)) }));
  const longTasks = (lhr.audits["long-tasks"]?.details?.items ?? [])
    .slice(0, 5)
    .map((item) => ({ url: String(item.url).replace(WEB, ""), start: Math.round(Number(item.startTime)), duration: Math.round(Number(item.duration)) }));
  const lcpElement = (lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0] as { items?: { node?: { snippet?: string } }[] } | undefined)?.items?.[0]?.node?.snippet;
  return { byGroup, scripts, longTasks, lcpElement };
}

interface Run {
  page: string;
  round: number;
  figures: Record<string, number>;
  /** The machine's 1-minute load average before the run, and Lighthouse's CPU benchmark in its
   * Chrome: on a busy machine the observed task times, and with them the simulated TBT, grow. */
  loadAverage: number;
  benchmarkIndex: number;
  diagnostics: ReturnType<typeof diagnostics>;
  warnings: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const show = (metric: Metric, value: number) => (metric.key === "cls" ? String(Number(value.toFixed(3))) : `${Math.round(value)}`);

/** The figures so far (written after every run, so a stopped bench leaves what it measured). */
function writeResults() {
  const summary = pages.map((page) => {
    const mine = results.filter((r) => r.page === page.key);
    const figure = (key: string) => mine.map((r) => r.figures[key]!);
    return {
      page: page.key,
      path: page.path(prepared!),
      scores: figure("score"),
      atLeast95: figure("score").filter((s) => s >= 95).length,
      medians: Object.fromEntries(METRICS.map((metric) => [metric.key, median(figure(metric.key))])),
      tbt: figure("tbt").map(Math.round),
      lcp: figure("lcp").map(Math.round),
      cls: figure("cls").map((v) => Number(v.toFixed(3))),
      loadAverages: mine.map((r) => r.loadAverage),
    };
  });

  const lines = [
    `Lighthouse ${browserInfo?.lighthouse} mobile (simulated throttling), ${runs} runs per page, pages interleaved; ${browserInfo?.userAgent}`,
    `Node ${process.version}, ${os.cpus().length} cores, ${date}; web app of ${source.commit}${source.uncommittedChanges ? " with uncommitted changes" : ""}`,
    `machine load average (1 min) over the runs: ${Math.min(...results.map((r) => r.loadAverage))}-${Math.max(...results.map((r) => r.loadAverage))}`,
    "",
    "| page | scores | ≥ 95 | TBT ms | LCP ms | CLS | median score / TBT / LCP |",
    "|---|---|---|---|---|---|---|",
    ...summary.map(
      (s) =>
        `| ${s.page === "conversation" ? "/c/:id" : s.path} | ${s.scores.join(", ")} | ${s.atLeast95}/${s.scores.length} | ${s.tbt.join(", ")} | ${s.lcp.join(", ")} | ${s.cls.join(", ")} | ${s.medians.score} / ${Math.round(s.medians.tbt!)} / ${Math.round(s.medians.lcp!)} |`,
    ),
  ];

  const file = `${stem}.json`;
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        date,
        machine: { node: process.version, cores: os.cpus().length, ...browserInfo },
        settings: { runs, chromeFlags: CHROME_FLAGS, emulation: "mobile (Lighthouse default)", throttling: "simulate (Lighthouse default)" },
        source,
        summary,
        runs: results,
      },
      null,
      2,
    ),
  );
  return { file, lines };
}

// ---- The run ---------------------------------------------------------------------------------

const date = new Date().toISOString();
const resultsDir = path.join(here, "results");
const stem = path.join(resultsDir, `web-lighthouse-${date.replace(/[:.]/g, "-")}`);
fs.mkdirSync(resultsDir, { recursive: true });
const tools = await loadTools();
const git = (...args: string[]) => spawnSync("git", args, { cwd: here, encoding: "utf8" }).stdout?.trim() ?? "";
const source = { commit: git("rev-parse", "--short", "HEAD"), uncommittedChanges: git("status", "--porcelain", "--", frontendDir) !== "" };

if (build) buildWebApp();
else if (!fs.existsSync(path.join(frontendDir, DIST_DIR, "BUILD_ID")) || !fs.existsSync(path.join(frontendDir, "public", "widget.js")))
  throw new Error(`--no-build: there is no frontend/${DIST_DIR} or frontend/public/widget.js yet`);

const workDir = tempDir();
const databaseEnv = { DATABASE_PATH: path.join(workDir, "bench-web.sqlite"), DATABASE_URL: "" };
console.log(`servers' output: ${workDir}/api.log, ${workDir}/web.log`);
prepareDatabase(databaseEnv);
const apiProcess = startProcess(process.execPath, ["--import", "tsx", "src/server.ts"], backendDir, {
  ...databaseEnv,
  NODE_ENV: "production",
  PORT: String(PORTS.api),
  HOST: "127.0.0.1",
  MISTRAL_API_KEY: "",
  REDIS_URL: "",
  CORS_ORIGIN: WEB,
  ...LIMITS_OFF,
  LOG_LEVEL: "warn",
}, path.join(workDir, "api.log"));
const webProcess = startProcess(process.execPath, [nextBin, "start", "-p", String(PORTS.web)], frontendDir, {
  HARBOR_NEXT_DIST_DIR: DIST_DIR,
  API_URL: API_DIRECT,
  NEXT_TELEMETRY_DISABLED: "1",
}, path.join(workDir, "web.log"));
const results: Run[] = [];
let browserInfo: { lighthouse: string; userAgent: string } | undefined;
let prepared: Prepared;
try {
  await waitFor(`${API_DIRECT}/api/health`, apiProcess);
  await waitFor(`http://127.0.0.1:${PORTS.web}/icon.svg`, webProcess);
  console.log("API and web app up; signing in the staff owner, writing the 50-message conversation");
  prepared = await prepare();
  console.log("checking what each page shows");
  await checkPages(tools, prepared);
  console.log(`ready: conversation ${prepared.conversationId} (50 messages), staff ${STAFF.email} signed in`);

  for (let round = 1; round <= runs; round++) {
    for (const page of pages) {
      const loadAverage = Number(os.loadavg()[0]!.toFixed(2));
      const lhr = await lighthouseRun(tools, page, prepared);
      if (saveReports) fs.writeFileSync(`${stem}-${round}-${page.key}.lhr.json`, JSON.stringify(lhr));
      const figures = Object.fromEntries(METRICS.map((metric) => [metric.key, metric.read(lhr)]));
      results.push({ page: page.key, round, figures, loadAverage, benchmarkIndex: lhr.environment.benchmarkIndex, diagnostics: diagnostics(lhr), warnings: lhr.runWarnings });
      console.log(
        `run ${round}/${runs} ${page.key.padEnd(12)} ` +
          METRICS.map((metric) => `${metric.key} ${show(metric, figures[metric.key]!)}`).join(", ") +
          ` (CPU benchmark ${Math.round(lhr.environment.benchmarkIndex)}, load ${loadAverage})`,
      );
      for (const warning of lhr.runWarnings) console.log(`  warning: ${warning}`);
      browserInfo ??= { lighthouse: lhr.lighthouseVersion, userAgent: lhr.environment.hostUserAgent };
      writeResults();
    }
  }
} finally {
  await Promise.all([stopProcess(apiProcess), stopProcess(webProcess)]);
}

const { file, lines } = writeResults();
console.log(`\n${lines.join("\n")}\n\n${path.relative(process.cwd(), file)}`);
