// API load benchmark: each endpoint beside a bare Express 5 route in the same run (README.md).
//   npm run bench            (BENCH_SECONDS=10, BENCH_CONNECTIONS=32; BENCH_REDIS=off|on|both;
//                             BENCH_DATABASE=sqlite|postgres|both, PostgreSQL at TEST_DATABASE_URL's server)
//   BENCH_ONLY=chat BENCH_PROFILE=/tmp/prof npm run bench    (one endpoint; a CPU profile of the API
//   process during exactly that endpoint's measurement, in /tmp/prof; see profile-summary.ts)
// Four processes on the same cores: this orchestrator (idle while measuring), the API process
// (bench/server.ts: the app and the bare route), the fake model (bench/fake-model.ts) and the
// load generator (bench/load.ts, autocannon), started anew for every measurement.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  apiStats,
  cpuSeconds,
  dropRedisPrefix,
  measure,
  PORTS,
  prepareEndpoints,
  redisAnswers,
  seedDatabase,
  startApi,
  startFake,
  stop,
  tempDir,
  type LoadResult,
} from "./lib";
import { clusterUnavailable, createPostgresDatabase } from "../backend/test/cluster/cluster";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const only = process.env.BENCH_ONLY;
const profileDir = process.env.BENCH_PROFILE;
const redisMode = process.env.BENCH_REDIS ?? "both";
const databaseMode = process.env.BENCH_DATABASE ?? "both";

interface Measured extends LoadResult {
  wall: number;
  cpu: { api: number; fake: number; load: number };
}

async function load(spec: Record<string, unknown>, pids: { api: number; fake: number }): Promise<Measured> {
  const before = { api: cpuSeconds(pids.api), fake: cpuSeconds(pids.fake) };
  const result = await measure({ connections, seconds, ...spec });
  return {
    ...result,
    // Wall time of the measurement itself; the generator's start-up is outside both figures.
    wall: seconds,
    cpu: { api: cpuSeconds(pids.api) - before.api, fake: cpuSeconds(pids.fake) - before.fake, load: result.cpuSeconds },
  };
}

const dir = tempDir();
const app = `http://127.0.0.1:${PORTS.app}`;
const bare = `http://127.0.0.1:${PORTS.bare}/bare`;

const fake = await startFake();
const redisModes: ("off" | "on")[] = [];
if (redisMode === "off" || redisMode === "both") redisModes.push("off");
if (redisMode === "on" || redisMode === "both") {
  if (await redisAnswers()) redisModes.push("on");
  else console.warn("Redis does not answer on 127.0.0.1:6379: measuring without it only.");
}
const databases: ("sqlite" | "postgres")[] = [];
if (databaseMode === "sqlite" || databaseMode === "both") databases.push("sqlite");
if (databaseMode === "postgres" || databaseMode === "both") {
  const unavailable = await clusterUnavailable();
  if (!unavailable || !/PostgreSQL/.test(unavailable)) databases.push("postgres");
  else console.warn(`${unavailable}: measuring on SQLite only.`);
}

const pct = (cpu: number) => `${Math.round((100 * cpu) / seconds)}%`;
const report: string[] = [
  `${seconds} s per measurement, ${connections} connections, Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`,
];
const runs = databases.flatMap((database) => redisModes.map((mode) => ({ database, mode })));
for (const { database, mode } of runs) {
  const label = `${database === "sqlite" ? "SQLite" : "PostgreSQL"}, Redis ${mode}`;
  // A fresh, seeded database for each run: a SQLite file, or a PostgreSQL database of its own.
  const postgres = database === "postgres" ? createPostgresDatabase("harbor_bench") : undefined;
  const databasePath = path.join(dir, `bench-${database}-${mode}.sqlite`);
  const { token, bigConversation } = await seedDatabase(postgres ? { url: postgres.url } : { path: databasePath });
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const prefix = `bench-${process.pid}-${database}-${mode}:`;
  const api = await startApi(
    databasePath,
    {
      DATABASE_URL: postgres?.url ?? "",
      REDIS_URL: mode === "on" ? "redis://127.0.0.1:6379" : "",
      REDIS_PREFIX: prefix,
      ...(profileDir ? { BENCH_PROFILE: profileDir } : {}),
    },
    [],
  );
  const pids = { api: api.pid!, fake: fake.pid! };
  try {
    const endpoints = (await prepareEndpoints({ app, bare, auth, bigConversation })).filter((e) => !only || e.key === only);

    const rows: string[] = [];
    const cpuRows: string[] = [];
    for (const e of endpoints) {
      const b = await load(e.bare, pids);
      await apiStats({ reset: true });
      if (profileDir) await fetch(`http://127.0.0.1:${PORTS.stats}/profile/start`);
      const a = await load(e.app, pids);
      if (profileDir) await fetch(`http://127.0.0.1:${PORTS.stats}/profile/stop?name=${e.key}-${database}-redis-${mode}`);
      const loop = await apiStats();
      const failed = a.errors + a.non2xx;
      rows.push(
        `| ${e.name} | ${a.rps.toFixed(0)} | ${a.p50} ms | ${a.p99} ms | ${b.rps.toFixed(0)} | ${(a.rps / b.rps).toFixed(3)} | ${failed} | ${loop.loop.p99} ms |`,
      );
      for (const [what, m] of [[`bare route (beside ${e.key})`, b], [e.name, a]] as const)
        cpuRows.push(`| ${what} | ${pct(m.cpu.api)} | ${pct(m.cpu.fake)} | ${pct(m.cpu.load)} | ${pct(m.cpu.api + m.cpu.fake + m.cpu.load)} |`);
      console.error(rows.at(-1));
    }
    report.push(
      "",
      `${label}:`,
      "",
      "| endpoint | req/s | p50 | p99 | bare route req/s (same run) | ratio to bare | failed | API event-loop delay p99 |",
      "|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `CPU used during each measurement, ${label} (100% = one core; the machine has ${os.cpus().length}):`,
      "",
      "| measurement | API process | fake model | load generator | total |",
      "|---|---|---|---|---|",
      ...cpuRows,
    );
  } finally {
    await stop(api);
    if (mode === "on") dropRedisPrefix(prefix);
    postgres?.drop();
  }
}
await stop(fake);
fs.rmSync(dir, { recursive: true, force: true });
console.log(report.join("\n"));
