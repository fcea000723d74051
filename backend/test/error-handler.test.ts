// The error middleware alone: what a client gets when the database cannot be reached.
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { errorHandler } from "../src/middleware/error-handler";

async function answerTo(error: unknown) {
  const lines: string[] = [];
  const app = express();
  app.get("/", () => {
    throw error;
  });
  app.use(errorHandler(createLogger("error", { write: (line: string) => lines.push(line) })));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json(), logs: lines };
  } finally {
    server.close();
  }
}

describe("database unavailable", () => {
  it.each([
    ["connection refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["PostgreSQL shutting down", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a dropped connection", new Error("Connection terminated unexpectedly")],
    ["SQLite busy", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
  ])("%s: a JSON 503 with Retry-After, logged, no internals", async (_name, error) => {
    const res = await answerTo(error);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe("5");
    expect(res.body.error.code).toBe("unavailable:database");
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|5432|administrator|locked/);
    expect(res.logs.join("")).toContain("request failed");
  });

  it("any other fault is still a generic 500", async () => {
    const res = await answerTo(Object.assign(new Error("syntax error at or near"), { code: "42601" }));
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: "internal", message: "Something went wrong." });
  });
});
