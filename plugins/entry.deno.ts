import { createDenoServer, listenOptions, RESYNC_SCHEDULE } from "../src/adapter/deno.ts";
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
  addSignalListener(signal: "SIGINT" | "SIGTERM", handler: () => void): void;
  exit(code: number): never;
}

const deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
const env = deno.env.toObject();
const log = createLogger(createRedactor([]), { runtime: "deno" });
const server = createDenoServer(plugins, env);
try {
  await server.open();
} catch (err) {
  log.error("storage.unavailable", { path: env.PORTSIDE_KV_PATH ?? "(Deno's default)", error: errorMessage(err) });
  deno.exit(1);
}

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
