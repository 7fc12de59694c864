import { unstable_startWorker } from "wrangler";
import type { RunningWorker } from "./workerd.ts";

/**
 * Like startWorkerd, plus plain-text vars known only at run time (fake servers' URLs, the budget
 * under test); they take precedence over the config's [vars].
 */
export async function startWorkerdWithVars(configPath: string, vars: Record<string, string>): Promise<RunningWorker> {
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
  return {
    url,
    fetch: (path, init) => fetch(new URL(path, url), init),
    stop: () => worker.dispose(),
  };
}
