import { env as workerEnv } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { durableLease } from "../../src/adapter/workers-lease.ts";
import { STALE_STATE } from "../../src/sync/lease.ts";
import { call, status, testEnv, tick, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import { ADMIN_TOKEN, portSettings } from "../support/cycles.ts";
import { newFake, type FakeControl } from "../support/fakes.ts";

/**
 * Workers with a Cloudflare Queue bound (miniflare's local queue, consumed by the same worker as
 * README's [[queues.*]] blocks bind it) and the Durable Object lease of wrangler.toml.
 */

const teams = [{ slug: "core", name: "Core", members: ["a"] }];
const makeServices = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: `svc-${from + i}`, name: `S${from + i}`, lang: "go", stars: i, team: "core" }));

const WEBHOOK_SECRET = "queue-hook-secret-789";

let source: FakeControl;
let port: FakeControl;
/**
 * The JSON log lines the worker wrote during the test for the test's own deployment (the queue
 * consumer runs in this isolate, and continuations of earlier tests may still be draining there).
 */
let logs: Record<string, any>[];
let instance: string | undefined;

const events = (name: string) => logs.filter((l) => l.event === name);

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function serviceIds(): Promise<string[]> {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => e.blueprint === "sampleService").map((e) => e.identifier).sort();
}

function queued(overrides: TestEnv = {}): TestEnv {
  const e = testEnv({
    SAMPLE_URL: source.url,
    SAMPLE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...portSettings(port),
    QUEUE: workerEnv.TEST_QUEUE,
    WEBHOOK_RETRY_DELAY_SECONDS: "1",
    // Ticks of many pages, as on a paid plan: the free plan's one page a tick would only add ticks.
    RESYNC_CPU_BUDGET_MS: "0",
    ...overrides,
  });
  instance = e.PORTSIDE_INSTANCE as string;
  return e;
}

const hook = (e: TestEnv, upsert: string[]) =>
  call(e, "/webhooks/sample", {
    method: "POST",
    headers: { "content-type": "application/json", "x-sample-secret": WEBHOOK_SECRET },
    body: JSON.stringify({ kind: "service", upsert }),
  });

beforeEach(async () => {
  clock.reset();
  logs = [];
  instance = undefined;
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((line: unknown) => {
      try {
        const entry = JSON.parse(String(line));
        if (entry.instance === instance) logs.push(entry);
      } catch {
        // not a log line of ours
      }
    });
  }
  [source, port] = await Promise.all([newFake("source"), newFake("port")]);
});

afterEach(() => vi.restoreAllMocks());

describe("continuation on the queue", () => {
  it("completes a cycle over 3,000 entities after one cron tick, every later tick a continuation", async () => {
    const services = makeServices(3000);
    await source.seed({ kinds: { team: teams, service: services } });
    const e = queued();
    await tick(e);
    // Wait for the last tick's own log line, not only its state: a tick saves its state before it
    // frees the lease and logs, so the state alone may show up first.
    await waitFor("the cycle", async () => events("tick.done").some((t) => Object.values(t.stoppedBy).includes("cycle finished")), 120_000);
    const finished = await status(e);
    expect(finished.plugins.sample.cycle).toBeNull();
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
    // One cron tick; every other tick started from the queue, each after a tick that spent its budget.
    const done = events("tick.done");
    const continued = events("tick.continued");
    expect(done.length).toBeGreaterThan(5);
    expect(continued.length).toBe(done.length - 1);
    for (const t of done.slice(0, -1)) expect(Object.values(t.stoppedBy).join()).toMatch(/budget spent|stale entities recorded/);
    expect(finished.plugins.sample.lastCycle.resources.every((r: any) => r.status === "done")).toBe(true);
    // The Durable Object counted every state write the ticks made.
    expect(continued.at(-1)!.writesToday).toBe(done.slice(0, -1).reduce((n, t) => n + t.stateWrites, 0));
  }, 150_000);

  it("does not continue a tick that could not take a single step", async () => {
    await source.seed({ kinds: { team: teams, service: makeServices(300) } });
    // Five requests cannot cover a page of the sample plugin by the tick's estimate.
    const e = queued({ RESYNC_SUBREQUEST_BUDGET: "5" });
    await tick(e);
    await new Promise((r) => setTimeout(r, 500));
    const done = events("tick.done")[0]!;
    expect(done.pages).toBe(0);
    expect(Object.values(done.stoppedBy).join()).toMatch(/subrequest budget spent/);
    expect(events("tick.continued")).toHaveLength(0);
  });

  it("stops continuing at KV_WRITES_PER_DAY and leaves the rest to the cron", async () => {
    await source.seed({ kinds: { team: teams, service: makeServices(1000) } });
    const e = queued({ KV_WRITES_PER_DAY: "6", RESYNC_SUBREQUEST_BUDGET: "20" });
    await tick(e);
    const held = await waitFor("a held continuation", async () => events("tick.not_continued")[0]);
    expect(held.reason).toMatch(/KV_WRITES_PER_DAY \(6\)/);
    const done = events("tick.done");
    expect(done.reduce((n, t) => n + t.stateWrites, 0)).toBeLessThanOrEqual(6 + done.at(-1)!.stateWrites);
    expect((await status(e)).plugins.sample.cycle).not.toBeNull();
  }, 60_000);

  it("does not continue a tick that Port's rate limit paused", async () => {
    await source.seed({ kinds: { team: teams, service: makeServices(1000) } });
    await port.faults([{ path: "/entities/bulk$", status: 429, headers: { "retry-after": "0" } }]);
    const e = queued();
    await tick(e);
    const last = (await status(e)).lastTick;
    expect(Object.values(last.stoppedBy).join()).toMatch(/RateLimitedError|TransientWriteError/);
    // Give a wrongly sent continuation time to arrive.
    await new Promise((r) => setTimeout(r, 500));
    expect(events("tick.continued")).toHaveLength(0);
    expect(events("tick.done")).toHaveLength(1);
  });

  it("runs a requested resync on the queue and continues it there", async () => {
    const services = makeServices(600);
    await source.seed({ kinds: { team: teams, service: services } });
    const e = queued();
    const res = await call(e, "/admin/resync/sample", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(202);
    await waitFor("the requested cycle", async () => {
      const s = await status(e);
      return s.plugins.sample.lastCycle && !s.plugins.sample.cycle;
    });
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
    expect(events("tick.continued").length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the Durable Object lease", () => {
  it("is released, not left to expire, when a tick fails before it saves", async () => {
    await source.seed({ kinds: { team: teams, service: makeServices(10) } });
    // KV refuses the tick's segment, so the tick throws between taking the lease and saving.
    const failingKv = new Proxy(workerEnv.STATE, {
      get(target, name) {
        if (name === "put") {
          return (key: string, ...rest: unknown[]) =>
            key.includes(":seg:") ? Promise.reject(new Error("KV put failed")) : (target.put as Function).call(target, key, ...rest);
        }
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const e = queued({ STATE: failingKv as KVNamespace });
    await tick(e);
    expect(events("tick.failed").length + events("tick.done").length).toBe(1);
    expect(events("tick.done")).toHaveLength(0);
    const lease = durableLease(workerEnv.LEASE, e.PORTSIDE_INSTANCE as string);
    const now = clock.now();
    expect((await lease.acquire("next", now + 60_000, now)).ok).toBe(true);
  });

  it("grants one of many simultaneous acquisitions, until it is released or expires", async () => {
    const lease = durableLease(workerEnv.LEASE, `lease-${crypto.randomUUID()}`);
    const now = Date.now();
    const holders = Array.from({ length: 20 }, () => crypto.randomUUID());
    const results = await Promise.all(holders.map((h) => lease.acquire(h, now + 60_000, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = holders[results.findIndex((r) => r.ok)]!;
    expect(await lease.holds(winner)).toBe(true);
    expect((await lease.acquire("late", now + 60_000, now + 1000)).ok).toBe(false);
    // An expired lease is taken over, and the state it may have saved is named.
    expect(await lease.acquire("after-expiry", now + 200_000, now + 61_000)).toEqual({ ok: true, last: null, lastAt: 0, expired: winner });
    expect(await lease.holds(winner)).toBe(false);
    expect(await lease.release("after-expiry", { writes: 3, now, saved: true })).toBe(3);
    expect(await lease.acquire("next", now + 60_000, now)).toEqual({ ok: true, last: "after-expiry", lastAt: now, expired: null });
  });

  it("refuses a tick that reads sync state older than the last tick's from KV", async () => {
    await source.seed({ kinds: { team: teams, service: makeServices(10) } });
    const e = queued();
    await tick(e);
    const saved = (await status(e)).lastTick.id;
    // Another tick finished elsewhere: the Durable Object knows it, KV here does not show its state yet.
    const lease = durableLease(workerEnv.LEASE, e.PORTSIDE_INSTANCE as string);
    const now = clock.now();
    expect((await lease.acquire("elsewhere", now + 60_000, now)).ok).toBe(true);
    await lease.release("elsewhere", { writes: 2, now, saved: true });
    await tick(e);
    expect(events("tick.skipped").at(-1)).toMatchObject({ reason: STALE_STATE });
    expect((await status(e)).lastTick.id).toBe(saved);
    // Still different minutes later: the state was changed on purpose, and the tick goes on from it.
    clock.advance(4 * 60_000);
    await tick(e);
    expect((await status(e)).lastTick.id).not.toBe(saved);
  });

  it("never lets ticks started at once (cron, queue messages, an admin request) overlap", async () => {
    const services = makeServices(1500);
    await source.seed({ kinds: { team: teams, service: services } });
    const e = queued();
    const instance = e.PORTSIDE_INSTANCE as string;
    await Promise.all([
      tick(e),
      tick(e),
      workerEnv.TEST_QUEUE.send({ type: "tick", instance, reason: "continuation" }),
      workerEnv.TEST_QUEUE.send({ type: "tick", instance, reason: "continuation" }),
      call(e, "/admin/resync/sample", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    ]);
    await waitFor("the cycle", async () => {
      const s = await status(e);
      return s.plugins.sample.lastCycle && !s.plugins.sample.cycle;
    }, 90_000);
    // Let the duplicate continuations each extra trigger started drain.
    await new Promise((r) => setTimeout(r, 1000));
    expect(events("tick.skipped").length).toBeGreaterThan(0);
    // In the order they happened (one isolate, one log): each tick released the lease before the next took it.
    const lease = logs.filter((l) => l.event === "lease.taken" || l.event === "lease.released");
    expect(lease.length).toBeGreaterThan(2);
    lease.forEach((l, i) => {
      expect(l.event).toBe(i % 2 === 0 ? "lease.taken" : "lease.released");
      if (i % 2 === 1) expect(l.tick).toBe(lease[i - 1]!.tick);
    });
    expect(events("tick.lease_lost")).toHaveLength(0);
    expect(await serviceIds()).toEqual(services.map((s) => s.id).sort());
  }, 120_000);
});

describe("durable webhooks on the queue", () => {
  const deadLetters = async (e: TestEnv) => (await status(e)).deadLetters;

  async function synced(e: TestEnv, n: number) {
    await source.seed({ kinds: { team: teams, service: makeServices(n) } });
    await tick(e);
    await waitFor("the first cycle", async () => {
      const s = await status(e);
      return s.plugins.sample.lastCycle && !s.plugins.sample.cycle;
    });
  }

  it("answers 202 before applying, and applies an event Port refused for a while once it recovers", async () => {
    const e = queued();
    await synced(e, 20);
    await source.seed({ kinds: { team: teams, service: makeServices(30) } });
    await port.faults([{ path: "^/v1/", status: 503 }]);
    for (const id of ["svc-20", "svc-21", "svc-22"]) expect((await hook(e, [id])).status).toBe(202);
    await waitFor("a retry", async () => events("webhook.retrying").length >= 3);
    expect(await serviceIds()).not.toContain("svc-20");
    await port.clearFaults();
    await waitFor("the events applied", async () => events("webhook.applied").length === 3);
    expect(await serviceIds()).toEqual(expect.arrayContaining(["svc-20", "svc-21", "svc-22"]));
    // Attempts the queue retried never forced a full resync.
    expect(events("webhook.handed_over")).toHaveLength(0);
    expect((await deadLetters(e)).count).toBe(0);
  }, 60_000);

  it("keeps an event that failed every attempt as a dead letter in /status, and replay applies it", async () => {
    const e = queued({ WEBHOOK_MAX_ATTEMPTS: "2" });
    await synced(e, 20);
    await source.seed({ kinds: { team: teams, service: makeServices(25) } });
    await port.faults([{ path: "^/v1/", status: 503 }]);
    expect((await hook(e, ["svc-24"])).status).toBe(202);
    const letters = await waitFor("a dead letter", async () => {
      const d = await deadLetters(e);
      return d.count > 0 ? d : undefined;
    });
    expect(letters).toMatchObject({ count: 1, lastError: expect.stringContaining("503") });
    expect(letters.events[0]).toMatchObject({ plugin: "sample", attempts: 2, event: { kind: "service", upsert: ["svc-24"] } });
    // Given up on, the event is handed to the resync: once, at the dead letter, not at the first attempt.
    expect(events("webhook.handed_over")).toHaveLength(1);
    expect(logs.indexOf(events("webhook.handed_over")[0]!)).toBeGreaterThan(logs.indexOf(events("webhook.retrying")[0]!));
    const page = await (await call(e, "/", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(page).toContain("Webhook dead letters");
    for (const secret of [WEBHOOK_SECRET, "test-client-secret", ADMIN_TOKEN]) expect(JSON.stringify(await status(e))).not.toContain(secret);

    await port.clearFaults();
    expect((await call(e, "/admin/webhooks/replay", { method: "POST" })).status).toBe(401);
    const replay = await call(e, "/admin/webhooks/replay", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await replay.json()).toEqual({ ok: true, replayed: 1, left: 0 });
    await waitFor("the replayed event applied", async () => (await serviceIds()).includes("svc-24"));
    expect((await deadLetters(e)).count).toBe(0);
  }, 60_000);

  it("loses nothing through a Port outage: accepted = applied + dead-lettered, and replay applies the rest", async () => {
    const e = queued({ WEBHOOK_MAX_ATTEMPTS: "2" });
    await synced(e, 10);
    const total = 24;
    await source.seed({ kinds: { team: teams, service: makeServices(10 + total) } });
    await port.faults([{ path: "^/v1/", status: 503 }]);
    const outageStarted = Date.now();
    let accepted = 0;
    // Events keep arriving through the outage: early ones run out of attempts, late ones outlast it.
    for (let i = 0; i < total; i++) {
      if ((await hook(e, [`svc-${10 + i}`])).status === 202) accepted++;
      await new Promise((r) => setTimeout(r, 400));
    }
    // An attempt lasts seconds (the Port client's own retries) and a batch's messages run one after
    // another: the outage lasts until the first events have spent their two attempts.
    await waitFor("the first dead letter", async () => (await status(e)).deadLetters.count > 0, 120_000);
    await port.clearFaults();
    const outageMs = Date.now() - outageStarted;
    const settled = await waitFor("every event applied or dead-lettered", async () => {
      // Counted from this test's log: /status's webhook counts include earlier tests' events in this isolate.
      const applied = events("webhook.applied").length;
      const dead = (await status(e)).deadLetters.count;
      return applied + dead === accepted ? { applied, dead } : undefined;
    }, 90_000);
    const present = (await serviceIds()).filter((id) => Number(id.slice(4)) >= 10).length;
    console.info(
      JSON.stringify({ figures: "webhook durability", outageMs, accepted, applied: settled.applied, deadLettered: settled.dead, lost: accepted - settled.applied - settled.dead }),
    );
    expect(accepted).toBe(total);
    expect(settled.dead).toBeGreaterThan(0);
    expect(present).toBe(settled.applied);

    await call(e, "/admin/webhooks/replay", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await waitFor("the replayed events applied", async () => (await serviceIds()).length === 10 + total);
    expect((await deadLetters(e)).count).toBe(0);
  }, 300_000);
});
