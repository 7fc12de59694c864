import { defineFake } from "./base.ts";
import { loadFake } from "./registry.ts";
import { serve, type Served } from "./serve.ts";

/**
 * A control server that starts fresh fake servers on demand (POST /new/:name), so tests running
 * inside workerd, which cannot open sockets, still get isolated fakes over real HTTP.
 */
export async function startHub(): Promise<Served> {
  const started: Served[] = [];
  const hub = defineFake({
    name: "hub",
    seed() {},
    state: () => ({ running: started.length }),
    async route(req, body) {
      const name = /^\/new\/([\w-]+)$/.exec(new URL(req.url).pathname)?.[1];
      const factory = req.method === "POST" && name ? await loadFake(name) : undefined;
      if (!factory) return new Response("unknown fake", { status: 404 });
      const options = body ? JSON.parse(body) : undefined;
      // The fake needs its own URL (Harbor links, Bitbucket hrefs), known only once it listens.
      const served = await serve({ name: name!, handle: (r) => instance.handle(r) });
      const instance = factory({ url: served.url, options });
      started.push(served);
      return Response.json({ url: served.url });
    },
  });
  const served = await serve(hub);
  return {
    url: served.url,
    async close() {
      await Promise.all(started.map((s) => s.close()));
      await served.close();
    },
  };
}
