// Settings come from the environment (and backend/.env when present), parsed once at start.
// A bad value stops the process with one readable line per problem.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readAllowedOrigins } from "@harbor/contracts/origins";
import { BACKEND_DIR } from "./backend-dir";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const count = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(fallback));

/** TRUST_PROXY: "false" (default), "true", a hop count, or Express's comma-separated subnets. */
const trustProxy = z.preprocess(emptyToUndefined, z.string().default("false")).transform((v) => {
  if (v === "false") return false;
  if (v === "true") return true;
  return /^\d+$/.test(v) ? Number(v) : v;
});

/** "true" or "false" (any case); unset takes the default. */
const flag = (fallback: boolean) =>
  z.preprocess(emptyToUndefined, z.enum(["true", "false", "TRUE", "FALSE", "True", "False"]).optional()).transform((v) =>
    v === undefined ? fallback : v.toLowerCase() === "true",
  );

const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3001)),
  /** postgres://user:password@host:port/database selects PostgreSQL; unset, the SQLite file at DATABASE_PATH. */
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default(path.join(BACKEND_DIR, "data", "database.sqlite"))),
  /** Insert the Harbor & Pine demo orders at start (idempotent); false for a real store. */
  SEED_DEMO_DATA: flag(true),
  MISTRAL_API_KEY: optionalString,
  MISTRAL_BASE_URL: z.preprocess(emptyToUndefined, z.url().default("https://api.mistral.ai/v1")),
  MISTRAL_MODEL: z.string().default("mistral-small-latest"),
  MISTRAL_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(30_000)),
  MISTRAL_MAX_RETRIES: count(2),
  /** US dollars per million tokens, for the insights' estimated cost (mistral-small-latest's list prices). */
  MODEL_PRICE_INPUT_PER_MILLION: z.preprocess(emptyToUndefined, z.coerce.number().min(0).default(0.1)),
  MODEL_PRICE_OUTPUT_PER_MILLION: z.preprocess(emptyToUndefined, z.coerce.number().min(0).default(0.3)),
  REDIS_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  REDIS_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[\w:.-]{1,64}$/).default("harbor:")),
  RATE_LIMIT_CHAT_PER_MINUTE: count(20),
  RATE_LIMIT_REQUESTS_PER_MINUTE: count(300),
  RATE_LIMIT_CHAT_PER_IP_PER_MINUTE: count(60),
  /** Model turns per visitor and per IP in 24 hours (0: off); see middleware/chat-limits.ts. */
  DAILY_MESSAGES_PER_VISITOR: count(200),
  DAILY_MESSAGES_PER_IP: count(2000),
  /** Failed order lookups per visitor and per IP in an hour before lookups are refused (0: off). */
  ORDER_LOOKUP_FAILURES_PER_HOUR: count(5),
  /**
   * The key the store's site signs its signed-in shoppers with (docs/decisions/017-verified-shoppers.md);
   * empty: verification is off and every identity is ignored.
   */
  IDENTITY_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  ),
  TRUST_PROXY: trustProxy,
  CORS_ORIGIN: z
    .preprocess(emptyToUndefined, z.string().default("http://localhost:3000"))
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean)),
  /**
   * The store sites that put the chat on their pages with widget.js (comma-separated origins). The
   * web app lets them frame /embed; the API lets them call it, as it does the web app.
   */
  WIDGET_ALLOWED_ORIGINS: z
    .preprocess(emptyToUndefined, z.string().default(""))
    .transform((value, context) => {
      const { origins, invalid } = readAllowedOrigins(value);
      for (const item of invalid) context.addIssue({ code: "custom", message: `not an origin (like https://shop.example): ${item}` });
      return origins;
    }),
  /** Conversations untouched this many days are deleted, then visitors with nothing left (0: keep all). */
  RETENTION_DAYS: count(365),
  RETENTION_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).default(3_600_000)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LIVE_KEEPALIVE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(25_000).default(20_000)),
  /** A reply's lease: the instance writing it renews it every third of this; another stores it once it runs out. */
  REPLY_LEASE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(300).default(10_000)),
  /** How often each instance looks for replies whose lease ran out (their instance died). */
  REPLY_SWEEP_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(50).default(3_000)),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(8_000)),
  /** Time to receive a request's headers, then the whole request; see server-timeouts.ts. */
  HEADERS_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(15_000)),
  REQUEST_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(30_000)),
  /** Idle time before a kept-alive connection is closed; a proxy in front should give up sooner. */
  KEEP_ALIVE_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(5_000)),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.refine((c) => c.HEADERS_TIMEOUT_MS <= c.REQUEST_TIMEOUT_MS, {
    path: ["HEADERS_TIMEOUT_MS"],
    message: "must not be longer than REQUEST_TIMEOUT_MS",
  }).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** Reads backend/.env (if any) under the real environment, then parses. */
export function loadConfig(): Config {
  const envFile = path.join(BACKEND_DIR, ".env");
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
