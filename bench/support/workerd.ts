import { unstable_startWorker } from "wrangler";

export interface RunningWorker {
  url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts a worker in local workerd (wrangler's bundler and module rules, as in `wrangler dev`). */
export async function startWorkerd(configPath: string): Promise<RunningWorker> {
  const worker = await unstable_startWorker({
    config: configPath,
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
  return {
    url,
    fetch: (path, init) => fetch(new URL(path, url), init),
    stop: () => worker.dispose(),
  };
}
