import { createDenoServer, denoKvPath, listenOptions, RESYNC_SCHEDULE } from "../src/adapter/deno.ts";
import type { DenoKv } from "../src/adapter/deno-kv.ts";
import { createLogger, createRedactor, errorMessage } from "../src/log.ts";
import { plugins } from "./registry.ts";

// `deno task start`: the core's Deno adapter serving every registered source. The entries live
// beside the registry because src/ never imports a plugin.

/** The part of the Deno namespace used here; the project type-checks against Workers types only. */
interface DenoApi {
  env: { toObject(): Record<string, string> };
  serve(
    options: { hostname: string; port: number; onListen(address: { hostname: string; port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
  cron(name: string, schedule: string, handler: () => Promise<void>): Promise<void>;
  openKv(path?: string): Promise<DenoKv>;
  addSignalListener(signal: "SIGINT" | "SIGTERM", handler: () => void): void;
  exit(code: number): never;
}

const deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
const env = deno.env.toObject();
const log = createLogger(createRedactor([]), { runtime: "deno" });
/** One Deno KV connection for state, the tick lease and the queue; the process stops, saying why, without it. */
async function start(): Promise<ReturnType<typeof createDenoServer>> {
  try {
    const server = createDenoServer(plugins, env, {}, await deno.openKv(denoKvPath(env)));
    await server.open();
    return server;
  } catch (err) {
    log.error("storage.unavailable", { path: env.PORTSIDE_KV_PATH ?? "(Deno's default)", error: errorMessage(err) });
    return deno.exit(1);
  }
}
const server = await start();

deno.cron("portside resync tick", RESYNC_SCHEDULE, server.tick);
const http = deno.serve(
  { ...listenOptions(env), onListen: ({ hostname, port }) => log.info("server.listening", { hostname, port, schedule: RESYNC_SCHEDULE }) },
  server.fetch,
);

// A stopped container should finish accepted webhooks and the running tick rather than drop them.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  deno.addSignalListener(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info("server.stopping", { signal });
    void http
      .shutdown()
      .then(() => server.close())
      .finally(() => deno.exit(0));
  });
}
