// The API through nginx, with one and with two instances, on PostgreSQL and Redis (README.md):
//   npm run bench:cluster     (BENCH_SECONDS=10, BENCH_CONNECTIONS=32)
// The cluster is backend/test/cluster's (the cluster test's topology) in its bench mode: each
// instance is bench/server.ts, so beside the app it serves a bare Express route, and nginx serves
// that at /bare in round robin too. Each endpoint is measured beside the bare route through the
// same nginx, in the same run. The load generator is its own process (bench/load.ts).
import os from "node:os";
import { startCluster, type Cluster } from "../backend/test/cluster/cluster";
import { cpuSeconds, LIMITS_OFF, measure, prepareEndpoints, seedDatabase, startFake, stop, PORTS, type LoadResult } from "./lib";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const counts = (process.env.BENCH_INSTANCES ?? "1,2").split(",").map(Number);

const fake = await startFake();
const report: string[] = [
  `Through nginx (1 worker, round robin), PostgreSQL 15 and Redis; ${seconds} s per measurement, ${connections} connections, Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`,
  "",
  "| instances | endpoint | req/s | p50 | p99 | bare route through nginx, req/s (same run) | ratio to bare | failed | CPU: instances / nginx+load |",
  "|---|---|---|---|---|---|---|---|---|",
];

for (const instances of counts) {
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({
      instances,
      bench: true,
      mistralBaseURL: `http://127.0.0.1:${PORTS.fake}/v1`,
      env: { ...LIMITS_OFF, LOG_LEVEL: "warn" },
    });
    const { token, bigConversation } = await seedDatabase({ url: cluster.databaseUrl });
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const endpoints = await prepareEndpoints({ app: cluster.url, bare: `${cluster.url}/bare`, auth, bigConversation });
    const pids = cluster.instances.map((i) => i.process.pid!);
    const instanceCpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const pct = (cpu: number) => `${Math.round((100 * cpu) / seconds)}%`;
    for (const e of endpoints) {
      const b: LoadResult = await measure({ connections, seconds, ...e.bare });
      const before = instanceCpu();
      const a: LoadResult = await measure({ connections, seconds, ...e.app });
      const used = instanceCpu() - before;
      const row = `| ${instances} | ${e.name} | ${a.rps.toFixed(0)} | ${a.p50} ms | ${a.p99} ms | ${b.rps.toFixed(0)} | ${(a.rps / b.rps).toFixed(3)} | ${a.errors + a.non2xx} | ${pct(used)} / ${pct(a.cpuSeconds)} (load) |`;
      report.push(row);
      console.error(row);
    }
  } finally {
    await cluster?.stop();
  }
}
await stop(fake);
console.log(report.join("\n"));
