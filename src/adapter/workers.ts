import { createStorage } from "unstorage";
import cloudflareKVBindingDriver from "unstorage/drivers/cloudflare-kv-binding";
import { createApp } from "../app.ts";
import type { Env } from "../config/settings.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import { createRuntime, type RuntimeDeps } from "../runtime/context.ts";
import { runTick } from "../sync/tick.ts";

export interface WorkersEnv extends Env {
  STATE: KVNamespace;
}

/** The Workers adapter: KV for state, the cron trigger drives resync ticks. */
export function createWorker(plugins: readonly AnyPlugin[], overrides: Partial<RuntimeDeps> = {}) {
  const deps: RuntimeDeps = {
    storage: (env) => createStorage({ driver: cloudflareKVBindingDriver({ binding: (env as WorkersEnv).STATE }) }),
    ...overrides,
  };
  const app = createApp(plugins, deps);
  return {
    fetch: app.fetch,
    async scheduled(_controller: ScheduledController, env: WorkersEnv, ctx: ExecutionContext) {
      const rt = createRuntime(env, plugins, deps);
      ctx.waitUntil(runTick(rt).catch((err) => rt.log.error("tick.failed", { error: errorMessage(err) })));
    },
  } satisfies ExportedHandler<WorkersEnv>;
}
