import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { createDenoServer, listenOptions, RESYNC_SCHEDULE } from "../../src/adapter/deno.ts";
import { createSourceFake } from "../fakes/source/index.ts";
import { samplePlugin } from "../support/sample/plugin.ts";
import { ROOT } from "./deno-process.ts";

describe("the Deno adapter", () => {
  it("ticks on the schedule wrangler.toml gives the Workers cron trigger", async () => {
    const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
    const crons = /^\s*crons\s*=\s*(\[.*\])\s*$/m.exec(toml)?.[1];
    expect(crons, "wrangler.toml has [triggers] crons").toBeDefined();
    expect(JSON.parse(crons!)).toEqual([RESYNC_SCHEDULE]);
  });

  it("listens where PORTSIDE_HTTP_HOST and PORTSIDE_HTTP_PORT say, on 0.0.0.0:8000 by default", () => {
    expect(listenOptions({})).toEqual({ hostname: "0.0.0.0", port: 8000 });
    expect(listenOptions({ PORTSIDE_HTTP_HOST: "127.0.0.1", PORTSIDE_HTTP_PORT: "0" })).toEqual({ hostname: "127.0.0.1", port: 0 });
    expect(() => listenOptions({ PORTSIDE_HTTP_PORT: "http" })).toThrow(/PORTSIDE_HTTP_PORT must be a port number/);
    expect(() => listenOptions({ PORTSIDE_HTTP_PORT: "70000" })).toThrow(/PORTSIDE_HTTP_PORT/);
  });

  it("runs a request's deferred work (a requested resync) and waits for it on close()", async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const source = createSourceFake({ url: "http://source.test" });
    const seed = { kinds: { team: [{ slug: "platform", name: "Platform", members: [] }], service: [] } };
    await source.handle(new Request("http://source.test/_fake/seed", { method: "POST", body: JSON.stringify(seed) }));
    const env = { ADMIN_TOKEN: "admin", SAMPLE_URL: "http://source.test" };
    const server = createDenoServer([samplePlugin], env, {
      storage: () => storage,
      fetch: (input, init) => source.handle(new Request(input, init)),
    });
    const res = await server.fetch(
      new Request("http://portside.test/admin/resync/sample", { method: "POST", headers: { authorization: "Bearer admin" } }),
    );
    expect(res.status).toBe(202);
    await server.close();
    // The tick the request deferred saved its report before close() returned.
    const sync = (await storage.getItem("portside:default:sync")) as { lastTick?: { pages: number } } | null;
    expect(sync?.lastTick?.pages).toBeGreaterThan(0);
  });
});
