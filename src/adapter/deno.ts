import { createStorage, type Storage } from "unstorage";
import denoKvDriver from "unstorage/drivers/deno-kv";
import { createApp } from "../app.ts";
import type { Env } from "../config/settings.ts";
import { errorMessage } from "../log.ts";
import type { AnyPlugin } from "../plugin.ts";
import { createRuntime, type RuntimeDeps } from "../runtime/context.ts";
import { chunkedDriver } from "../state/chunked.ts";
import { runTick } from "../sync/tick.ts";

/** The resync tick schedule, the same as wrangler.toml's `[triggers] crons`; a test keeps them equal. */
export const RESYNC_SCHEDULE = "*/5 * * * *";

/**
 * A long-lived Deno process has neither the Workers' 50-subrequest cap nor their CPU limit, so a
 * tick may do far more; its time budget plus the lease margin stays under the 5-minute schedule.
 * Explicit settings win.
 */
const DENO_DEFAULTS: Env = { RESYNC_SUBREQUEST_BUDGET: "1000", RESYNC_TIME_BUDGET_MS: "240000", RESYNC_CPU_BUDGET_MS: "0" };

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

/** Deno KV (a SQLite file at PORTSIDE_KV_PATH, or Deno's default), chunked past its 64 KiB values. */
export function denoKvStorage(env: Env): Storage {
  const path = typeof env.PORTSIDE_KV_PATH === "string" && env.PORTSIDE_KV_PATH ? env.PORTSIDE_KV_PATH : undefined;
  return createStorage({ driver: chunkedDriver(denoKvDriver({ path })) });
}

/**
 * The Deno adapter: one process, one environment read at startup, one Deno KV connection. Deno.cron
 * calls `tick`; deferred work (webhooks, requested resyncs) runs on after the response, tracked so a
 * shutdown can wait for it.
 */
export function createDenoServer(plugins: readonly AnyPlugin[], env: Env, overrides: Partial<RuntimeDeps> = {}) {
  const settings: Env = { ...DENO_DEFAULTS, ...env };
  // unstorage's deno-kv driver opens the database on first use, so an override never opens it.
  const storage = denoKvStorage(settings);
  const deps: RuntimeDeps = { storage: () => storage, settingNames: DENO_SETTINGS, ...overrides };
  const app = createApp(plugins, deps);
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => undefined).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const executionCtx = { waitUntil: track, passThroughOnException() {}, props: {} };
  return {
    fetch: (request: Request) => app.fetch(request, settings, executionCtx),
    tick(): Promise<void> {
      const rt = createRuntime(settings, plugins, deps);
      const work = runTick(rt).then(
        () => undefined,
        (err) => rt.log.error("tick.failed", { error: errorMessage(err) }),
      );
      track(work);
      return work;
    },
    /** Opens Deno KV, so a wrong PORTSIDE_KV_PATH stops the process at startup rather than failing every request. */
    async open(): Promise<void> {
      await storage.hasItem("portside");
    },
    /** Waits for deferred work and running ticks, then closes Deno KV. */
    async close(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
      await storage.dispose();
    },
  };
}
