import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { TEST_DIALECT, apiClient, createTestDatabase, startTestApp, type TestApp } from "./support/test-app";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Counters live in the shared Redis and outlive a test run, so each test here comes from its own
// client address (X-Forwarded-For, trusted for one proxy hop in this app).
const randomClient = () => {
  const hex = (n: number) => Math.floor(Math.random() * 16 ** n).toString(16);
  return { "x-forwarded-for": `2001:db8:${hex(4)}:${hex(2)}00::1` };
};

describe("rate limits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_CHAT_PER_MINUTE: "3", RATE_LIMIT_REQUESTS_PER_MINUTE: "40", TRUST_PROXY: "1" },
    });
  });
  afterAll(() => t.close());

  it("limits messages per visitor with a 429 and Retry-After, counting in Redis", async () => {
    const client = randomClient();
    const first = await apiClient(t.url)("POST", "/api/chat", { message: "one" }, client);
    expect(first.status).toBe(200);
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId;
    expect((await api("POST", "/api/chat", { message: "two", conversationId: id }, client)).status).toBe(200);
    expect((await api("POST", "/api/chat", { message: "three", conversationId: id }, client)).status).toBe(200);
    expect((await api("POST", "/api/chat", { message: "four", conversationId: id }, client)).status).toBe(200);
    const limited = await api("POST", "/api/chat/stream", { message: "five", conversationId: id }, client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json.error.code).toBe("rate_limited:chat");
    expect(limited.json.error.message).toMatch(/wait \d+ seconds/);
    const keys = await t.redis!.client.keys(t.redis!.key("rate-limit:chat:visitor:*"));
    expect(keys.length).toBeGreaterThan(0);
    // Reading is not a message: still allowed.
    expect((await api("GET", `/api/chat/${id}/messages`, undefined, client)).status).toBe(200);
  });

  it("limits all requests per IP", async () => {
    const client = randomClient();
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await apiClient(t.url)("GET", "/api/health", undefined, client)).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40).every((s) => s === 429)).toBe(true);
    // Another address is not affected.
    expect((await apiClient(t.url)("GET", "/api/health", undefined, randomClient())).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY says so, and counts in memory without Redis", async () => {
    const app = await startTestApp({ redis: false, env: { RATE_LIMIT_REQUESTS_PER_MINUTE: "5" } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await apiClient(app.url)("GET", "/api/health", undefined, randomClient())).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await app.close();
    }
  });
});

describe("HTTP hardening", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false, env: { WIDGET_ALLOWED_ORIGINS: "https://shop.example" } });
  });
  afterAll(() => t.close());

  it("sends helmet's headers and a request id", async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBeTruthy();
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("allows only the configured origin", async () => {
    const ok = await fetch(`${t.url}/api/health`, { headers: { origin: "http://localhost:3000" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(ok.headers.get("access-control-expose-headers")).toContain("X-Visitor-Token");
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    const evil = await fetch(`${t.url}/api/health`, { headers: { origin: "https://evil.example" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets the store sites that embed the chat call it, without the staff cookie", async () => {
    const preflight = await fetch(`${t.url}/api/chat`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const read = await fetch(`${t.url}/api/store`, { headers: { origin: "https://shop.example" } });
    expect(read.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(read.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("never logs message text at info", async () => {
    await apiClient(t.url)("POST", "/api/chat", { message: "my secret address is 1 Elm Street" });
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join("\n")).not.toContain("Elm Street");
  });
});

describe("configuration", () => {
  it("stops with a readable line per bad value", () => {
    expect(() => parseConfig({ PORT: "eighty", REDIS_URL: "not a url", RATE_LIMIT_CHAT_PER_MINUTE: "-1" })).toThrow(
      /PORT[\s\S]*REDIS_URL[\s\S]*RATE_LIMIT_CHAT_PER_MINUTE/,
    );
  });

  it("refuses a WIDGET_ALLOWED_ORIGINS entry that is not an origin, and normalizes the rest", () => {
    expect(() => parseConfig({ WIDGET_ALLOWED_ORIGINS: "https://shop.example,https://x.example; script-src *" })).toThrow(
      /WIDGET_ALLOWED_ORIGINS[\s\S]*not an origin/,
    );
    expect(parseConfig({ WIDGET_ALLOWED_ORIGINS: "https://Shop.example/ http://127.0.0.1:4100" }).WIDGET_ALLOWED_ORIGINS).toEqual([
      "https://shop.example",
      "http://127.0.0.1:4100",
    ]);
  });

  it("has working defaults: SQLite, no Redis, the offline responder", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3001);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MISTRAL_API_KEY).toBeUndefined();
    expect(config.CORS_ORIGIN).toEqual(["http://localhost:3000"]);
    expect(config.TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
  });

  it("lists every setting in .env.example", () => {
    const example = fs.readFileSync(path.join(backendDir, ".env.example"), "utf8");
    for (const key of Object.keys(parseConfig({}))) expect(example, key).toContain(`${key}=`);
  });
});

describe("the server process", () => {
  it("starts with the offline responder, then on SIGTERM stops accepting, closes the DB and exits", async () => {
    const database = await createTestDatabase();
    // PORT=0: the process takes a free port and names it (a port picked here could be taken by then).
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: backendDir,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...database.env, MISTRAL_API_KEY: "", REDIS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const deadline = Date.now() + 15000;
    while (!out.includes("API listening") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain("offline (knowledge base, no API key)");
    const port = Number(/API listening on http:\/\/localhost:(\d+)/.exec(out)?.[1]);
    expect(port).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json());
    expect(health).toMatchObject({ db: "ok", database: { dialect: TEST_DIALECT }, redis: "disabled", llm: "offline" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const started = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out).toContain("stopped");
    await database.drop();
  });

  it("exits with one readable line when its port is taken", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as net.AddressInfo;
    const database = await createTestDatabase();
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: backendDir,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...database.env, MISTRAL_API_KEY: "", REDIS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    taken.close();
    await database.drop();
    expect(code).toBe(1);
    expect(out).toContain(`cannot listen on 127.0.0.1:${port}`);
    expect(out).not.toContain("Unhandled 'error' event");
  });

  it("refuses to start on a bad setting, saying which", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: backendDir,
      env: { ...process.env, PORT: "not-a-port" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain("PORT");
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });
});
