import { unstable_startWorker } from "wrangler";

export interface RunningWorker {
  url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The app's /status document; fails loudly when it does not answer 200. */
  status(): Promise<any>;
  stop(): Promise<void>;
}

/**
 * Starts a worker in local workerd (wrangler's bundler and module rules, as in `wrangler dev`).
 * `vars` are plain-text settings known only at run time (fake servers' URLs, the budget under test);
 * they take precedence over the config's [vars].
 */
export async function startWorkerd(configPath: string, vars: Record<string, string> = {}): Promise<RunningWorker> {
  const worker = await unstable_startWorker({
    config: configPath,
    bindings: Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text" as const, value }])),
    sendMetrics: false,
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, url), init);
  return {
    url,
    fetch: get,
    async status() {
      const res = await get("/status");
      if (!res.ok) throw new Error(`/status answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    stop: () => worker.dispose(),
  };
}
