import { createWorker, type WorkersEnv } from "../../src/adapter/workers.ts";
import { plugins } from "../../plugins/registry.ts";
import { samplePlugin } from "./sample/plugin.ts";
import { clock } from "./clock.ts";
import { registeredEnv } from "./registry.ts";

export { LeaseObject } from "../../src/adapter/workers.ts";

const worker = createWorker([...plugins, samplePlugin], { now: () => clock.now() });

/**
 * The production worker plus the sample plugin, with a clock tests can move forward. Miniflare
 * delivers queue messages with the worker's own bindings; a test's settings (fake servers' URLs)
 * are found by the deployment the message names, as a real deployment has them in its env.
 */
export default {
  ...worker,
  async queue(batch: MessageBatch<unknown>, env: WorkersEnv) {
    const byInstance = new Map<string, Message<unknown>[]>();
    for (const m of batch.messages) {
      const instance = String((m.body as { instance?: unknown } | null)?.instance);
      byInstance.set(instance, [...(byInstance.get(instance) ?? []), m]);
    }
    for (const [instance, messages] of byInstance) {
      await worker.queue({ ...batch, messages }, { ...env, ...registeredEnv(instance) } as WorkersEnv);
    }
  },
};
