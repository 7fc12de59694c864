import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
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
            miniflare: { bindings: { FAKE_HUB_URL: inject("fakeHubUrl") } },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          testTimeout: 60_000,
          // Every tick logs JSON lines; show them only for tests that fail.
          silent: "passed-only",
          globalSetup: ["./test/global-setup.ts"],
        },
      },
    ],
  },
});
