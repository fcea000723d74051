// Starts the real app on a random port against a fresh database, the real Redis (when asked) and
// the real Mistral provider pointed at a fake Mistral HTTP server. The database is a SQLite file,
// or with TEST_DATABASE=postgres (the `postgres` vitest project) a schema of its own in the
// PostgreSQL at TEST_DATABASE_URL.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import http, { type Server } from "node:http";
import pg from "pg";
import { composeApp } from "../../src/compose";
import { parseConfig, type Config } from "../../src/config";
import { databaseLocation, openDatabase, type OpenedDatabase } from "../../src/db/connection";
import type { DatabaseDialect } from "../../src/db/dialect";
import { createLogger } from "../../src/logger";
import { applyServerTimeouts } from "../../src/server-timeouts";
import type { RedisConnection } from "../../src/redis/client";
import { startFakeMistral, type FakeMistral } from "./fake-mistral";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** Which database this run's tests use (vitest.config.ts sets it per project). */
export const TEST_DIALECT: DatabaseDialect = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

/** A fresh, empty database: its settings (for an app or a child process) and how to remove it. */
export interface TestDatabase {
  env: { DATABASE_URL: string; DATABASE_PATH: string };
  drop(): Promise<void>;
}

/** A new SQLite file in a folder of its own, or a new PostgreSQL schema found first on search_path. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-test-"));
  const file = path.join(dir, `${randomUUID()}.sqlite`);
  if (TEST_DIALECT === "sqlite") {
    return { env: { DATABASE_URL: "", DATABASE_PATH: file }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(`create schema ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  // Every pooled connection starts with the schema as its search_path (libpq's `options`).
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString(), DATABASE_PATH: file },
    async drop() {
      await adminQuery(`drop schema if exists ${schema} cascade`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated and seeded database without the app, for tests of the repositories and tools. */
export async function openTestDatabase(): Promise<OpenedDatabase> {
  const created = await createTestDatabase();
  const opened = await openDatabase(databaseLocation(created.env));
  return {
    ...opened,
    async close() {
      await opened.close();
      await created.drop();
    },
  };
}

export interface TestAppOptions {
  /** Use the real Redis (default true) or run without one. */
  redis?: boolean | string;
  /** Use a fake Mistral (default) or the offline responder (`false`). */
  mistral?: boolean;
  env?: Record<string, string>;
  /** A database shared with other apps (or a child process); by default each app has its own. */
  database?: TestDatabase;
  clock?: () => Date;
  logLines?: string[];
}

export interface TestApp {
  url: string;
  mistral: FakeMistral | undefined;
  database: OpenedDatabase;
  redis: RedisConnection | undefined;
  config: Config;
  logs: string[];
  stopReplies(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const mistral = options.mistral === false ? undefined : await startFakeMistral();
  const ownDatabase = options.database ? undefined : await createTestDatabase();
  const database = (options.database ?? ownDatabase)!;
  const redisUrl = options.redis === false ? undefined : typeof options.redis === "string" ? options.redis : REDIS_URL;
  const config = parseConfig({
    NODE_ENV: "test",
    ...database.env,
    MISTRAL_API_KEY: mistral ? "test-key" : "",
    MISTRAL_BASE_URL: mistral?.baseURL,
    MISTRAL_TIMEOUT_MS: "5000",
    REDIS_URL: redisUrl,
    // Each app its own Redis key space and event channel, unless a test shares one on purpose.
    REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}:`,
    RATE_LIMIT_CHAT_PER_MINUTE: "0",
    RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
    RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
    DAILY_MESSAGES_PER_VISITOR: "0",
    DAILY_MESSAGES_PER_IP: "0",
    ORDER_LOOKUP_FAILURES_PER_HOUR: "0",
    LOG_LEVEL: "info",
    ...options.env,
  });
  const logs: string[] = [];
  // Every log line is kept as JSON text, so tests can check what is (and is not) logged.
  const testLogger = createLogger(config.LOG_LEVEL, { write: (line: string) => logs.push(line) });
  const composed = await composeApp(config, { logger: testLogger, clock: options.clock }).catch(async (error: unknown) => {
    await mistral?.close();
    await ownDatabase?.drop();
    throw error;
  });
  const { app, redis, stopReplies } = composed;
  if (redis) await waitFor(() => redis.isReady(), 3000).catch(() => {});
  const server: Server = await new Promise((resolve) => {
    // The same server settings as src/server.ts.
    const s = applyServerTimeouts(http.createServer(app), config);
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    mistral,
    database: composed.database,
    redis,
    config,
    logs,
    stopReplies,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await composed.close();
      await mistral?.close();
      await ownDatabase?.drop();
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A small HTTP client for the API: JSON in and out, with the visitor token. */
export function apiClient(baseUrl: string, token?: string) {
  return async function api(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

/** Reads a UI message stream (SSE) into its events: each chunk with its `id:`, when it has one. */
export function parseUiEvents(text: string): { id: string | undefined; chunk: any }[] {
  return text
    .split("\n\n")
    .map((block) => {
      const lines = block.split("\n");
      const id = lines.find((line) => line.startsWith("id: "))?.slice(4);
      const data = lines.find((line) => line.startsWith("data: "))?.slice(6).trim();
      return { id, data };
    })
    .filter(({ data }) => data && data !== "[DONE]")
    .map(({ id, data }) => ({ id, chunk: JSON.parse(data!) }));
}

/** Reads a UI message stream (SSE) into its chunks. */
export function parseUiStream(text: string): any[] {
  return parseUiEvents(text).map((event) => event.chunk);
}
