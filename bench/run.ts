// Load benchmark of the chat API beside a bare Express route in the same run (see README.md).
//   npm run bench                 (Redis on 127.0.0.1:6379 if it answers; BENCH_SECONDS=8)
import { spawn } from "node:child_process";
import { randomUUID, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { openDatabase } from "../backend/src/db/connection";
import { startFakeMistral } from "../backend/test/support/fake-mistral";

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const APP = 3201;
const BARE = 3202;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-bench-"));
const databasePath = path.join(dir, "bench.sqlite");

/** One visitor with 20,000 conversations, one of which holds 1,000 messages. */
async function seed() {
  const { db } = await openDatabase(databasePath);
  await db.destroy();
  const sqlite = new SQLite(databasePath);
  const token = randomBytes(32).toString("base64url");
  const visitorId = randomUUID();
  sqlite.prepare("insert into visitors (id, token_hash, created_at) values (?, ?, ?)").run(
    visitorId,
    createHash("sha256").update(token).digest("hex"),
    new Date().toISOString(),
  );
  const insertConversation = sqlite.prepare(
    `insert into conversations (id, visitor_id, title, created_at, updated_at, message_count, last_message_role, last_message_content, last_message_at)
     values (?, ?, ?, ?, ?, ?, 'assistant', ?, ?)`,
  );
  const insertMessage = sqlite.prepare(
    "insert into messages (id, conversation_id, role, content, status, sources, created_at) values (?, ?, ?, ?, 'complete', '[]', ?)",
  );
  const start = Date.parse("2026-01-01T00:00:00Z");
  const bigConversation = randomUUID();
  sqlite.transaction(() => {
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      const id = i === 0 ? bigConversation : randomUUID();
      insertConversation.run(id, visitorId, `Conversation ${i}`, at, at, i === 0 ? 1000 : 2, "Thanks for asking!", at);
    }
    for (let m = 0; m < 1000; m++) {
      insertMessage.run(
        randomUUID(),
        bigConversation,
        m % 2 ? "assistant" : "user",
        `Message ${m}: ${"lorem ipsum dolor sit amet ".repeat(8)}`,
        new Date(start + m * 1000).toISOString(),
      );
    }
  })();
  sqlite.close();
  return { token, bigConversation };
}

function run(title: string, options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, connections, ...options, title }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const redisUp = await new Promise<boolean>((resolve) => {
  const u = new URL(redisUrl);
  import("node:net").then(({ connect }) => {
    const s = connect(Number(u.port || 6379), u.hostname, () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });
});

const { token, bigConversation } = await seed();
const fake = await startFakeMistral();
const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : []), "--import", "tsx", path.join(here, "server.ts")], {
  cwd: path.join(here, "..", "backend"),
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_PATH: databasePath,
    MISTRAL_API_KEY: "bench-key",
    MISTRAL_BASE_URL: fake.baseURL,
    REDIS_URL: redisUp ? redisUrl : "",
    RATE_LIMIT_CHAT_PER_MINUTE: "0",
    RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
    LOG_LEVEL: "warn",
    BENCH_APP_PORT: String(APP),
    BENCH_BARE_PORT: String(BARE),
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) => server.stdout!.on("data", (d) => String(d).includes("ready") && resolve()));
// Keep the fake's request log from growing for the whole run.
const trim = setInterval(() => fake.requests.splice(0), 1000);

const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
let n = 0;
const rows: string[] = [];
async function compare(name: string, appOptions: autocannon.Options, bareOptions: autocannon.Options) {
  // BENCH_ONLY=chat (or messages, conversations) runs one endpoint, e.g. for a profile.
  if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) return;
  const bare = await run(`bare ${name}`, bareOptions);
  const app = await run(name, appOptions);
  const errors = app.non2xx + app.errors;
  const ratio = (100 * app.requests.average) / bare.requests.average;
  rows.push(
    `| ${name} | ${app.requests.average.toFixed(0)} | ${app.latency.p50} ms | ${app.latency.p99} ms | ${bare.requests.average.toFixed(0)} | ${ratio.toFixed(1)}% | ${errors} |`,
  );
  console.log(rows.at(-1));
}

await compare(
  "POST /api/chat (fake model, no delay)",
  {
    url: `http://127.0.0.1:${APP}/api/chat`,
    method: "POST",
    headers: auth,
    // A new question each time, so every request reaches the model instead of the reply cache.
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ message: `Question ${++n} about shipping to Canada` }) }) }],
  },
  { url: `http://127.0.0.1:${BARE}/bare`, method: "POST", headers: auth, body: JSON.stringify({ message: "Question about shipping" }) },
);
await compare(
  "GET /api/chat/:id/messages (1,000 messages, latest 50)",
  { url: `http://127.0.0.1:${APP}/api/chat/${bigConversation}/messages`, headers: auth },
  { url: `http://127.0.0.1:${BARE}/bare`, headers: auth },
);
await compare(
  "GET /api/conversations (20,000 conversations, first 50)",
  { url: `http://127.0.0.1:${APP}/api/conversations`, headers: auth },
  { url: `http://127.0.0.1:${BARE}/bare`, headers: auth },
);

console.log(`\n${seconds} s per run, ${connections} connections, Redis ${redisUp ? "on" : "off"}, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log("| endpoint | req/s | p50 | p99 | bare Express req/s | ratio | errors |");
console.log("|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
clearInterval(trim);
server.kill("SIGTERM");
await fake.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
