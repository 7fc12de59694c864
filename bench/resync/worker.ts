import { createWorker, type WorkersEnv } from "../../src/adapter/workers.ts";
import { resyncBenchPlugin } from "./plugin.ts";

/**
 * Bench-only entry: the production worker with the bench plugin, over a KV binding that counts
 * what each invocation does to KV, so the bench sees reads, writes and value sizes that /status
 * does not show (KV limits reads, writes and deletes per day and operations per invocation).
 */
export interface KvUsage {
  gets: number;
  puts: number;
  deletes: number;
  lists: number;
  /** Only ticks write the lease; only their usage is kept. */
  tick: boolean;
  /** Largest value written under each kind of key, in bytes. */
  syncBytes: number;
  segmentBytes: number;
  /** Which isolate ran the tick: workerd may replace an isolate between ticks. */
  isolate: string;
}

/** Outside portside's own `portside:` keys, and written through the uncounted binding. */
const USAGE_PREFIX = "bench-usage:";
/** Random values are not allowed at global scope in Workers: named on first use. */
let isolate: string | undefined;
const encoder = new TextEncoder();
const size = (value: unknown) =>
  typeof value === "string" ? encoder.encode(value).length : value instanceof ArrayBuffer ? value.byteLength : 0;

function counting(kv: KVNamespace, usage: KvUsage): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const member = Reflect.get(target, prop, target) as unknown;
      if (typeof member !== "function") return member;
      return (...args: unknown[]) => {
        if (prop === "get" || prop === "getWithMetadata") usage.gets++;
        else if (prop === "delete") usage.deletes++;
        else if (prop === "list") usage.lists++;
        else if (prop === "put") {
          usage.puts++;
          const key = String(args[0]);
          if (key.endsWith(":lease")) usage.tick = true;
          else if (key.endsWith(":sync")) usage.syncBytes = Math.max(usage.syncBytes, size(args[1]));
          else if (key.includes(":seg:")) usage.segmentBytes = Math.max(usage.segmentBytes, size(args[1]));
        }
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const worker = createWorker([resyncBenchPlugin]);

/**
 * Each invocation gets its own counting binding. A tick's usage is saved to KV once its
 * waitUntil work has settled (the final state write and segment cleanup included), so the bench
 * reads whole ticks only, even from an isolate that has since been replaced.
 */
function instrument(env: WorkersEnv, ctx: ExecutionContext): [WorkersEnv, ExecutionContext] {
  const usage: KvUsage = { gets: 0, puts: 0, deletes: 0, lists: 0, tick: false, syncBytes: 0, segmentBytes: 0, isolate: (isolate ??= crypto.randomUUID().slice(0, 8)) };
  const save = async () => {
    if (usage.tick) await env.STATE.put(`${USAGE_PREFIX}${Date.now()}-${crypto.randomUUID()}`, JSON.stringify(usage));
  };
  const tracked = {
    waitUntil: (work: Promise<unknown>) => ctx.waitUntil(work.finally(save)),
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  } as ExecutionContext;
  return [{ ...env, STATE: counting(env.STATE, usage) }, tracked];
}

/** Usage of the ticks finished since the last call, oldest first; each is returned once. */
async function takeUsage(kv: KVNamespace): Promise<KvUsage[]> {
  const { keys } = await kv.list({ prefix: USAGE_PREFIX });
  const usages = await Promise.all(keys.map(async ({ name }) => (await kv.get<KvUsage>(name, "json"))!));
  await Promise.all(keys.map(({ name }) => kv.delete(name)));
  return usages;
}

export default {
  async fetch(request: Request, env: WorkersEnv, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/bench/kv") return Response.json(await takeUsage(env.STATE));
    return worker.fetch(request, ...instrument(env, ctx));
  },
  scheduled(controller: ScheduledController, env: WorkersEnv, ctx: ExecutionContext) {
    return worker.scheduled(controller, ...instrument(env, ctx));
  },
} satisfies ExportedHandler<WorkersEnv>;
