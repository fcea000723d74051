import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The cluster test starts processes and nginx: its own run (vitest.cluster.config.ts).
    exclude: ["test/cluster/**", "**/node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file has its own SQLite file and Redis key space; files run in parallel.
    fileParallelism: true,
  },
});
