// Streaming capacity of one API process (README.md):  npx tsx bench/stream-capacity.ts
// STREAMS (1,000) concurrent POST /api/chat/stream, each a new shopper, opened in STREAM_WAVES (10)
// bursts over STREAM_RAMP_MS (1,000), against the fake model
// answering 60 tokens in 20 chunks 150 ms apart. Measures: replies complete, the API's event-loop
// delay p99, GET /api/health p99 meanwhile, memory per open stream, and the time to first token
// through our server against the fake's own (the same 1,000 streams sent to the fake directly).
// Processes: this one (the client, its own), the API (bench/server.ts), the fake (bench/fake-model.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../backend/src/db/connection";
import { apiStats, cpuSeconds, needOpenFiles, kB, percentile, PORTS, sleep, sse, startApi, startFake, stop, tempDir, type ApiStats } from "./lib";

const STREAMS = Number(process.env.STREAMS ?? 1000);
/** Streams are opened over this window; each lasts about 3 s, so all of them overlap. */
const RAMP_MS = Number(process.env.STREAM_RAMP_MS ?? 1000);
/** ...in this many waves, RAMP_MS / WAVES apart, each wave's streams sent at once (a burst). */
const WAVES = Math.max(1, Math.min(Number(process.env.STREAM_WAVES ?? 10), STREAMS));
const TOKENS = 60;
const reply = {
  text: Array.from({ length: TOKENS }, (_, i) => `tok${i}`).join(" "),
  chunkDelayMs: 150,
  wordsPerChunk: 3,
};
needOpenFiles(2 * STREAMS + 200); // the API holds each stream and its model call
const fakeUrl = `http://127.0.0.1:${PORTS.fake}`;
const app = `http://127.0.0.1:${PORTS.app}`;
const deadline = setTimeout(() => {
  console.error("stream-capacity: gave up after 90 s");
  process.exit(1);
}, 90_000);

const script = (n: number) =>
  fetch(`${fakeUrl}/__script`, { method: "POST", body: JSON.stringify(Array.from({ length: n }, () => reply)) });

interface StreamResult {
  ok: boolean;
  ttft: number;
  error?: string;
}

/** The wave stream `i` of `n` belongs to. */
const waveOf = (i: number, n: number) => Math.floor((i * WAVES) / n);

/**
 * Opens `n` streams in WAVES waves over RAMP_MS: wave k is sent at once, k * RAMP_MS / WAVES after
 * the first. `open(i)` returns the time of its first token or throws.
 */
async function inWaves(n: number, open: (i: number) => Promise<StreamResult>) {
  const results: Promise<StreamResult>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = t0 + (waveOf(i, n) * RAMP_MS) / WAVES;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    results.push(open(i).catch((e: Error) => ({ ok: false, ttft: NaN, error: e.message })));
  }
  return Promise.all(results);
}

/** To the fake directly: its own time to first token. */
function direct(): Promise<StreamResult> {
  const start = performance.now();
  let ttft = NaN;
  let words = 0;
  const { done } = sse(`${fakeUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
    body: JSON.stringify({ model: "mistral-small-latest", stream: true, messages: [{ role: "user", content: "Hello" }] }),
    onEvent: (data) => {
      if (data === "[DONE]") return;
      const content = (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content;
      if (content) {
        if (Number.isNaN(ttft)) ttft = performance.now() - start;
        words += content.trim().split(/\s+/).length;
      }
    },
  });
  return done.then((status) => ({ ok: status === 200 && words === TOKENS, ttft }));
}

/** Through our API, as the web app's useChat sends it. */
function throughApi(i: number): Promise<StreamResult> {
  const start = performance.now();
  let ttft = NaN;
  let text = "";
  let finished = false;
  const { done } = sse(`${app}/api/chat/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: `Question ${i}: when will my parcel arrive in Canada?` }),
    onEvent: (data) => {
      if (data === "[DONE]") return;
      const event = JSON.parse(data) as { type: string; delta?: string };
      if (event.type === "text-delta") {
        if (Number.isNaN(ttft)) ttft = performance.now() - start;
        text += event.delta;
      } else if (event.type === "finish") finished = true;
    },
  });
  return done.then((status) => ({
    ok: status === 200 && finished && text.trim().split(/\s+/).length === TOKENS,
    ttft,
    ...(status !== 200 ? { error: `status ${status}` } : {}),
  }));
}

const dir = tempDir();
const databasePath = path.join(dir, "stream.sqlite");
await (await openDatabase({ path: databasePath })).close();
const fake = await startFake();
// BENCH_PROFILE=<dir>: a CPU profile of the API process during the measured wave.
const profileDir = process.env.BENCH_PROFILE;
const api = await startApi(databasePath, profileDir ? { BENCH_PROFILE: profileDir } : {});
const cpu = () => ({ api: cpuSeconds(api.pid!), fake: cpuSeconds(fake.pid!), client: process.cpuUsage() });
try {
  // Warm-up: a few streams, so the JIT and the prepared paths are not part of the figure.
  await script(20);
  await Promise.all(Array.from({ length: 20 }, (_, i) => throughApi(i)));

  // 1. The fake's own time to first token at the same concurrency.
  await script(STREAMS);
  const own = await inWaves(STREAMS, () => direct());
  await fetch(`${fakeUrl}/__reset`, { method: "POST" });

  // 2. Through the API, with /api/health probed every 50 ms and the API's figures every 200 ms.
  await script(STREAMS);
  const base = await apiStats({ gc: true, reset: true });
  const cpuBefore = cpu();
  const t0 = performance.now();
  const samples: ApiStats[] = [];
  const health: number[] = [];
  let running = true;
  const probes = (async () => {
    while (running) {
      const s = performance.now();
      const r = await fetch(`${app}/api/health`);
      await r.arrayBuffer();
      health.push(performance.now() - s);
      await sleep(50);
    }
  })();
  const sampler = (async () => {
    while (running) {
      samples.push(await apiStats());
      await sleep(200);
    }
  })();
  if (profileDir) await fetch(`http://127.0.0.1:${PORTS.stats}/profile/start`);
  const results = await inWaves(STREAMS, (i) => throughApi(i));
  if (profileDir) await fetch(`http://127.0.0.1:${PORTS.stats}/profile/stop?name=stream`);
  const wall = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all([probes, sampler]);
  const after = await apiStats();
  const cpuAfter = cpu();

  const ok = results.filter((r) => r.ok).length;
  const errors = [...new Set(results.filter((r) => !r.ok).map((r) => r.error ?? "incomplete"))];
  const sorted = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const ownTtft = sorted(own.map((r) => r.ttft));
  const apiTtft = sorted(results.map((r) => r.ttft));
  const healthSorted = sorted(health);
  const peak = samples.reduce((m, s) => (s.memory.rss > m.memory.rss ? s : m), after);
  const peakHeap = Math.max(...samples.map((s) => s.memory.heapUsed));
  const peakConnections = Math.max(...samples.map((s) => s.connections));
  const clientCpu = (cpuAfter.client.user - cpuBefore.client.user + cpuAfter.client.system - cpuBefore.client.system) / 1e6;
  const share = (s: number) => `${Math.round((100 * s) / wall)}%`;
  const fmt = (x: number) => `${x.toFixed(1)} ms`;
  console.log(
    [
      `${STREAMS} streams opened in ${WAVES} waves over ${RAMP_MS} ms; 60 tokens in 20 chunks 150 ms apart; Node ${process.version}, ${os.cpus().length} cores`,
      "",
      "| figure | value | goal |",
      "|---|---|---|",
      `| replies complete | ${ok} / ${STREAMS}${errors.length ? ` (${errors.join(", ")})` : ""} | all |`,
      `| open connections at the peak (API process) | ${peakConnections} | 1,000 |`,
      `| API event-loop delay p99 / max | ${fmt(after.loop.p99)} / ${fmt(after.loop.max)} | p99 < 50 ms |`,
      `| GET /api/health p50 / p99 / max (${health.length} probes) | ${fmt(percentile(healthSorted, 50))} / ${fmt(percentile(healthSorted, 99))} / ${fmt(healthSorted.at(-1) ?? NaN)} | p99 < 100 ms |`,
      `| memory per open stream: RSS / heap used (peak - idle, / ${STREAMS}) | ${kB((peak.memory.rss - base.memory.rss) / STREAMS)} kB / ${kB((peakHeap - base.memory.heapUsed) / STREAMS)} kB | ≤ 40 kB |`,
      `| time to first token p50 / p99: fake alone | ${fmt(percentile(ownTtft, 50))} / ${fmt(percentile(ownTtft, 99))} | |`,
      `| time to first token p50 / p99: through the API | ${fmt(percentile(apiTtft, 50))} / ${fmt(percentile(apiTtft, 99))} | |`,
      `| added by our server, p50 | ${fmt(percentile(apiTtft, 50) - percentile(ownTtft, 50))} | ≤ 5 ms |`,
      `| CPU over the ${wall.toFixed(1)} s run: API / fake / client | ${share(cpuAfter.api - cpuBefore.api)} / ${share(cpuAfter.fake - cpuBefore.fake)} / ${share(clientCpu)} | |`,
    ].join("\n"),
  );
  // Each wave's own figures: how the wait for a first token grows as the waves pile up.
  const byWave = (rs: StreamResult[], k: number) => sorted(rs.filter((_, i) => waveOf(i, STREAMS) === k).map((r) => r.ttft));
  console.log(
    [
      "",
      "| wave | streams | complete | TTFT p50, fake alone | TTFT p50, through the API | added p50 |",
      "|---|---|---|---|---|---|",
      ...Array.from({ length: WAVES }, (_, k) => {
        const mine = results.filter((_, i) => waveOf(i, STREAMS) === k);
        const fakeP50 = percentile(byWave(own, k), 50);
        const apiP50 = percentile(byWave(results, k), 50);
        return `| ${k + 1} | ${mine.length} | ${mine.filter((r) => r.ok).length} | ${fmt(fakeP50)} | ${fmt(apiP50)} | ${fmt(apiP50 - fakeP50)} |`;
      }),
    ].join("\n"),
  );
} finally {
  clearTimeout(deadline);
  await stop(api);
  await stop(fake);
  fs.rmSync(dir, { recursive: true, force: true });
}
