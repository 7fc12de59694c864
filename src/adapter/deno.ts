import { createStorage, type Storage } from "unstorage";
import denoKvDriver from "unstorage/drivers/deno-kv";
import { createApp } from "../app.ts";
import type { Env } from "../config/settings.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import { consume } from "../queue/consumer.ts";
import { continueAfter } from "../queue/continuation.ts";
import { createRuntime, type RuntimeDeps } from "../runtime/context.ts";
import { chunkedDriver } from "../state/chunked.ts";
import { runTick } from "../sync/tick.ts";
import { denoKvLease, denoKvQueue, type DenoKv } from "./deno-kv.ts";

/** The resync tick schedule, the same as wrangler.toml's `[triggers] crons`; a test keeps them equal. */
export const RESYNC_SCHEDULE = "*/5 * * * *";

/**
 * A long-lived Deno process has neither the Workers' 50-subrequest cap nor their CPU limit, so a
 * tick may do far more; its time budget plus the lease margin stays under the 5-minute schedule.
 * A Deno KV file has no daily write quota, so continuation is bounded only as a guard. Explicit
 * settings win.
 */
const DENO_DEFAULTS: Env = { RESYNC_SUBREQUEST_BUDGET: "1000", RESYNC_TIME_BUDGET_MS: "240000", RESYNC_CPU_BUDGET_MS: "0", KV_WRITES_PER_DAY: "100000" };

export interface Listen {
  hostname: string;
  port: number;
}

/** What this adapter reads beside the app's settings. */
const DENO_SETTINGS = ["PORTSIDE_HTTP_HOST", "PORTSIDE_HTTP_PORT", "PORT", "PORTSIDE_KV_PATH"];

/** Where Deno.serve listens: PORTSIDE_HTTP_HOST (0.0.0.0) and PORTSIDE_HTTP_PORT (8000; 0 picks a free one). */
export function listenOptions(env: Env): Listen {
  // PORT is what most hosts (and the demo) set; PORTSIDE_HTTP_PORT wins when both are there.
  const raw = String(env.PORTSIDE_HTTP_PORT ?? env.PORT ?? "8000");
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new Error(`PORTSIDE_HTTP_PORT must be a port number, not "${raw}"`);
  return { hostname: String(env.PORTSIDE_HTTP_HOST ?? "0.0.0.0"), port };
}

/** Where Deno KV lives: a SQLite file at PORTSIDE_KV_PATH, or Deno's default. */
export function denoKvPath(env: Env): string | undefined {
  return typeof env.PORTSIDE_KV_PATH === "string" && env.PORTSIDE_KV_PATH ? env.PORTSIDE_KV_PATH : undefined;
}

/** Deno KV (opened already, or at denoKvPath on first use), chunked past its 64 KiB values. */
export function denoKvStorage(env: Env, kv?: DenoKv): Storage {
  return createStorage({ driver: chunkedDriver(denoKvDriver(kv ? { openKv: () => Promise.resolve(kv as never) } : { path: denoKvPath(env) })) });
}

/**
 * The Deno adapter: one process, one environment read at startup, one Deno KV connection. Deno.cron
 * calls `tick`; deferred work (webhooks, requested resyncs) runs on after the response, tracked so a
 * shutdown can wait for it. Given the Deno KV connection (`kv`), the tick lease takes Deno KV's
 * atomic check, and continuation ticks and webhooks go through Deno KV's queue.
 */
export function createDenoServer(plugins: readonly AnyPlugin[], env: Env, overrides: Partial<RuntimeDeps> = {}, kv?: DenoKv) {
  const settings: Env = { ...DENO_DEFAULTS, ...env };
  // unstorage's deno-kv driver opens the database on first use, so an override never opens it.
  const storage = denoKvStorage(settings, kv);
  const deps: RuntimeDeps = {
    storage: () => storage,
    settingNames: DENO_SETTINGS,
    ...(kv && { lease: (_, instance: string) => denoKvLease(kv, instance), queue: () => denoKvQueue(kv) }),
    ...overrides,
  };
  const app = createApp(plugins, deps);
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => undefined).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const executionCtx = { waitUntil: track, passThroughOnException() {}, props: {} };
  /**
   * Deno KV's queue does not count deliveries: a message carries its attempt, and a retry is the
   * message again with the next attempt and the backoff as the queue's delay. A throw (the process
   * dying mid-way) leaves the message to Deno KV's own redelivery.
   */
  const onMessage = async (body: unknown) => {
    const attempts = (body as { attempt?: number } | null)?.attempt ?? 1;
    const verdict = await consume(createRuntime(settings, plugins, deps), body, attempts);
    if ("retryAfterSeconds" in verdict) {
      await kv!.enqueue({ ...(body as object), attempt: attempts + 1 }, { delay: verdict.retryAfterSeconds * 1000 });
    }
  };
  return {
    fetch: (request: Request) => app.fetch(request, settings, executionCtx),
    tick(): Promise<void> {
      const rt = createRuntime(settings, plugins, deps);
      const work = runTick(rt).then(
        async (result) => void (await continueAfter(rt, result)),
        (err) => rt.log.error("tick.failed", { error: errorMessage(err) }),
      );
      track(work);
      return work;
    },
    /**
     * Opens Deno KV, so a wrong PORTSIDE_KV_PATH stops the process at startup rather than failing
     * every request, and listens on its queue: messages a stopped process left are delivered now.
     */
    async open(): Promise<void> {
      await storage.hasItem("portside");
      if (!kv) return;
      void kv.listenQueue((body) => {
        const work = onMessage(body);
        track(work);
        return work;
      });
    },
    /** Waits for deferred work and running ticks, then closes Deno KV. */
    async close(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
      await storage.dispose();
    },
  };
}
