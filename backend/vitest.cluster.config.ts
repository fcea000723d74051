import { defineConfig } from "vitest/config";

// The cluster test (test/cluster): API instances as processes behind nginx, on PostgreSQL and Redis.
// Its own run, after the integration suite: it starts processes and takes the machine's ports.
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
