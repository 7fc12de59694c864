import { createStorage } from "unstorage";
import cloudflareKVBindingDriver from "unstorage/drivers/cloudflare-kv-binding";
import { createWorker, type WorkersEnv } from "../src/adapter/workers.ts";
import { resyncBenchPlugin } from "./support/resync-plugin.ts";

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
  /** Only ticks write the lease; the bench reports those invocations. */
  tick: boolean;
  /** Largest value written under each kind of key, in bytes. */
  syncBytes: number;
  segmentBytes: number;
}

let usages: KvUsage[] = [];
/** waitUntil work (ticks) still running; the bench waits for 0 before reading a tick's usage. */
let inFlight = 0;

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

const worker = createWorker([resyncBenchPlugin], {
  // Called once per invocation (request, cron tick), so each gets its own count.
  storage: (env) => {
    const usage: KvUsage = { gets: 0, puts: 0, deletes: 0, lists: 0, tick: false, syncBytes: 0, segmentBytes: 0 };
    usages.push(usage);
    return createStorage({ driver: cloudflareKVBindingDriver({ binding: counting((env as WorkersEnv).STATE, usage) }) });
  },
});

function tracked(ctx: ExecutionContext): ExecutionContext {
  return {
    waitUntil(work: Promise<unknown>) {
      inFlight++;
      ctx.waitUntil(work.finally(() => inFlight--));
    },
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  } as ExecutionContext;
}

export default {
  async fetch(request: Request, env: WorkersEnv, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/bench/kv") {
      // Ticks' usage since the last call; only once no tick is running, so none is cut short.
      if (inFlight > 0) return Response.json({ inFlight, ticks: [] });
      const ticks = usages.filter((u) => u.tick);
      usages = [];
      return Response.json({ inFlight, ticks });
    }
    return worker.fetch(request, env, tracked(ctx));
  },
  scheduled(controller: ScheduledController, env: WorkersEnv, ctx: ExecutionContext) {
    return worker.scheduled(controller, env, tracked(ctx));
  },
} satisfies ExportedHandler<WorkersEnv>;
