import os from "node:os";
import pg from "pg";
import { defineConfig } from "vitest/config";

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Why PostgreSQL cannot be used for the tests, or undefined when it answers. */
async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

// The integration suite runs on SQLite and, when PostgreSQL answers at TEST_DATABASE_URL, again on
// PostgreSQL (test/support/test-app.ts reads TEST_DATABASE). Both projects' files run in parallel.
export default defineConfig(async () => {
  // Vitest reads this file more than once per run (the projects extend it): check and say it once.
  const checked = process.env.HARBOR_TEST_POSTGRES;
  const unavailable = checked === undefined ? await postgresUnavailable() : checked || undefined;
  if (checked === undefined) {
    process.env.HARBOR_TEST_POSTGRES = unavailable ?? "";
    if (unavailable) {
      const where = new URL(TEST_DATABASE_URL);
      console.warn(`PostgreSQL run skipped: nothing usable at ${where.host}${where.pathname} (${unavailable}); the suite runs on SQLite only.`);
    }
  }
  const project = (name: "sqlite" | "postgres") => ({
    extends: true as const,
    test: { name, env: { TEST_DATABASE: name } },
  });
  return {
    test: {
      include: ["test/**/*.test.ts"],
      // The cluster test starts processes and nginx: its own run (vitest.cluster.config.ts).
      exclude: ["test/cluster/**", "**/node_modules/**"],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      // Each test file has its own databases and Redis key spaces; files run in parallel. They
      // mostly wait on sockets, so at least two workers even on two cores (Vitest's default is
      // one fewer than the cores).
      fileParallelism: true,
      maxWorkers: Math.max(2, os.availableParallelism() - 1),
      projects: unavailable ? [project("sqlite")] : [project("sqlite"), project("postgres")],
    },
  };
});
