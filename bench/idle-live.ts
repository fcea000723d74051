// Idle live-event connections (README.md):  npx tsx bench/idle-live.ts
// CONNECTIONS (1,000) shoppers each hold GET /api/chat/:id/events open on their own conversation,
// then CONNECTIONS staff streams GET /api/staff/events; nothing is sent but the first `ready`.
// Memory per connection is the API process's growth after a full GC, divided by the count.
// Processes: this one (the client), the API (bench/server.ts), the fake model (bench/fake-model.ts).
// LIVE_HEAP_SNAPSHOTS=<dir> also writes a heap snapshot of the API before the streams, after the
// shopper streams and after the staff streams (compare them with bench/heap-diff.ts).
import { spawnSync } from "node:child_process";
import type http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../backend/src/db/connection";
import { apiStats, backendDir, needOpenFiles, cpuSeconds, kB, PORTS, sleep, sse, startApi, startFake, stop, tempDir, type ApiStats } from "./lib";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 1000);
const app = `http://127.0.0.1:${PORTS.app}`;
needOpenFiles(2 * CONNECTIONS + 200); // both stream kinds open at once, in this process and in the API's
const deadline = setTimeout(() => {
  console.error("idle-live: gave up after 120 s");
  process.exit(1);
}, 120_000);

const dir = tempDir();
const databasePath = path.join(dir, "live.sqlite");
await (await openDatabase({ path: databasePath })).close();
const added = spawnSync(
  process.execPath,
  ["--import", "tsx", "src/cli/staff.ts", "add", "--email", "bench@example.com", "--name", "Bench", "--role", "owner"],
  { cwd: backendDir, input: "longpassword1\n", env: { ...process.env, DATABASE_PATH: databasePath } },
);
if (added.status !== 0) throw new Error(`staff add failed: ${added.stderr}`);

const snapshotDir = process.env.LIVE_HEAP_SNAPSHOTS;
const fake = await startFake();
const api = await startApi(databasePath, {}, snapshotDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapshotDir}`] : []);
/** A heap snapshot of the API process (written from a signal; done once the file stops growing). */
async function heapSnapshot() {
  if (!snapshotDir) return;
  const files = () => fs.readdirSync(snapshotDir).filter((f) => f.endsWith(".heapsnapshot"));
  const before = new Set(files());
  api.kill("SIGUSR2");
  let file: string | undefined;
  while (!(file = files().find((f) => !before.has(f)))) await sleep(100);
  // The API writes it on its main thread: once its stats route answers again, the file is whole.
  await apiStats();
  const size = () => fs.statSync(path.join(snapshotDir, file!)).size;
  for (let last = -1; last !== size(); ) {
    last = size();
    await sleep(500);
  }
  console.error(`heap snapshot: ${path.join(snapshotDir, file)}`);
}
const opened: http.IncomingMessage[] = [];

/** Opens `n` event streams, 50 at a time, each resolved once its `ready` event arrived. */
async function openStreams(n: number, request: (i: number) => { url: string; headers: Record<string, string> }) {
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, k) => {
        const { url, headers } = request(i + k);
        return new Promise<void>((resolve, reject) => {
          const { response, done } = sse(url, { headers, onEvent: (d) => d.includes('"ready"') && resolve() });
          void response.then((res) => (res.statusCode === 200 ? opened.push(res) : reject(new Error(`${url}: ${res.statusCode}`))));
          done.catch(() => {});
        });
      }),
    );
  }
}

try {
  // The shoppers: each starts a conversation the way the web app does.
  const shoppers: { token: string; conversationId: string }[] = [];
  for (let i = 0; i < CONNECTIONS; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, CONNECTIONS - i) }, async (_, k) => {
        const res = await fetch(`${app}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: `Hello from shopper ${i + k}` }),
        });
        if (!res.ok) throw new Error(`POST /api/chat: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { conversationId: string; visitorToken: string };
        return { token: body.visitorToken, conversationId: body.conversationId };
      }),
    );
    shoppers.push(...batch);
  }
  const login = await fetch(`${app}/api/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench@example.com", password: "longpassword1" }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

  await sleep(500);
  const rows: string[] = [];
  const measure = async (label: string, before: ApiStats, open: () => Promise<void>) => {
    const cpu0 = { api: cpuSeconds(api.pid!), client: process.cpuUsage() };
    const t0 = performance.now();
    await open();
    const took = (performance.now() - t0) / 1000;
    await sleep(1000);
    const after = await apiStats({ gc: true });
    const clientCpu = process.cpuUsage(cpu0.client);
    const apiCpu = cpuSeconds(api.pid!) - cpu0.api;
    rows.push(
      `| ${label} | ${after.connections} | ${kB((after.memory.rss - before.memory.rss) / CONNECTIONS)} kB | ${kB((after.memory.heapUsed - before.memory.heapUsed) / CONNECTIONS)} kB | ${took.toFixed(1)} s (API ${apiCpu.toFixed(1)} s CPU, client ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s) |`,
    );
    return after;
  };
  const base = await apiStats({ gc: true });
  await heapSnapshot();
  const withShoppers = await measure(`${CONNECTIONS} shopper streams (GET /api/chat/:id/events)`, base, () =>
    openStreams(CONNECTIONS, (i) => {
      const shopper = shoppers[i]!;
      return { url: `${app}/api/chat/${shopper.conversationId}/events`, headers: { authorization: `Bearer ${shopper.token}` } };
    }),
  );
  await heapSnapshot();
  await measure(`${CONNECTIONS} staff streams (GET /api/staff/events), on top`, withShoppers, () =>
    openStreams(CONNECTIONS, () => ({ url: `${app}/api/staff/events`, headers: { cookie } })),
  );
  await heapSnapshot();
  console.log(
    [
      `Idle live-event connections, Node ${process.version}, ${os.cpus().length} cores; memory after a full GC in the API process`,
      "",
      "| streams | open connections (API) | RSS per connection | heap used per connection | time to open (CPU) |",
      "|---|---|---|---|---|",
      ...rows,
    ].join("\n"),
  );
} finally {
  for (const res of opened) res.destroy();
  clearTimeout(deadline);
  await stop(api);
  await stop(fake);
  fs.rmSync(dir, { recursive: true, force: true });
}
