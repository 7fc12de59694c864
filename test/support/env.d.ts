/** Bindings the workerd test project gives the worker (wrangler.toml plus vitest.config.ts). */
declare namespace Cloudflare {
  interface Env {
    STATE: KVNamespace;
    FAKE_HUB_URL: string;
  }
}
