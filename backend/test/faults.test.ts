// Issue 8, "Faults": health tells the truth about a database that cannot be written and a Redis
// that does not answer; the server refuses to start on a database it cannot use.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_URL, TEST_DIALECT, apiClient, startTestApp } from "./support/test-app";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-faults-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A TCP proxy to the real Redis that can stop reading commands, like a frozen server. */
async function freezableRedis() {
  const upstream = new URL(REDIS_URL);
  const clients = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const remote = net.connect(Number(upstream.port || 6379), upstream.hostname);
    clients.add(client);
    sockets.add(client).add(remote);
    client.pipe(remote);
    remote.pipe(client);
    for (const s of [client, remote]) {
      s.on("error", () => {});
      s.on("close", () => (client.destroy(), remote.destroy()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    freeze: () => clients.forEach((c) => c.pause()),
    /** Commands sent meanwhile are delivered, so the client can close cleanly. */
    thaw: () => clients.forEach((c) => c.resume()),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

describe("GET /api/health", () => {
  it("names the database it uses and says it can be written", async () => {
    const t = await startTestApp({ redis: false });
    try {
      const health = await apiClient(t.url)("GET", "/api/health");
      expect(health.json).toMatchObject({ status: "ok", db: "ok", database: { status: "ok", dialect: TEST_DIALECT } });
    } finally {
      await t.close();
    }
  });

  // SQLite only: query_only is how a SQLite file that turned read-only behaves. PostgreSQL's
  // equivalent (a standby, default_transaction_read_only) is a server-wide setting the parallel
  // tests share.
  it.skipIf(TEST_DIALECT !== "sqlite")("says degraded with db: readonly when the database refuses writes", async () => {
    const t = await startTestApp({ redis: false });
    try {
      const before = await apiClient(t.url)("GET", "/api/health");
      expect(before.json).toMatchObject({ status: "ok", db: "ok" });
      // What SQLite does when the file turns read-only under it: reads work, writes fail.
      await sql`pragma query_only = ON`.execute(t.database.db);
      expect(await apiClient(t.url)("POST", "/api/chat", { message: "hello" })).toMatchObject({ status: 503, json: { error: { code: "unavailable:database" } } });
      const health = await apiClient(t.url)("GET", "/api/health");
      expect(health.status).toBe(503);
      expect(health.json).toEqual({
        status: "degraded",
        db: "readonly",
        database: { status: "readonly", dialect: "sqlite" },
        redis: "disabled",
        llm: "mistral",
      });
      await sql`pragma query_only = OFF`.execute(t.database.db);
      expect((await apiClient(t.url)("GET", "/api/health")).json).toMatchObject({ status: "ok", db: "ok" });
    } finally {
      await t.close();
    }
  });

  it("reports a frozen Redis as down: what a PING within the timeout shows", async () => {
    const proxy = await freezableRedis();
    const t = await startTestApp({ redis: proxy.url });
    try {
      expect((await apiClient(t.url)("GET", "/api/health")).json).toMatchObject({ status: "ok", redis: "ok" });
      proxy.freeze();
      expect(t.redis!.isReady()).toBe(true);
      const health = await apiClient(t.url)("GET", "/api/health");
      expect(health.json).toMatchObject({ status: "degraded", db: "ok", redis: "down" });
      // The database still works, so the API still serves: health is 200, the status says degraded.
      expect(health.status).toBe(200);
    } finally {
      proxy.thaw();
      await t.close();
      await proxy.close();
    }
  });
});

/** Starts src/server.ts on a database path and returns its exit code and stderr. */
function startServer(databasePath: string, asUid?: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: backendDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "", DATABASE_PATH: databasePath, MISTRAL_API_KEY: "", REDIS_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(asUid === undefined ? {} : { uid: asUid, gid: asUid }),
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  // A server that did start is stopped, so the test ends either way.
  const timer = setInterval(() => out.includes("API listening") && child.kill("SIGTERM"), 50);
  return new Promise<{ code: number | null; err: string; out: string }>((resolve) =>
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ code, err, out });
    }),
  );
}

// SQLite only: these are files that cannot be used (a folder, not a database, corrupt, read-only).
describe.skipIf(TEST_DIALECT !== "sqlite")("starting on a database file it cannot use", () => {
  it("stops with one line naming the path and the reason", async () => {
    const directory = path.join(dir, "a-directory");
    fs.mkdirSync(directory);
    const notADatabase = path.join(dir, "notes.sqlite");
    fs.writeFileSync(notADatabase, "these are my notes, not a database ".repeat(200));
    const aFile = path.join(dir, "a-file");
    fs.writeFileSync(aFile, "");
    const missingParent = path.join(aFile, "sub", "db.sqlite");

    // A real database with its second page overwritten: SQLite opens it; quick_check does not pass.
    const corrupt = path.join(dir, "corrupt.sqlite");
    const made = new SQLite(corrupt);
    made.exec("create table t(id integer primary key, body text); create index t_body on t(body);");
    const insert = made.prepare("insert into t(body) values (?)");
    for (let i = 0; i < 500; i++) insert.run(`row ${i} `.repeat(20));
    made.close();
    const fd = fs.openSync(corrupt, "r+");
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
    fs.closeSync(fd);

    // A read-only file. Root writes anyway, so the server then runs as nobody.
    const readonlyDir = path.join(dir, "readonly");
    fs.mkdirSync(readonlyDir);
    const readonly = path.join(readonlyDir, "db.sqlite");
    new SQLite(readonly).exec("create table t(x)");
    fs.chmodSync(readonly, 0o444);
    fs.chmodSync(readonlyDir, 0o555);
    fs.chmodSync(dir, 0o755);
    const asUid = process.getuid?.() === 0 ? 65534 : undefined;

    const [d, n, m, c, r] = await Promise.all([
      startServer(directory),
      startServer(notADatabase),
      startServer(missingParent),
      startServer(corrupt),
      startServer(readonly, asUid),
    ]);
    const expectOneLine = (result: { code: number | null; err: string }, file: string, reason: RegExp) => {
      expect(result.code, result.err).toBe(1);
      const lines = result.err.trim().split("\n");
      expect(lines, result.err).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(reason);
    };
    expectOneLine(d, directory, /is a directory/);
    expectOneLine(n, notADatabase, /is not a SQLite database/);
    expectOneLine(m, missingParent, /has no folder, and it cannot be created/);
    expectOneLine(c, corrupt, /is corrupt/);
    expectOneLine(r, readonly, /is read-only/);
  }, 60_000);
});

describe.skipIf(TEST_DIALECT !== "postgres")("starting on a PostgreSQL that does not answer", () => {
  it("stops with one line naming the server (never its password) and the reason", async () => {
    const result = await startServer(path.join(dir, "unused.sqlite"), undefined, {
      DATABASE_URL: "postgres://postgres:s3cret@127.0.0.1:1/test",
    });
    expect(result.code, result.err).toBe(1);
    const lines = result.err.trim().split("\n");
    expect(lines, result.err).toHaveLength(1);
    expect(lines[0]).toContain("127.0.0.1:1/test");
    expect(lines[0]).toMatch(/cannot be reached/);
    expect(lines[0]).not.toContain("s3cret");
  });
});
