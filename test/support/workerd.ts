import { unstable_startWorker } from "wrangler";

export interface RunningWorker {
  url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The app's /status document; fails loudly when it does not answer 200. */
  status(): Promise<any>;
  /** One cron tick through the scheduled handler; resolves with /status once the tick's work is saved. */
  tick(timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Plain-text settings known only at run time; they take precedence over the config's [vars]. */
  vars?: Record<string, string>;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Instead of .dev.vars, so a developer's local settings never leak in. */
  envFiles?: string[];
  /** Sent with /status (e.g. the admin token). */
  headers?: Record<string, string>;
}

/** Starts a worker in local workerd (wrangler's bundler and module rules, as `wrangler dev` runs it). */
export async function startWorkerd(configPath: string, options: StartOptions = {}): Promise<RunningWorker> {
  const worker = await unstable_startWorker({
    config: configPath,
    bindings: Object.fromEntries(
      Object.entries(options.vars ?? {}).map(([name, value]) => [name, { type: "plain_text" as const, value }]),
    ),
    ...(options.envFiles && { envFiles: options.envFiles }),
    sendMetrics: false,
    dev: {
      server: { hostname: "127.0.0.1", port: options.port ?? 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, url), init);
  const status = async (): Promise<any> => {
    const res = await get("/status", { headers: options.headers ?? {} });
    if (!res.ok) throw new Error(`/status answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    fetch: get,
    status,
    async tick(timeoutMs = 90_000) {
      const before = (await status()).lastTick?.id;
      const res = await get("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*");
      if (!res.ok) throw new Error(`scheduled handler answered ${res.status}: ${await res.text()}`);
      // The tick runs in waitUntil; it is over once /status shows a new last tick.
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const s = await status();
        if (s.lastTick && s.lastTick.id !== before) return s;
        if (performance.now() > deadline) throw new Error(`the tick did not finish within ${timeoutMs} ms: ${JSON.stringify(s.lastTick)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: () => worker.dispose(),
  };
}
