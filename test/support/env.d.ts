/** Bindings the workerd test project gives the worker (wrangler.toml plus vitest.config.ts). */
declare namespace Cloudflare {
  interface Env {
    STATE: KVNamespace;
    LEASE: DurableObjectNamespace<import("../../src/adapter/workers-lease.ts").LeaseObject>;
    TEST_QUEUE: Queue;
    FAKE_HUB_URL: string;
  }
}
