// End-to-end: the production build of the web app and the real API (SQLite file, real Redis),
// with the model replaced by the fake Mistral HTTP server, in Debian's Chromium.
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const root = path.resolve(__dirname, "..");
// Set once in the main process; workers inherit it and find the same file (a test seeds it).
process.env.HARBOR_E2E_DB ??= path.join(os.tmpdir(), `harbor-e2e-${process.pid}.sqlite`);
const databasePath = process.env.HARBOR_E2E_DB;
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: ".",
  outputDir: path.join(__dirname, "artifacts", "test-results"),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: "http://localhost:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: "npx tsx backend/test/support/fake-mistral-server.ts 3999",
      cwd: root,
      url: "http://127.0.0.1:3999/__requests",
      reuseExistingServer: false,
    },
    {
      // The store's own site, on other origins (see store-site.ts).
      command: "npx tsx e2e/store-site.ts",
      cwd: root,
      url: "http://127.0.0.1:4100/store.css",
      reuseExistingServer: false,
    },
    {
      command: "npm run start -w backend",
      cwd: root,
      url: "http://127.0.0.1:3001/api/health",
      reuseExistingServer: false,
      env: {
        PORT: "3001",
        DATABASE_PATH: databasePath,
        MISTRAL_API_KEY: "e2e-key",
        MISTRAL_BASE_URL: "http://127.0.0.1:3999/v1",
        MISTRAL_MAX_RETRIES: "0",
        REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
        RATE_LIMIT_CHAT_PER_MINUTE: "0",
        RATE_LIMIT_REQUESTS_PER_MINUTE: "0",
        // Every browser test comes from 127.0.0.1 and the counters outlive a run in Redis.
        RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: "0",
        DAILY_MESSAGES_PER_VISITOR: "0",
        DAILY_MESSAGES_PER_IP: "0",
        ORDER_LOOKUP_FAILURES_PER_HOUR: "0",
        LOG_LEVEL: "warn",
        WIDGET_ALLOWED_ORIGINS: "http://127.0.0.1:4100",
        IDENTITY_SECRET: "e2e-identity-secret-0123456789abcdef",
      },
    },
    {
      command: "npm run start -w frontend",
      cwd: root,
      url: "http://localhost:3000",
      reuseExistingServer: false,
      env: { PORT: "3000", WIDGET_ALLOWED_ORIGINS: "http://127.0.0.1:4100" },
    },
  ],
});
