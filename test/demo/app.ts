import { createServer } from "node:net";
import { startWorkerd, type RunningWorker } from "../support/workerd.ts";

export type RunningApp = RunningWorker;

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
 * The real worker (wrangler.toml, plugins/entry.workers.ts) in local workerd, as `wrangler dev` runs it,
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
  const auth: Record<string, string> = vars.ADMIN_TOKEN ? { authorization: `Bearer ${vars.ADMIN_TOKEN}` } : {};
  // A developer's .dev.vars (an ADMIN_TOKEN, a real Harbor) must not leak into the demo.
  return startWorkerd("wrangler.toml", { vars: settings, port: listen, envFiles: ["test/demo/isolated.env"], headers: auth });
}
