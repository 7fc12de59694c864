import { createStorage } from "unstorage";
import cloudflareKVBindingDriver from "unstorage/drivers/cloudflare-kv-binding";
import { createApp } from "../app.ts";
import type { Env } from "../config/settings.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import { consume } from "../queue/consumer.ts";
import { continueAfter } from "../queue/continuation.ts";
import type { QueueMessage, WorkQueue } from "../queue/messages.ts";
import { createRuntime, type RuntimeDeps } from "../runtime/context.ts";
import { runTick } from "../sync/tick.ts";
import { durableLease, type LeaseObject } from "./workers-lease.ts";

export { LeaseObject } from "./workers-lease.ts";

export interface WorkersEnv extends Env {
  STATE: KVNamespace;
  /** The tick lease (wrangler.toml binds it); without it, the best-effort KV lease. */
  LEASE?: DurableObjectNamespace<LeaseObject>;
  /** A Cloudflare Queue this worker produces to and consumes (README: "Queue"); optional. */
  QUEUE?: Queue<QueueMessage>;
}

const queueOf = (queue: Queue<QueueMessage>): WorkQueue => ({
  send: async (message, options) => {
    await queue.send(message, { contentType: "json", ...options });
  },
  sendBatch: async (messages) => {
    await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" })));
  },
});

/**
 * The Workers adapter: KV for state, a Durable Object for the tick lease, the cron trigger drives
 * resync ticks; with a queue bound, ticks continue on it and webhooks wait on it.
 */
export function createWorker(plugins: readonly AnyPlugin[], overrides: Partial<RuntimeDeps> = {}) {
  const deps: RuntimeDeps = {
    storage: (env) => createStorage({ driver: cloudflareKVBindingDriver({ binding: (env as WorkersEnv).STATE }) }),
    lease: (env, instance) => ((env as WorkersEnv).LEASE ? durableLease((env as WorkersEnv).LEASE!, instance) : null),
    queue: (env) => ((env as WorkersEnv).QUEUE ? queueOf((env as WorkersEnv).QUEUE!) : null),
    ...overrides,
  };
  const app = createApp(plugins, deps);
  return {
    fetch: app.fetch,
    async scheduled(_controller: ScheduledController, env: WorkersEnv, ctx: ExecutionContext) {
      const rt = createRuntime(env, plugins, deps);
      ctx.waitUntil(
        runTick(rt)
          .then((result) => continueAfter(rt, result))
          .catch((err) => rt.log.error("tick.failed", { error: errorMessage(err) })),
      );
    },
    /**
     * Continuation ticks and queued webhooks of one batch, one after another, so none spends what
     * one beside it counted on. They still share the invocation's subrequests and CPU, each budgeting
     * as if alone: hence max_batch_size = 1 on the free plan (README). Identical events in a batch
     * are applied once: each re-reads the source.
     */
    async queue(batch: MessageBatch<unknown>, env: WorkersEnv) {
      const byKey = new Map<string, Message<unknown>[]>();
      for (const message of batch.messages) {
        const body = message.body as { type?: unknown; plugin?: unknown; key?: unknown } | null;
        const key = body?.type === "webhook" && typeof body.key === "string" ? `${String(body.plugin)}\u0000${body.key}` : message.id;
        byKey.set(key, [...(byKey.get(key) ?? []), message]);
      }
      for (const [first, ...duplicates] of byKey.values()) {
        const verdict = await consume(createRuntime(env, plugins, deps), first!.body, first!.attempts);
        if ("retryAfterSeconds" in verdict) first!.retry({ delaySeconds: verdict.retryAfterSeconds });
        else first!.ack();
        for (const duplicate of duplicates) duplicate.ack();
      }
    },
  } satisfies ExportedHandler<WorkersEnv>;
}
