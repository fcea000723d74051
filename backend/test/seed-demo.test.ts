// `npm run seed:demo` fills a fresh database (SQLite or PostgreSQL, as the app's settings say) with
// 90 days of conversations whose insights show something in every chart; a second run adds nothing.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, wallClockAt } from "../src/services/zoned-time";
import { signInStaff } from "./support/live-client";
import { apiClient, createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./support/test-app";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

async function seedDemo(database: TestDatabase) {
  const { stdout } = await run("npm", ["run", "-s", "seed:demo"], {
    cwd: backendDir,
    env: { ...process.env, ...database.env, LOG_LEVEL: "silent" },
    timeout: 120_000,
  });
  return stdout;
}

describe("npm run seed:demo", () => {
  let database: TestDatabase;
  let t: TestApp;
  let first: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    first = await seedDemo(database);
    t = await startTestApp({ database, redis: false, mistral: false });
  }, 150_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it("adds 90 days of conversations whose insights fill every chart", async () => {
    expect(first).toMatch(/^Added \d+ demo conversations \(\d+ messages, the last 90 days\)/);
    const today = wallClockAt(new Date(), "America/New_York").date;
    const { cookie } = await signInStaff(t, { role: "owner" });
    const res = await apiClient(t.url)("GET", `/api/staff/insights?from=${addDays(today, -89)}&to=${today}`, undefined, { cookie });
    expect(res.status).toBe(200);
    const i = res.json;

    expect(i.volume.conversations).toBeGreaterThan(500);
    expect(i.volume.days.filter((d: { conversations: number }) => d.conversations > 0)).toHaveLength(90);
    expect(i.resolution.rate).toBeGreaterThan(0.3);
    expect(i.resolution.rate).toBeLessThan(0.9);
    expect(i.handoffs.byReason.map((r: { reason: string }) => r.reason).sort()).toEqual(
      ["customer_request", "frustrated", "missing_knowledge", "order_problem", "policy_exception"],
    );
    expect(i.reopens.reopened).toBeGreaterThan(10);
    expect(i.feedback.up).toBeGreaterThan(20);
    expect(i.feedback.down).toBeGreaterThan(10);
    expect(i.feedback.reasons.length).toBeGreaterThan(4);
    expect(i.firstResponse.assistant.count).toBeGreaterThan(500);
    expect(i.firstResponse.staff.count).toBeGreaterThan(50);
    expect(i.busiestHours.cells.length).toBeGreaterThan(60);
    // The 10 cited most and "Other articles": the bars add up to the citations the drill-down lists.
    expect(i.articles.top).toHaveLength(11);
    expect(i.articles.top.at(-1).id).toBe("other");
    expect(i.articles.top.reduce((sum: number, a: { citations: number }) => sum + a.citations, 0)).toBe(i.articles.citations);
    // The same missing answers come back in other words: grouped.
    expect(i.knowledgeGaps.groups[0].count).toBeGreaterThan(5);
    expect(i.knowledgeGaps.groups[0].examples.length).toBeGreaterThan(1);
    expect(i.modelUse.cacheHits).toBeGreaterThan(10);
    expect(i.modelUse.byModel.map((m: { model: string }) => m.model).sort()).toEqual(["mistral-small-latest", "offline"]);
    expect(i.modelUse.estimatedCostUsd).toBeGreaterThan(0);
    expect(i.promises.flagged).toBeGreaterThan(5);
  });

  it("adds nothing the second time", async () => {
    const before = await t.database.db.selectFrom("conversations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(await seedDemo(database)).toMatch(/already: nothing added\.$/m);
    const after = await t.database.db.selectFrom("conversations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
