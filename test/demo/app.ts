import { createServer } from "node:net";
import { unstable_startWorker } from "wrangler";

export interface RunningApp {
  url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** One cron tick, as the Cron Trigger would run it; resolves when the tick's work is done. */
  tick(): Promise<void>;
  status(): Promise<any>;
  stop(): Promise<void>;
}

/** Whether `port` on 127.0.0.1 can be listened on; 0 asks for any free one, whose number it gives. */
export function freePort(port = 0): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => {
      const { port: found } = server.address() as { port: number };
      server.close(() => resolve(found));
    });
  });
}

/**
 * The real worker (wrangler.toml, src/entry/workers.ts) in local workerd, as `wrangler dev` runs it,
 * with `vars` as its settings, on `port` or a free one. APP_HOST defaults to its own address, so
 * sources register webhooks to it. Port credentials are forced empty, so entities always land in
 * the local catalog. State lives in memory and is gone when it stops.
 */
export async function startApp(vars: Record<string, string>, port = 0): Promise<RunningApp> {
  const listen = port || (await freePort());
  if (!listen) throw new Error("no free port on 127.0.0.1");
  const settings = { PORT_CLIENT_ID: "", PORT_CLIENT_SECRET: "", APP_HOST: `http://127.0.0.1:${listen}`, ...vars };
  // Miniflare otherwise fetches a Request.cf sample from Cloudflare and warns when it cannot.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    sendMetrics: false,
    // A developer's .dev.vars (an ADMIN_TOKEN, a real Harbor) must not leak into the demo.
    envFiles: ["test/demo/isolated.env"],
    bindings: Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, { type: "plain_text", value }])),
    dev: {
      server: { hostname: "127.0.0.1", port: listen },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, url), init);
  const auth: Record<string, string> = vars.ADMIN_TOKEN ? { authorization: `Bearer ${vars.ADMIN_TOKEN}` } : {};
  return {
    url,
    fetch: get,
    async tick() {
      const res = await get("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*");
      if (!res.ok) throw new Error(`scheduled handler answered ${res.status}: ${await res.text()}`);
    },
    async status() {
      const res = await get("/status", { headers: auth });
      if (!res.ok) throw new Error(`/status answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    stop: () => worker.dispose(),
  };
}
