// The production topology as processes: PostgreSQL (a fresh database), Redis (a fresh key prefix),
// N API instances (`node --import tsx src/server.ts`, each its own process so one can be killed)
// and nginx in round robin in front, with the proxy settings of deploy/nginx/api-proxy.conf.
// The model is a fake Mistral HTTP server. Used by the cluster test and the bench.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/ports";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoDir = path.resolve(backendDir, "..");
export const API_PROXY_CONF = path.join(repoDir, "deploy", "nginx", "api-proxy.conf");

export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const NGINX = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

export interface ClusterOptions {
  instances?: number;
  /** The fake Mistral's base URL (ends in /v1), or none for the offline responder. */
  mistralBaseURL?: string;
  /** Settings for every instance, on top of the cluster's. */
  env?: Record<string, string>;
  logLevel?: string;
  /**
   * Run bench/server.ts instead of src/server.ts: the same app plus, in each instance's process, a
   * bare Express route (nginx serves it at /bare, in round robin too) and the bench's stats route.
   */
  bench?: boolean;
}

export interface ApiInstance {
  index: number;
  port: number;
  /** With `bench`: the bare route's and the stats route's ports. */
  barePort?: number;
  statsPort?: number;
  url: string;
  process: ChildProcess;
  logs: string[];
  /** SIGKILL: no shutdown, nothing stored on the way out. */
  kill(): Promise<void>;
}

export interface Cluster {
  /** nginx, the only address a client uses. */
  url: string;
  instances: ApiInstance[];
  databaseUrl: string;
  redisPrefix: string;
  env: Record<string, string>;
  /** The address (127.0.0.1:port) of the instance that served a response, from nginx's test header. */
  servedBy(res: Response | { headers: Headers }): ApiInstance | undefined;
  stop(): Promise<void>;
}

/** Why the cluster cannot run here, or undefined when it can. */
export async function clusterUnavailable(): Promise<string | undefined> {
  if (!fs.existsSync(NGINX)) return `nginx is not installed (${NGINX}); .ci/run installs it (apt-get install -y nginx)`;
  const pg = new URL(POSTGRES_ADMIN_URL);
  if (!(await canConnect(pg.hostname, Number(pg.port || 5432)))) return `PostgreSQL does not answer at ${pg.host}`;
  const redis = new URL(REDIS_URL);
  if (!(await canConnect(redis.hostname, Number(redis.port || 6379)))) return `Redis does not answer at ${redis.host}`;
  return undefined;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

function psql(adminUrl: string, statement: string): void {
  execFileSync("psql", [adminUrl, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], { stdio: ["ignore", "ignore", "pipe"] });
}

/** A new, empty PostgreSQL database beside TEST_DATABASE_URL's, and how to drop it. */
export function createPostgresDatabase(prefix = "harbor_cluster"): { url: string; drop(): void } {
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  psql(POSTGRES_ADMIN_URL, `create database ${name}`);
  return {
    url: Object.assign(new URL(POSTGRES_ADMIN_URL), { pathname: `/${name}` }).toString(),
    drop() {
      try {
        psql(POSTGRES_ADMIN_URL, `drop database if exists ${name} with (force)`);
      } catch {
        // best effort
      }
    },
  };
}

async function waitForHealth(url: string, instance: { logs: string[]; exited: () => boolean }, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (instance.exited()) throw new Error(`API instance exited while starting:\n${instance.logs.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API instance at ${url} not healthy in ${timeoutMs} ms:\n${instance.logs.join("")}`);
}

/** The nginx config: the same proxy settings as deploy/nginx (included), the upstream in round robin. */
export function nginxConfig(options: { dir: string; port: number; upstreams: number[]; bare?: number[] }): string {
  const { dir, port, upstreams, bare = [] } = options;
  const bareUpstream = bare.length
    ? `  upstream harbor_bare {\n${bare.map((p) => `    server 127.0.0.1:${p};`).join("\n")}\n    keepalive 32;\n  }\n`
    : "";
  const bareLocation = bare.length
    ? `    location = /bare {\n      proxy_pass http://harbor_bare;\n      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n    }\n`
    : "";
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream harbor_api {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n")}
    keepalive 32;
    keepalive_timeout 4s;
  }
${bareUpstream}  server {
    listen 127.0.0.1:${port};
${bareLocation}
    location /api/ {
      include ${API_PROXY_CONF};
      # Test only: which instance answered.
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-cluster-"));
  const database = createPostgresDatabase();
  const databaseUrl = database.url;
  const redisPrefix = `cluster-${randomUUID().slice(0, 8)}:`;
  const nginxPort = await freePort();

  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    MISTRAL_API_KEY: options.mistralBaseURL ? "cluster-key" : "",
    MISTRAL_BASE_URL: options.mistralBaseURL ?? "",
    MISTRAL_MAX_RETRIES: "0",
    // nginx on the same machine is the one proxy: client addresses come from X-Forwarded-For.
    TRUST_PROXY: "loopback",
    CORS_ORIGIN: "http://localhost:3000",
    RETENTION_DAYS: "0",
    LOG_LEVEL: options.logLevel ?? "warn",
    ...options.env,
  };

  const instances: ApiInstance[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // The first instance runs the migrations and the seed alone; the others start on a ready schema.
    for (let index = 0; index < count; index++) {
      const instance = await startInstance(index, env, options.bench ?? false);
      instances.push(instance);
      cleanups.push(() => stopInstance(instance));
    }

    const confPath = path.join(dir, "nginx.conf");
    fs.writeFileSync(
      confPath,
      nginxConfig({ dir, port: nginxPort, upstreams: instances.map((i) => i.port), bare: instances.flatMap((i) => i.barePort ?? []) }),
    );
    const nginxLogs: string[] = [];
    const nginx = spawn(NGINX, ["-c", confPath, "-p", dir], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stdout!.on("data", (d) => nginxLogs.push(String(d)));
    nginx.stderr!.on("data", (d) => nginxLogs.push(String(d)));
    cleanups.push(async () => {
      if (nginx.exitCode === null) {
        // Fast shutdown: a graceful one (SIGQUIT) would wait for open event streams.
        nginx.kill("SIGTERM");
        await new Promise((r) => nginx.once("exit", r));
      }
    });
    const url = `http://127.0.0.1:${nginxPort}`;
    await waitForHealth(url, { logs: nginxLogs, exited: () => nginx.exitCode !== null });

    return {
      url,
      instances,
      databaseUrl,
      redisPrefix,
      env,
      servedBy(res) {
        const upstream = res.headers.get("x-upstream") ?? "";
        // After a failed attempt nginx lists every address it tried: the last one answered.
        const last = upstream.split(/[,:]\s*/).filter(Boolean).slice(-2).join(":");
        return instances.find((i) => last === `127.0.0.1:${i.port}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startInstance(index: number, env: Record<string, string>, bench: boolean): Promise<ApiInstance> {
  const port = await freePort();
  const benchPorts = bench ? { barePort: await freePort(), statsPort: await freePort() } : {};
  const benchEnv = bench
    ? { BENCH_APP_PORT: String(port), BENCH_BARE_PORT: String(benchPorts.barePort), BENCH_STATS_PORT: String(benchPorts.statsPort) }
    : {};
  const logs: string[] = [];
  // node itself, not the tsx CLI (which runs the app in a child process that a kill -9 would orphan).
  const entry = bench ? path.join(repoDir, "bench", "server.ts") : "src/server.ts";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: backendDir,
    env: { ...process.env, ...env, ...benchEnv, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => logs.push(String(d)));
  child.stderr!.on("data", (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, { logs, exited: () => child.exitCode !== null || child.signalCode !== null });
  return {
    index,
    port,
    ...benchPorts,
    url,
    process: child,
    logs,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

async function stopInstance(instance: ApiInstance): Promise<void> {
  const child = instance.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(forced);
}
