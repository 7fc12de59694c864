import { beforeEach, describe, expect, it } from "vitest";
import { call, status, testEnv, tick, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import { newFake, type FakeControl } from "../support/fakes.ts";
import { env as workerEnv } from "cloudflare:test";
import { createStorage } from "unstorage";
import cloudflareKVBindingDriver from "unstorage/drivers/cloudflare-kv-binding";
import { createRuntime } from "../../src/runtime/context.ts";
import { runTick } from "../../src/sync/tick.ts";
import { durableLease } from "../../src/adapter/workers-lease.ts";
import { samplePlugin } from "../support/sample/plugin.ts";

/** A KV binding whose puts of matching keys fail, like a Worker killed before it could save. */
function failingPuts(kv: KVNamespace, keys: RegExp): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "put") {
        return (key: string, ...rest: unknown[]) =>
          keys.test(key) ? Promise.reject(new Error("KV put refused")) : (target.put as Function).call(target, key, ...rest);
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const teams = [{ slug: "core", name: "Core", members: ["a"] }];
const makeServices = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `svc-${i}`, name: `S${i}`, lang: "go", stars: i, team: "core" }));

let source: FakeControl;
let port: FakeControl;
let env: TestEnv;

async function seed(services: unknown[]) {
  await source.seed({ kinds: { team: teams, service: services } });
}

async function serviceIds(): Promise<string[]> {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => e.blueprint === "sampleService").map((e) => e.identifier).sort();
}

/** Tick until the plugin's current cycle finished; returns the outbound requests each tick made, as the fakes saw them. */
async function runCycle(e: TestEnv, maxTicks = 400): Promise<number[]> {
  const perTick: number[] = [];
  const before = (await status(e)).plugins.sample.lastCycle?.id;
  for (let i = 0; i < maxTicks; i++) {
    const seen = (await source.requests()).length + (await port.requests()).length;
    await tick(e);
    perTick.push((await source.requests()).length + (await port.requests()).length - seen);
    const s = await status(e);
    if (s.plugins.sample.lastCycle && s.plugins.sample.lastCycle.id !== before && !s.plugins.sample.cycle) return perTick;
  }
  throw new Error(`cycle did not finish within ${maxTicks} ticks`);
}

async function nextCycle(e: TestEnv) {
  // Past RESYNC_INTERVAL_MINUTES, so the next tick starts a new cycle.
  clock.advance(61 * 60_000);
}

beforeEach(async () => {
  clock.reset();
  [source, port] = await Promise.all([newFake("source"), newFake("port")]);
  env = testEnv({
    SAMPLE_URL: source.url,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    RESYNC_SUBREQUEST_BUDGET: "20",
    // The subrequest budget alone cuts these ticks (the CPU cap would stop each after one page).
    RESYNC_CPU_BUDGET_MS: "0",
  });
});

describe("chunked resync", () => {
  it("syncs a 1,500-item source with a budget of 20 and no tick above 20 requests", async () => {
    const services = makeServices(1500);
    await seed(services);
    const perTick = await runCycle(env);
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
    expect(Math.max(...perTick)).toBeLessThanOrEqual(20);
    // 30 pages of 50 items cost 4 requests each (a listing and three bulks): five pages a tick.
    expect(perTick.length).toBeGreaterThanOrEqual(7);
    const s = await status(env);
    expect(s.lastTick.outbound).toBeLessThanOrEqual(20);
    expect(s.lastTick.stateWrites).toBeLessThanOrEqual(3);
  });

  it("sends no upserts in a second cycle over unchanged data", async () => {
    await seed(makeServices(300));
    await runCycle(env);
    await port.clearRequests();
    await nextCycle(env);
    await runCycle(env);
    const bulks = (await port.requests()).filter((r) => r.path.endsWith("/entities/bulk"));
    expect(bulks).toHaveLength(0);
    const service = (await status(env)).plugins.sample.lastCycle.resources.find((r: any) => r.kind === "service");
    expect(service).toMatchObject({ unchanged: 300, upserted: 0 });
  });

  it("sends only the changed entity when one item changes", async () => {
    const services = makeServices(300);
    await seed(services);
    await runCycle(env);
    await port.clearRequests();
    await seed(services.map((s) => (s.id === "svc-123" ? { ...s, stars: 9999 } : s)));
    await nextCycle(env);
    await runCycle(env);
    const sent = (await port.requests())
      .filter((r) => r.path.endsWith("/entities/bulk"))
      .flatMap((r) => (r.body as any).entities.map((e: any) => e.identifier));
    expect(sent).toEqual(["svc-123"]);
  });

  it("restores an entity removed from Port behind its back, by writing the kind in full once", async () => {
    await seed(makeServices(100));
    await runCycle(env);
    const state = await port.state();
    await port.seed({ ...state, entities: state.entities.filter((e: any) => e.identifier !== "svc-5") });
    await nextCycle(env);
    await runCycle(env);
    // Skipped as unchanged, but the reconciliation scan saw it missing from Port.
    expect(await serviceIds()).not.toContain("svc-5");
    const service = (await status(env)).plugins.sample.lastCycle.reconcile.kinds.find((k: any) => k.kind === "service");
    expect(service).toMatchObject({ present: 99, absent: 1 });
    await nextCycle(env);
    await runCycle(env);
    expect(await serviceIds()).toContain("svc-5");
    expect(await serviceIds()).toHaveLength(100);
  });

  it("deletes an entity whose source item was removed, after the next cycle", async () => {
    const services = makeServices(200);
    await seed(services);
    await runCycle(env);
    await seed(services.filter((s) => s.id !== "svc-42"));
    await nextCycle(env);
    await runCycle(env);
    const ids = await serviceIds();
    expect(ids).not.toContain("svc-42");
    expect(ids).toHaveLength(199);
    const deletes = (await port.requests()).filter((r) => r.path.endsWith("/bulk/entities/delete"));
    expect(deletes.flatMap((r) => (r.body as any).entities)).toEqual(["svc-42"]);
    const service = (await status(env)).plugins.sample.lastCycle.reconcile.kinds.find((k: any) => k.kind === "service");
    expect(service).toMatchObject({ owned: 200, stale: 1, deleted: 1 });
  });

  it("deletes nothing when a listing fails mid-cycle, and says why", async () => {
    const services = makeServices(200);
    await seed(services);
    await runCycle(env);
    await seed(services.slice(0, 100));
    // The second page of services fails on every retry: the kind is incomplete.
    await source.faults([{ path: "^/items/service$", status: 500, times: 1000 }]);
    await nextCycle(env);
    await runCycle(env);
    expect(await serviceIds()).toHaveLength(200);
    expect((await port.requests()).filter((r) => r.path.endsWith("/bulk/entities/delete"))).toHaveLength(0);
    const s = await status(env);
    const service = s.plugins.sample.lastCycle.reconcile.kinds.find((k: any) => k.kind === "service");
    expect(service.skipped).toMatch(/listing service did not complete \(failed/);
    expect(s.plugins.sample.errors.some((e: any) => /deletions skipped/.test(e.message))).toBe(true);
  });

  it("refuses deletions above entityDeletionThreshold of all owned entities", async () => {
    const services = makeServices(100);
    await seed(services);
    await runCycle(env);
    await seed(services.slice(0, 5));
    await nextCycle(env);
    await runCycle(env);
    expect(await serviceIds()).toHaveLength(100);
    const service = (await status(env)).plugins.sample.lastCycle.reconcile.kinds.find((k: any) => k.kind === "service");
    expect(service).toMatchObject({ owned: 100, stale: 95, deleted: 0 });
    expect(service.skipped).toMatch(/would delete 95 of 100 owned service entities \(95%\), above entityDeletionThreshold 0.9/);
  });

  it("lets only one of two overlapping ticks process a plugin", async () => {
    await seed(makeServices(400));
    await Promise.all([tick(env), tick(env)]);
    const gets = (await source.requests()).filter((r) => r.path === "/items/team" || r.path === "/items/service");
    const cursors = gets.map((r) => `${r.path}${r.query}`);
    expect(new Set(cursors).size).toBe(cursors.length);
  });

  it("keeps the progress of a tick that stops on a Port outage, and redoes only the page it was on", async () => {
    const services = makeServices(400);
    await seed(services);
    // Port goes down after two pages' bulks (the team page's one, then three of the first service
    // page), within the first tick's budget (each page also costs a listing and a search for entities
    // of other datasources).
    await port.faults([{ path: "/entities/bulk$", status: 503, after: 4, times: 30 }]);
    await tick(env);
    const firstTick = (await source.requests()).map((r) => `${r.path}${r.query}`);
    expect(firstTick.length).toBeGreaterThanOrEqual(3);
    await port.clearFaults();
    await source.clearRequests();
    await tick(env);
    const secondTick = (await source.requests()).map((r) => `${r.path}${r.query}`);
    // Pages whose writes landed are not listed again: only the page the outage interrupted is.
    expect(secondTick.filter((q) => firstTick.includes(q))).toEqual([firstTick[firstTick.length - 1]]);
    await runCycle(env);
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
  });

  it("loses nothing when a tick fails before saving: its lease is freed and the next tick redoes its pages", async () => {
    const services = makeServices(300);
    await seed(services);
    // The tick processes pages, then fails at its final state write. (A tick killed for CPU frees
    // nothing: its lease expires, as the Durable Object lease's own test shows.)
    const dying = createRuntime(env, [samplePlugin], {
      storage: () => createStorage({ driver: cloudflareKVBindingDriver({ binding: failingPuts(workerEnv.STATE, /:sync$/) }) }),
      lease: (_, instance) => durableLease(workerEnv.LEASE, instance),
      now: () => clock.now(),
    });
    await expect(runTick(dying)).rejects.toThrow(/KV put refused/);
    const written = (await serviceIds()).length;
    expect(written).toBeGreaterThan(0);

    await tick(env);
    // The next tick did not wait for the failed one's lease to expire, and went on from the state before it.
    expect((await status(env)).lastTick).not.toBeNull();
    await runCycle(env);
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
  });

  it("converges exactly with 20% injected 5xx and 429 bursts on both sides", async () => {
    const services = makeServices(600);
    await seed(services);
    const faults = [
      { path: "^/items/", status: 503, probability: 0.2 },
      { path: "^/items/", status: 429, probability: 0.05, headers: { "retry-after": "0" } },
    ];
    await source.faults(faults, 7);
    await port.faults(
      [
        { path: "/entities/bulk$", status: 502, probability: 0.2 },
        { path: "/entities/bulk$", status: 429, probability: 0.05, headers: { "retry-after": "0" } },
      ],
      11,
    );
    for (let cycle = 0; cycle < 3; cycle++) {
      await runCycle(env);
      if ((await serviceIds()).length === services.length) break;
      await nextCycle(env);
    }
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
  });

  it("starts a new cycle at once on POST /admin/resync/:plugin", async () => {
    const e = { ...env, ADMIN_TOKEN: "admin-token-for-tests" };
    await seed(makeServices(50));
    await runCycle(e);
    const first = (await status(e)).plugins.sample.lastCycle.id;
    const denied = await call(e, "/admin/resync/sample", { method: "POST" });
    expect(denied.status).toBe(401);
    const res = await call(e, "/admin/resync/sample", { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
    expect(res.status).toBe(202);
    const s = await status(e);
    expect(s.plugins.sample.lastCycle.id !== first || s.plugins.sample.cycle?.reason === "requested").toBe(true);
  });
});
