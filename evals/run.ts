// `npm run eval`: every scenario in evals/scenarios/ as a shopper would play it, over HTTP against
// the real app (composeApp, a fresh SQLite file, no Redis), answered by the offline responder, or
// by Mistral when MISTRAL_API_KEY is set. Prints a table, writes evals/report/junit.xml, and exits
// non-zero on any failed must-not or when a rate falls below evals/baseline.json.
//   npm run eval                      all scenarios
//   npm run eval -- --only refund     scenarios whose name contains "refund"
//   npm run eval -- --verbose         also print every reply
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { wrapLanguageModel } from "ai";
import { composeApp } from "../backend/src/compose";
import { parseConfig } from "../backend/src/config";
import { loadKnowledgeBase } from "../backend/src/services/knowledge-index";
import { createLogger } from "../backend/src/logger";
import { explainUnsupportedPromises, UNSUPPORTED_PROMISE } from "../backend/src/services/promise-check";
import {
  BaselineSchema,
  PromiseCaseSchema,
  ScenarioSchema,
  type Scenario,
  type TurnExpectation,
} from "./scenario";

const EVALS_DIR = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS_DIR = path.join(EVALS_DIR, "scenarios");
const REPORT_DIR = path.join(EVALS_DIR, "report");
// Fixed, so order dates, return windows and "today" read the same on every run.
const CLOCK = new Date("2026-12-01T12:00:00Z");
const HANDED_OFF_OPENING = "I'd like to talk to a person, please.";

interface ToolCall {
  toolName: string;
  input: unknown;
}

interface TurnResult {
  user: string;
  reply: string;
  /** The agent said nothing (a person has the conversation). */
  silent: boolean;
  status?: string;
  sources: string[];
  flags: string[];
  findings: string[];
  tools: ToolCall[];
}

interface ScenarioResult {
  scenario: Scenario;
  file: string;
  outcome: "pass" | "fail" | "skip";
  /** Why it failed or was skipped. */
  reasons: string[];
  /** Failed must-nots (these fail the run whatever the pass rate). */
  mustNotFailures: string[];
  turns: TurnResult[];
  policyAnswers: number;
  policyFlagged: number;
  ms: number;
}

class Skip extends Error {}

// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const verbose = args.includes("--verbose");

const scenarios = loadScenarios().filter(({ scenario }) => !only || scenario.name.includes(only));
const baseline = BaselineSchema.parse(JSON.parse(fs.readFileSync(path.join(EVALS_DIR, "baseline.json"), "utf8")));
const started = Date.now();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-evals-"));
const config = parseConfig({
  NODE_ENV: "test",
  DATABASE_PATH: path.join(dataDir, "evals.sqlite"),
  // Only these from the environment: a shell's REDIS_URL or DATABASE_PATH must not leak in.
  MISTRAL_API_KEY: process.env.MISTRAL_API_KEY ?? "",
  ...(process.env.MISTRAL_MODEL ? { MISTRAL_MODEL: process.env.MISTRAL_MODEL } : {}),
  ...(process.env.MISTRAL_BASE_URL ? { MISTRAL_BASE_URL: process.env.MISTRAL_BASE_URL } : {}),
  REDIS_URL: "",
  // One address sends every scenario: the abuse limits would measure themselves, not the agent.
  RATE_LIMIT_CHAT_PER_MINUTE: "0",
  RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
  RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
  DAILY_MESSAGES_PER_VISITOR: "0",
  DAILY_MESSAGES_PER_IP: "0",
  ORDER_LOOKUP_FAILURES_PER_HOUR: "0",
  RETENTION_DAYS: "0",
  LOG_LEVEL: "silent",
});

// The model is wrapped (not replaced) to see which tools it called with what: the browser only
// ever sees an order number, never the email.
let recorded: ToolCall[] = [];
// The seed files: what the app's database starts with, read here for the grounding checks.
const knowledge = loadKnowledgeBase();
const composed = await composeApp(config, {
  logger: createLogger("silent"),
  clock: () => new Date(CLOCK),
  wrapModel: (model) =>
    wrapLanguageModel({
      model,
      middleware: {
        specificationVersion: "v3",
        async wrapGenerate({ doGenerate }) {
          const result = await doGenerate();
          for (const part of result.content) {
            if (part.type === "tool-call") recorded.push({ toolName: part.toolName, input: parseJson(part.input) });
          }
          return result;
        },
      },
    }),
});
const modelName = `${composed.responder.name} (${composed.responder.model.provider}:${composed.responder.model.modelId})`;
const server = composed.app.listen(0, "127.0.0.1");
await new Promise<void>((resolve) => server.once("listening", () => resolve()));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const results: ScenarioResult[] = [];
try {
  for (const entry of scenarios) results.push(await runScenario(entry.scenario, entry.file));
} finally {
  server.close();
  await composed.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const promiseCases = checkPromiseCases();
const seconds = (Date.now() - started) / 1000;
const summary = summarise();
printTable();
writeJUnit();
process.exit(summary.ok ? 0 : 1);

// ---------------------------------------------------------------------------------------------
// Running

function loadScenarios(): { scenario: Scenario; file: string }[] {
  const files = fs
    .readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const parsed = ScenarioSchema.safeParse(JSON.parse(fs.readFileSync(path.join(SCENARIOS_DIR, file), "utf8")));
    if (!parsed.success) {
      throw new Error(`evals: ${file} is not a valid scenario:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
    }
    if (seen.has(parsed.data.name)) throw new Error(`evals: duplicate scenario name ${parsed.data.name}`);
    seen.add(parsed.data.name);
    return { scenario: parsed.data, file };
  });
}

async function runScenario(scenario: Scenario, file: string): Promise<ScenarioResult> {
  const t0 = Date.now();
  const result: ScenarioResult = { scenario, file, outcome: "pass", reasons: [], mustNotFailures: [], turns: [], policyAnswers: 0, policyFlagged: 0, ms: 0 };
  const session: { token?: string; conversationId?: string } = {};
  try {
    if (scenario.state === "handed-off") {
      const opening = await send(session, HANDED_OFF_OPENING);
      if (opening.status === undefined) throw new Skip("no `status` in the chat response: human handoff is not in this build");
      if (opening.status !== "waiting") throw new Error(`the opening request for a person left status "${opening.status}", not "waiting"`);
    }
    for (const [i, turn] of scenario.turns.entries()) {
      const outcome = await send(session, turn.user);
      result.turns.push(outcome);
      check(result, i + 1, turn.expect, outcome);
    }
  } catch (error) {
    if (error instanceof Skip) {
      result.outcome = "skip";
      result.reasons = [error.message];
    } else {
      result.reasons.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (result.outcome !== "skip" && (result.reasons.length > 0 || result.mustNotFailures.length > 0)) result.outcome = "fail";
  result.ms = Date.now() - t0;
  return result;
}

async function send(session: { token?: string; conversationId?: string }, message: string): Promise<TurnResult> {
  recorded = [];
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
    body: JSON.stringify({ message, ...(session.conversationId ? { conversationId: session.conversationId } : {}) }),
  });
  const body = (await response.json()) as {
    conversationId?: string;
    visitorToken?: string;
    status?: string;
    reply?: { id: string; content: string; sources: { id: string }[] } | null;
    error?: { code: string; message: string };
  };
  const silent = response.ok && body.reply === null && (body.status === "waiting" || body.status === "human");
  if (!response.ok || (!body.reply && !silent)) throw new Error(`POST /api/chat answered ${response.status}: ${body.error?.code ?? "no reply"}`);
  session.token ??= body.visitorToken;
  session.conversationId ??= body.conversationId;
  if (!body.reply) {
    return { user: message, reply: "", silent: true, status: body.status, sources: [], flags: [], findings: [], tools: recorded };
  }

  // Flags are for staff, never in the shopper's response: read them where they are stored.
  const row = await composed.database.db.selectFrom("messages").select("flags").where("id", "=", body.reply.id).executeTakeFirst();
  const flags = row ? (JSON.parse(row.flags) as string[]) : [];
  const tools = recorded;
  const sources = body.reply.sources.map((s) => s.id);
  const grounding = sources.map((slug) => knowledge.get(slug)?.body ?? "");
  const findings = flags.length
    ? explainUnsupportedPromises(body.reply.content, grounding, []).map((f) => `${f.reason} in "${f.sentence.slice(0, 60)}"`)
    : [];
  return { user: message, reply: body.reply.content, silent: false, status: body.status, sources, flags, findings, tools };
}

function check(result: ScenarioResult, turn: number, expect: TurnExpectation, got: TurnResult): void {
  const at = `turn ${turn}`;
  const text = normalise(got.reply);
  const contains = (phrase: string) => text.includes(normalise(phrase));
  const flagged = got.flags.includes(UNSUPPORTED_PROMISE);

  if (expect.handoff !== undefined) {
    if (got.status === undefined) throw new Skip("no `status` in the chat response: human handoff is not in this build");
    const waiting = got.status === "waiting";
    if (waiting !== expect.handoff) result.reasons.push(`${at}: status "${got.status}", expected ${expect.handoff ? '"waiting"' : "no handoff"}`);
  }
  if (expect.silent !== undefined && got.silent !== expect.silent) {
    // The agent answering while a person has the conversation is a must-not.
    if (!got.silent) result.mustNotFailures.push(`${at}: the agent answered while a person has the conversation`);
    else result.reasons.push(`${at}: the agent said nothing, expected an answer`);
  }
  for (const group of expect.include) {
    const options = typeof group === "string" ? [group] : group;
    if (!options.some(contains)) result.reasons.push(`${at}: missing ${options.map((o) => `"${o}"`).join(" or ")}`);
  }
  for (const phrase of expect.exclude) {
    if (contains(phrase)) result.mustNotFailures.push(`${at}: must not say "${phrase}"`);
  }
  for (const want of expect.toolsCalled) {
    const calls = got.tools.filter((c) => c.toolName === want.name);
    if (calls.length === 0) result.reasons.push(`${at}: ${want.name} not called`);
    else if (want.input && !calls.some((c) => inputMatches(c.input, want.input!))) {
      result.reasons.push(`${at}: ${want.name} called with ${JSON.stringify(calls.map((c) => c.input))}, expected ${JSON.stringify(want.input)}`);
    }
  }
  for (const name of expect.toolsNotCalled) {
    if (got.tools.some((c) => c.toolName === name)) result.mustNotFailures.push(`${at}: must not call ${name}`);
  }
  for (const slug of expect.sources) {
    if (!got.sources.includes(slug)) result.reasons.push(`${at}: source ${slug} missing (got ${got.sources.join(", ") || "none"})`);
  }
  if (expect.noSources && got.sources.length > 0) result.reasons.push(`${at}: expected no sources, got ${got.sources.join(", ")}`);
  if (expect.policyAnswer) {
    result.policyAnswers++;
    if (flagged) {
      result.policyFlagged++;
      result.mustNotFailures.push(`${at}: a correct answer was flagged (${got.findings.join("; ")})`);
    }
  }
  if (expect.flaggedOrRefused && !flagged && !expect.flaggedOrRefused.some(contains)) {
    result.mustNotFailures.push(`${at}: a promise trap was neither flagged nor refused`);
  }
}

function inputMatches(input: unknown, want: Record<string, unknown>): boolean {
  if (!input || typeof input !== "object") return false;
  const got = input as Record<string, unknown>;
  return Object.entries(want).every(([key, value]) =>
    typeof value === "string" && typeof got[key] === "string"
      ? (got[key] as string).toLowerCase() === value.toLowerCase()
      : JSON.stringify(got[key]) === JSON.stringify(value),
  );
}

/** Canned replies through the promise check alone: do invented promises get flagged, correct ones not? */
function checkPromiseCases() {
  const file = path.join(EVALS_DIR, "promise-cases.json");
  const cases = PromiseCaseSchema.array().parse(JSON.parse(fs.readFileSync(file, "utf8")));
  let traps = 0;
  let trapsFlagged = 0;
  let correct = 0;
  let correctFlagged = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const grounding = c.passages.map((slug) => {
      const article = knowledge.get(slug);
      if (!article) throw new Error(`evals: promise-cases.json names an unknown article ${slug}`);
      return article.body;
    });
    const found = explainUnsupportedPromises(c.reply, grounding, c.toolResults.map((r) => JSON.stringify(r)));
    if (c.flagged) {
      traps++;
      if (found.length > 0) trapsFlagged++;
      else misses.push(`not flagged: "${c.reply}"`);
    } else {
      correct++;
      if (found.length > 0) {
        correctFlagged++;
        misses.push(`flagged but correct: "${c.reply.slice(0, 80)}" (${found.map((f) => f.reason).join("; ")})`);
      }
    }
  }
  return { traps, trapsFlagged, correct, correctFlagged, misses };
}

// ---------------------------------------------------------------------------------------------
// Reporting

function summarise() {
  const ran = results.filter((r) => r.outcome !== "skip");
  const passed = ran.filter((r) => r.outcome === "pass").length;
  const passRate = ran.length ? passed / ran.length : 0;
  const mustNots = results.flatMap((r) => r.mustNotFailures.map((f) => `${r.scenario.name}: ${f}`));
  const policyAnswers = results.reduce((n, r) => n + r.policyAnswers, 0) + promiseCases.correct;
  const policyFlagged = results.reduce((n, r) => n + r.policyFlagged, 0) + promiseCases.correctFlagged;
  const flagRate = policyAnswers ? policyFlagged / policyAnswers : 0;
  const trapRate = promiseCases.traps ? promiseCases.trapsFlagged / promiseCases.traps : 1;
  const problems: string[] = [];
  if (mustNots.length) problems.push(`${mustNots.length} failed must-not(s)`);
  // A filtered run (--only) is for working on a few scenarios; the baseline is for the whole suite.
  if (!only && passRate < baseline.passRate) problems.push(`pass rate ${pct(passRate)} is below the baseline ${pct(baseline.passRate)}`);
  if (flagRate > baseline.maxFlagRateOnCorrect) problems.push(`flag rate on correct answers ${pct(flagRate)} is above ${pct(baseline.maxFlagRateOnCorrect)}`);
  if (trapRate < baseline.minTrapFlagRate) problems.push(`invented promises flagged ${pct(trapRate)}, below ${pct(baseline.minTrapFlagRate)}`);
  return { ran: ran.length, passed, skipped: results.length - ran.length, passRate, mustNots, policyAnswers, policyFlagged, flagRate, trapRate, problems, ok: problems.length === 0 };
}

function printTable(): void {
  const rows = results.map((r) => [
    r.scenario.name,
    String(r.turns.length || r.scenario.turns.length),
    r.outcome === "pass" ? "pass" : r.outcome === "skip" ? "skip" : "FAIL",
    [...r.mustNotFailures.map((f) => `MUST-NOT ${f}`), ...r.reasons].join("; "),
  ]);
  const header = ["scenario", "turns", "result", "why"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => Math.min(row[i]!.length, i === 3 ? 120 : 60))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c : c.padEnd(widths[i]!))).join("  ");
  console.log(`\nModel: ${modelName}\n`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
  if (verbose) {
    for (const r of results) {
      console.log(`\n## ${r.scenario.name}`);
      for (const t of r.turns) {
        console.log(`> ${t.user}\n${t.reply}\n  [sources: ${t.sources.join(", ") || "-"}; tools: ${t.tools.map((c) => c.toolName).join(", ") || "-"}; flags: ${t.flags.join(", ") || "-"}${t.status ? `; status: ${t.status}` : ""}]`);
      }
    }
  }
  if (promiseCases.misses.length) console.log(`\nPromise check misses:\n  ${promiseCases.misses.join("\n  ")}`);
  console.log(
    `\n${summary.passed}/${summary.ran} passed (${pct(summary.passRate)}, baseline ${pct(baseline.passRate)}), ${summary.skipped} skipped, ` +
      `${results.length} scenarios in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `Flag rate on correct policy answers: ${pct(summary.flagRate)} (${summary.policyFlagged}/${summary.policyAnswers}); ` +
      `invented promises flagged: ${pct(summary.trapRate)} (${promiseCases.trapsFlagged}/${promiseCases.traps})`,
  );
  console.log(summary.ok ? "OK" : `FAILED: ${summary.problems.join("; ")}`);
}

function writeJUnit(): void {
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const cases = results.map((r) => {
    const open = `  <testcase classname="evals.${xml(r.scenario.tags[0] ?? "scenario")}" name="${xml(r.scenario.name)}" file="evals/scenarios/${xml(r.file)}" time="${(r.ms / 1000).toFixed(3)}">`;
    const transcript = r.turns.map((t) => `> ${t.user}\n${t.reply}\n[sources: ${t.sources.join(", ")}; tools: ${t.tools.map((c) => c.toolName).join(", ")}; flags: ${t.flags.join(", ")}]`).join("\n\n");
    if (r.outcome === "skip") return `${open}\n    <skipped message="${xml(r.reasons.join("; "))}"/>\n  </testcase>`;
    if (r.outcome === "pass") return `${open}\n    <system-out>${xml(transcript)}</system-out>\n  </testcase>`;
    const why = [...r.mustNotFailures.map((f) => `MUST-NOT ${f}`), ...r.reasons].join("; ");
    return `${open}\n    <failure message="${xml(why)}">${xml(transcript)}</failure>\n  </testcase>`;
  });
  const failures = results.filter((r) => r.outcome === "fail").length;
  const report = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="harbor-evals" tests="${results.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    `<testsuite name="evals (${xml(modelName)})" tests="${results.length}" failures="${failures}" skipped="${summary.skipped}" time="${seconds.toFixed(3)}" timestamp="${new Date().toISOString()}">`,
    `  <properties>`,
    `    <property name="model" value="${xml(modelName)}"/>`,
    `    <property name="passRate" value="${summary.passRate.toFixed(4)}"/>`,
    `    <property name="flagRateOnCorrect" value="${summary.flagRate.toFixed(4)}"/>`,
    `    <property name="trapFlagRate" value="${summary.trapRate.toFixed(4)}"/>`,
    `  </properties>`,
    ...cases,
    `</testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(REPORT_DIR, "junit.xml"), report);
  console.log(`JUnit report: ${path.relative(process.cwd(), path.join(REPORT_DIR, "junit.xml"))}`);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\*\*/g, "")
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, " ");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function xml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
