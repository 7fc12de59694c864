import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vitest/config";

/**
 * Node-side tests import the mapping files as text (`with { type: "text" }`) as the worker does;
 * wrangler's Text rule serves them in workerd, this does the same for Vite. Read on every run,
 * so an edited mapping is what the tests see.
 */
const ymlAsText: Plugin = {
  name: "portside:yml-as-text",
  enforce: "pre",
  load(id) {
    const path = id.split("?")[0]!;
    if (!path.endsWith(".yml")) return null;
    return `export default ${JSON.stringify(readFileSync(path, "utf8"))};`;
  },
};

export default defineConfig({
  test: {
    // Every tick logs JSON lines: show a test's output only when it fails. The reporter reads this
    // from the root config only; set on a project it is silently ignored. `npm run bench` passes
    // --silent=false, since benchmarks print their tables.
    silent: "passed-only",
    projects: [
      {
        plugins: [ymlAsText],
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts", "test/fakes/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "bench",
          include: ["bench/**/*.bench.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: "./test/support/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { FAKE_HUB_URL: inject("fakeHubUrl") },
              // A local queue the worker both produces to and consumes, as README's [[queues.*]] blocks
              // bind it. Named TEST_QUEUE, not QUEUE: only tests that pass it as QUEUE use it.
              queueProducers: { TEST_QUEUE: "portside-test" },
              queueConsumers: { "portside-test": { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 10 } },
            },
          })),
        ],
        test: {
          name: "workers",
          // A plugin's tests may live in its folder, beside it.
          include: ["test/workers/**/*.test.ts", "plugins/**/*.test.ts", "test/plugins/**/*.test.ts"],
          testTimeout: 60_000,
          // Hooks run whole resync cycles (e.g. before each webhook test): on a loaded 2-core machine
          // the first, with jq's cold start, took over vitest's default 10 s.
          hookTimeout: 60_000,
          globalSetup: ["./test/global-setup.ts"],
        },
      },
    ],
  },
});
