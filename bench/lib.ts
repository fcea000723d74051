// What the benchmarks share: the processes they start (API, fake model, load generator), the CPU
// each one used (from /proc), the seed data and the bench-only stats of the API process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { openDatabase, type DatabaseLocation } from "../backend/src/db/connection";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const backendDir = path.join(here, "..", "backend");
export const PORTS = { app: 3201, bare: 3202, stats: 3203, fake: 4201 } as const;
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU in 1/100 s on Linux.

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "harbor-bench-"));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14, 15)
}

// Whatever happens to the orchestrator, the processes it started do not outlive it.
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts a TypeScript file under node + tsx and waits for its "ready" line. */
export async function startNode(file: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", path.join(here, file), ...args], {
    cwd: backendDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start in 30 s`)), 30_000);
    child.stdout!.on("data", (d) => {
      if (String(d).includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return child;
}

/** What one load-generator run measured (bench/load.ts prints it as its last line). */
export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU the load generator itself used. */
  cpuSeconds: number;
}

/** One autocannon measurement in its own process (bench/load.ts). */
export function measure(spec: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "load.ts"), JSON.stringify(spec)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult);
    });
  });
}

export async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(5000).then(() => child.kill("SIGKILL"))]);
}

export const startFake = () => startNode("fake-model.ts", [String(PORTS.fake)], {});

/** Every chat limit off: in a bench one visitor from one address sends thousands of messages a minute. */
export const LIMITS_OFF = {
  RATE_LIMIT_CHAT_PER_MINUTE: "0",
  RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
  RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
  DAILY_MESSAGES_PER_VISITOR: "0",
  DAILY_MESSAGES_PER_IP: "0",
};

/** The API process (bench/server.ts): the app on PORTS.app, the bare route, the stats route. */
export function startApi(databasePath: string, extra: Record<string, string> = {}, nodeFlags: string[] = []) {
  return startNode(
    "server.ts",
    [],
    {
      NODE_ENV: "production",
      DATABASE_PATH: databasePath,
      MISTRAL_API_KEY: "bench-key",
      MISTRAL_BASE_URL: `http://127.0.0.1:${PORTS.fake}/v1`,
      MISTRAL_MAX_RETRIES: "0",
      REDIS_URL: "",
      REDIS_PREFIX: `bench-${process.pid}-${Date.now()}:`,
      ...LIMITS_OFF,
      LOG_LEVEL: "warn",
      BENCH_APP_PORT: String(PORTS.app),
      BENCH_BARE_PORT: String(PORTS.bare),
      BENCH_STATS_PORT: String(PORTS.stats),
      ...extra,
    },
    ["--expose-gc", ...nodeFlags],
  );
}

export interface ApiStats {
  loop: { p50: number; p99: number; max: number; mean: number };
  memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  cpu: { user: number; system: number };
  connections: number;
}

/** The API process's own figures; `reset` restarts its event-loop histogram, `gc` collects first. */
export async function apiStats(opts: { reset?: boolean; gc?: boolean } = {}): Promise<ApiStats> {
  const q = new URLSearchParams();
  if (opts.reset) q.set("reset", "1");
  if (opts.gc) q.set("gc", "1");
  const res = await fetch(`http://127.0.0.1:${PORTS.stats}/?${q}`);
  return (await res.json()) as ApiStats;
}

export async function redisAnswers(host = "127.0.0.1", port = 6379): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const s = connect(port, host, () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });
}

/** Removes the bench's own Redis keys (its unique prefix) when the run ends. */
export function dropRedisPrefix(prefix: string) {
  spawnSync("sh", ["-c", `redis-cli -h 127.0.0.1 --scan --pattern '${prefix}*' | xargs -r redis-cli -h 127.0.0.1 del > /dev/null`]);
}

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A migrated database (a SQLite file or a PostgreSQL database) with one visitor who has 20,000
 * conversations, one of which holds 1,000 messages (for GET messages). Written through the app's
 * own Kysely connection, in batches, so both databases get the same rows.
 */
export async function seedDatabase(location: DatabaseLocation) {
  const { db, close } = await openDatabase(location);
  const token = randomBytes(32).toString("base64url");
  const visitorId = randomUUID();
  const now = new Date().toISOString();
  const start = Date.parse("2026-01-01T00:00:00Z");
  const bigConversation = randomUUID();
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("visitors").values({ id: visitorId, token_hash: tokenHash(token), created_at: now }).execute();
      const conversations = Array.from({ length: 20_000 }, (_, i) => {
        const at = new Date(start + i * 60_000).toISOString();
        return {
          id: i === 0 ? bigConversation : randomUUID(),
          visitor_id: visitorId,
          title: `Conversation ${i}`,
          created_at: at,
          updated_at: at,
          message_count: i === 0 ? 1000 : 2,
          cache_revision: 0,
          last_message_role: "assistant" as const,
          last_message_content: "Thanks for asking!",
          last_message_at: at,
          status: "bot" as const,
          assignee_id: null,
          handoff_reason: null,
          waiting_since: null,
        };
      });
      for (let i = 0; i < conversations.length; i += 500) await trx.insertInto("conversations").values(conversations.slice(i, i + 500)).execute();
      const messages = Array.from({ length: 1000 }, (_, m) => ({
        id: randomUUID(),
        conversation_id: bigConversation,
        role: m % 2 ? ("assistant" as const) : ("user" as const),
        content: `Message ${m}: ${"lorem ipsum dolor sit amet ".repeat(8)}`,
        status: "complete" as const,
        sources: "[]",
        used_tool: 0,
        tool_calls: "[]",
        author_staff_id: null,
        author_name: null,
        feedback_rating: null,
        feedback_reason: null,
        created_at: new Date(start + m * 1000).toISOString(),
        flags: "[]",
      }));
      for (let i = 0; i < messages.length; i += 500) await trx.insertInto("messages").values(messages.slice(i, i + 500)).execute();
    });
    // Planner statistics, as a database in use has them (PostgreSQL's autovacuum gathers them a
    // while after a bulk load; without them it sorts 20,000 rows for a page of 50).
    await sql`analyze`.execute(db);
  } finally {
    await close();
  }
  return { token, visitorId, bigConversation };
}

/**
 * The measured endpoints, each beside the bare route: starts the conversation every POST /api/chat
 * goes into (the way the web app starts one), then warms both servers up (JIT, prepared statements,
 * the Redis lists) with 200 rounds before anything is timed.
 */
export async function prepareEndpoints(o: { app: string; bare: string; auth: Record<string, string>; bigConversation: string }) {
  const { app, bare, auth, bigConversation } = o;
  const first = await fetch(`${app}/api/chat`, { method: "POST", headers: auth, body: JSON.stringify({ message: "Hello, do you ship to Canada?" }) });
  if (!first.ok) throw new Error(`POST /api/chat answered ${first.status}: ${await first.text()}`);
  const { conversationId } = (await first.json()) as { conversationId: string };
  for (let i = 0; i < 200; i++) {
    await fetch(`${app}/api/chat/${bigConversation}/messages`, { headers: auth }).then((r) => r.arrayBuffer());
    await fetch(`${app}/api/conversations`, { headers: auth }).then((r) => r.arrayBuffer());
    await fetch(bare, { headers: auth }).then((r) => r.arrayBuffer());
    await fetch(bare, { method: "POST", headers: auth, body: JSON.stringify({ message: "Warm-up" }) }).then((r) => r.arrayBuffer());
    if (i % 4 === 0)
      await fetch(`${app}/api/chat`, { method: "POST", headers: auth, body: JSON.stringify({ conversationId, message: `Warm-up ${i}` }) }).then((r) => r.arrayBuffer());
  }
  return [
    {
      key: "chat",
      name: "POST /api/chat (one conversation, fake model, no delay)",
      app: { url: `${app}/api/chat`, method: "POST", headers: auth, chatIn: conversationId },
      bare: { url: bare, method: "POST", headers: auth, body: JSON.stringify({ message: "Question about shipping to Canada" }) },
    },
    {
      key: "messages",
      name: "GET /api/chat/:id/messages (newest 50 of 1,000)",
      app: { url: `${app}/api/chat/${bigConversation}/messages`, headers: auth },
      bare: { url: bare, headers: auth },
    },
    {
      key: "conversations",
      name: "GET /api/conversations (first 50 of 20,000)",
      app: { url: `${app}/api/conversations`, headers: auth },
      bare: { url: bare, headers: auth },
    },
  ];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const kB = (bytes: number) => (bytes / 1024).toFixed(1);

export interface SseOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Each `data:` payload as it arrives. */
  onEvent: (data: string) => void;
  signal?: AbortSignal;
}

/** A request whose response is read as Server-Sent Events; resolves with the status when it ends. */
export function sse(url: string, o: SseOptions): { response: Promise<http.IncomingMessage>; done: Promise<number> } {
  let gotResponse!: (r: http.IncomingMessage) => void;
  const response = new Promise<http.IncomingMessage>((r) => (gotResponse = r));
  const done = new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? "GET", headers: o.headers, agent, signal: o.signal }, (res) => {
      gotResponse(res);
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split("\n")) if (line.startsWith("data: ")) o.onEvent(line.slice(6));
        }
      });
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(o.body);
  });
  return { response, done };
}

/** One socket per request, never pooled: every stream is its own connection, as from a browser tab. */
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** Stops early with a readable line when the open-file limit cannot hold the connections. */
export function needOpenFiles(count: number) {
  const limits = fs.readFileSync("/proc/self/limits", "utf8");
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  if (soft < count) {
    console.error(`This run needs ${count} open files; the limit is ${soft}. Raise it first: ulimit -n ${count}`);
    process.exit(1);
  }
}
