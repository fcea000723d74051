// The staff command as an owner runs it: the password on standard input, never in arguments.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, startTestApp } from "./support/test-app";

// The command and the API share one database (a SQLite file or a PostgreSQL schema).
const database = await createTestDatabase();
afterAll(() => database.drop());

// Each test starts the command several times (a TypeScript process each, about 1.5 s alone), while
// both databases' suites run beside it.
const CLI_TIMEOUT_MS = 60_000;

// Not spawnSync: the API under test runs in this process, and a blocked event loop lets its
// keep-alive timeout close a connection just as the next request reuses it.
function staff(args: string[], input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/staff.ts", ...args], {
    cwd: path.resolve(__dirname, ".."),
    env: { ...process.env, ...database.env, REDIS_URL: "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.on("error", () => {});
  child.stdin.end(input);
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

describe("npm run staff", () => {
  it("adds, lists, changes the password of and removes an account; the API signs it in", async () => {
    const added = await staff(["add", "--email", "Owner@Example.com", "--name", "Olivia Owner", "--role", "owner"], "a long enough password\n");
    expect(added.stderr).toBe("");
    expect(added.status).toBe(0);
    expect(added.stdout).toContain("Added owner Olivia Owner <owner@example.com>");
    expect((await staff(["list"])).stdout).toContain("owner@example.com\tOlivia Owner\towner");

    const app = await startTestApp({ redis: false, database });
    try {
      const login = (password: string) =>
        fetch(`${app.url}/api/staff/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "owner@example.com", password }),
        });
      expect((await login("a long enough password")).status).toBe(200);
      expect((await staff(["set-password", "--email", "owner@example.com"], "another long password\n")).status).toBe(0);
      expect((await login("a long enough password")).status).toBe(401);
      expect((await login("another long password")).status).toBe(200);
    } finally {
      await app.close();
    }
    expect((await staff(["remove", "--email", "owner@example.com"])).status).toBe(0);
    expect((await staff(["list"])).stdout).toContain("No staff accounts yet.");
  }, CLI_TIMEOUT_MS);

  it("refuses a short password, a password in the arguments, a bad role and a duplicate", async () => {
    const short = await staff(["add", "--email", "a@example.com", "--name", "A", "--role", "agent"], "short\n");
    expect(short.status).toBe(1);
    expect(short.stderr).toContain("at least 10 characters");
    const inArgs = await staff(["add", "--email", "a@example.com", "--name", "A", "--role", "agent", "--password", "x".repeat(12)]);
    expect(inArgs.status).toBe(1);
    expect(inArgs.stderr).toContain("never taken from arguments");
    expect((await staff(["add", "--email", "a@example.com", "--name", "A", "--role", "boss"], "x".repeat(12))).status).toBe(1);
    expect((await staff(["add", "--email", "b@example.com", "--name", "B", "--role", "agent"], "long password 1\n")).status).toBe(0);
    const again = await staff(["add", "--email", "B@example.com", "--name", "B", "--role", "agent"], "long password 1\n");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("exists already");
  }, CLI_TIMEOUT_MS);
});
