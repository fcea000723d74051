// The benchmark's API process: the real app on BENCH_APP_PORT and, beside it in the same process,
// a bare Express 5 route on BENCH_BARE_PORT (the ceiling every ratio is measured against), plus a
// bench-only stats route on BENCH_STATS_PORT that reports this process's own event-loop delay,
// memory and CPU. None of this is in the app.
import fs from "node:fs";
import http from "node:http";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import express from "express";
import { composeApp } from "../backend/src/compose";
import { loadConfig } from "../backend/src/config";
import { createLogger } from "../backend/src/logger";

// BENCH_EXPERIMENT=statement-cache: each SQL text prepared once per connection, to measure what
// proposed change 1 of README.md would bring before anyone makes it in backend/src.
if (process.env.BENCH_EXPERIMENT === "statement-cache") {
  const prepare = SQLite.prototype.prepare;
  const caches = new WeakMap<object, Map<string, SQLite.Statement>>();
  SQLite.prototype.prepare = function (this: SQLite.Database, source: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let statement = cache.get(source);
    if (!statement) cache.set(source, (statement = prepare.call(this, source) as SQLite.Statement));
    return statement;
  } as typeof prepare;
}

const { app, close } = await composeApp(loadConfig(), { logger: createLogger("warn") });
// The same listen backlog as src/server.ts.
const api = http.createServer(app).listen({ port: Number(process.env.BENCH_APP_PORT), host: "127.0.0.1", backlog: 4096 });

const bare = express();
bare.use(express.json());
bare.get("/bare", (_req, res) => void res.json({ ok: true }));
bare.post("/bare", (req, res) => void res.json({ ok: true, echo: req.body }));
bare.listen(Number(process.env.BENCH_BARE_PORT), "127.0.0.1");

// 10 ms resolution is perf_hooks' default; delays are reported in ms.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const profiler = new Session();
profiler.connect();
const ms = (ns: number) => Math.round(ns / 1e4) / 100;
http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    // A CPU profile of exactly one measurement: /profile/start, then /profile/stop?name=... writes
    // BENCH_PROFILE/<name>.cpuprofile (the same format as node --cpu-prof).
    if (url.pathname === "/profile/start") {
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
      await profiler.post("Profiler.start");
      return void res.end("{}");
    }
    if (url.pathname === "/profile/stop") {
      const { profile } = await profiler.post("Profiler.stop");
      const file = path.join(process.env.BENCH_PROFILE ?? ".", `${url.searchParams.get("name") ?? "api"}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return void res.end(JSON.stringify({ file }));
    }
    // ?gc=1 collects first (needs --expose-gc), for steady-state memory of idle connections.
    if (url.searchParams.has("gc") && globalThis.gc) {
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    const body = {
      loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), mean: ms(loop.mean) },
      memory: { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers },
      cpu: process.cpuUsage(),
      connections: await new Promise<number>((r) => api.getConnections((_e, n) => r(n))),
    };
    if (url.searchParams.has("reset")) loop.reset();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  })
  .listen(Number(process.env.BENCH_STATS_PORT), "127.0.0.1", () => console.log("bench server ready"));

process.on("SIGTERM", () => void close().finally(() => process.exit(0)));
