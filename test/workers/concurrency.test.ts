import { beforeEach, describe, expect, it } from "vitest";
import type { LoggedRequest } from "../fakes/base.ts";
import { status, testEnv, tick, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import { newFake, type FakeControl } from "../support/fakes.ts";
import { createPrefetch } from "../../src/sync/prefetch.ts";

/**
 * Concurrency within a tick and pacing by Port's rate limit, seen from the fakes: which requests
 * were in flight together, and what Port's window said.
 */

const teams = [
  { slug: "core", name: "Core", members: ["a"] },
  { slug: "web", name: "Web", members: ["b"] },
];
const services = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `svc-${i}`, name: `S${i}`, lang: "go", stars: i, team: i % 2 ? "core" : "web" }));
/** Every answer after 50 ms, as over a real network, and well above the tick's own CPU time per page. */
const LATENCY = [{ status: 200, pass: true, delayMs: 50 }];

let source: FakeControl;
let port: FakeControl;

const isBulk = (r: LoggedRequest) => r.path.endsWith("/entities/bulk");
const isListing = (r: LoggedRequest) => r.path.startsWith("/items/");

/** The most requests that were in flight at one moment. */
function peakInFlight(requests: readonly LoggedRequest[]): number {
  const edges = requests.flatMap((r) => [
    [r.received, 1],
    [r.at, -1],
  ]);
  // An answer at the same millisecond as an arrival frees its slot first.
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (now += step!));
  return peak;
}

const overlaps = (a: LoggedRequest, b: LoggedRequest) => a.received < b.at && b.received < a.at;

async function portIds(blueprint: string): Promise<string[]> {
  return ((await port.state()).entities as any[]).filter((e) => e.blueprint === blueprint).map((e) => e.identifier).sort();
}

async function runCycle(e: TestEnv, maxTicks: number, between?: () => Promise<void>): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < maxTicks; i++) {
    await tick(e);
    const s = await status(e);
    stops.push(s.lastTick.stoppedBy.sample ?? "");
    if (s.plugins.sample.lastCycle && !s.plugins.sample.cycle) return stops;
    await between?.();
  }
  throw new Error(`the cycle did not finish within ${maxTicks} ticks: ${stops.join(" | ")}`);
}

function envFor(settings: Record<string, string>): TestEnv {
  return testEnv({
    SAMPLE_URL: source.url,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    RESYNC_SUBREQUEST_BUDGET: "1000",
    // Ticks of many pages, as on a paid plan: work ahead only happens past a tick's first page.
    RESYNC_CPU_BUDGET_MS: "0",
    ...settings,
  });
}

beforeEach(async () => {
  clock.reset();
  [source, port] = await Promise.all([newFake("source"), newFake("port")]);
  await source.seed({ kinds: { team: teams, service: services(300) } });
});

describe("concurrency within a tick", () => {
  it("sends a page's bulks in parallel and lists and checks the next page while the current one is written", async () => {
    await Promise.all([source.faults(LATENCY), port.faults(LATENCY)]);
    await runCycle(envFor({}), 3);
    expect(await portIds("sampleService")).toEqual(services(300).map((s) => s.id).sort());

    const bulks = (await port.requests()).filter(isBulk);
    const listings = (await source.requests()).filter(isListing);
    // 50-item pages make three bulks each, all three sent at once.
    expect(peakInFlight(bulks)).toBe(3);
    // The service pages after the first were listed while a page before them was written (with
    // RESYNC_CONCURRENCY=1 none is), and most were checked for foreign entities meanwhile too (the
    // second page's check may begin just after the first page's bulks: it is listed only once the
    // first page's writes are known to fit).
    const writes = (await port.requests()).filter((r) => r.method === "POST" && r.path.includes("/entities"));
    const serviceListings = listings.filter((r) => r.path === "/items/service");
    expect(serviceListings).toHaveLength(6);
    expect(serviceListings.slice(1).filter((l) => writes.some((w) => overlaps(l, w))).length).toBeGreaterThanOrEqual(4);
    const searches = (await port.requests()).filter((r) => r.path === "/v1/entities/search");
    expect(searches.filter((q) => bulks.some((b) => overlaps(q, b))).length).toBeGreaterThanOrEqual(3);
    // Relation targets first: every team was written before the first service.
    const teamBulks = bulks.filter((b) => b.path.includes("/sampleTeam/"));
    const serviceBulks = bulks.filter((b) => b.path.includes("/sampleService/"));
    expect(Math.max(...teamBulks.map((b) => b.at))).toBeLessThanOrEqual(Math.min(...serviceBulks.map((b) => b.received)));
  });

  it("sends one request at a time with RESYNC_CONCURRENCY=1, to the same result", async () => {
    await Promise.all([source.faults(LATENCY), port.faults(LATENCY)]);
    await runCycle(envFor({ RESYNC_CONCURRENCY: "1" }), 3);
    expect(await portIds("sampleService")).toEqual(services(300).map((s) => s.id).sort());
    const requests = [...(await port.requests()), ...(await source.requests())];
    expect(peakInFlight(requests)).toBe(1);
    expect(requests.filter(isListing).filter((l) => requests.some((r) => r !== l && overlaps(l, r)))).toEqual([]);
  });

  it("converges exactly under a small budget, with pages listed ahead and taken by the next step", async () => {
    await Promise.all([source.faults(LATENCY), port.faults(LATENCY), source.seed({ kinds: { team: teams, service: services(900) } })]);
    // A few pages a tick, the later ones listed ahead, then the budget is spent.
    const e = envFor({ RESYNC_SUBREQUEST_BUDGET: "30" });
    const stops = await runCycle(e, 40);
    expect(stops.filter((s) => /budget/.test(s)).length).toBeGreaterThan(2);
    const writes = (await port.requests()).filter((r) => r.method === "POST" && r.path.includes("/entities"));
    expect((await source.requests()).filter((l) => writes.some((w) => overlaps(l, w))).length).toBeGreaterThan(0);
    expect(await portIds("sampleService")).toEqual(services(900).map((s) => s.id).sort());
    const s = await status(e);
    expect(s.plugins.sample.lastCycle.resources.find((r: any) => r.kind === "service")).toMatchObject({ listed: 900, upserted: 900, failed: 0 });
    // 18 pages, each listed again at most once per tick that stopped, as without listing ahead
    // (a page whose writes did not fit is listed again to resume them).
    const budgetStops = stops.filter((s) => /budget/.test(s)).length;
    expect((await source.requests()).filter((r) => r.path === "/items/service").length).toBeLessThanOrEqual(18 + budgetStops);
  });
});

describe("pacing by Port's rate limit", () => {
  it("pauses the tick before the organisation's limit, leaves the others their half, and finishes after the window resets", async () => {
    const PERIOD_S = 2;
    await port.action("configure", { rateLimit: { limit: 24, periodSeconds: PERIOD_S } });
    await source.seed({ kinds: { team: teams, service: services(150) } });
    const e = envFor({ PORT_RATE_LIMIT_SHARE: "50" });
    const stops = await runCycle(e, 30, () => new Promise((resolve) => setTimeout(resolve, PERIOD_S * 1000)));
    expect(stops.filter((s) => /^RateLimitedError: .*PORT_RATE_LIMIT_SHARE=50/.test(s)).length).toBeGreaterThan(0);
    const requests = await port.requests();
    expect(requests.map((r) => r.status)).not.toContain(429);
    // Within any one of Port's windows portside sent at most its 12 of 24.
    const windows: number[] = (await port.state()).rateLimitWindows;
    expect(windows.length).toBeGreaterThan(1);
    expect(Math.max(...windows)).toBeLessThanOrEqual(12);
    expect(await portIds("sampleService")).toEqual(services(150).map((s) => s.id).sort());
  }, 90_000);

  it("pauses on a 429 as before: the tick stops, its page is redone next tick, nothing is lost", async () => {
    await port.faults([{ path: "/sampleService/entities/bulk$", status: 429, times: 1, headers: { "retry-after": "600" } }]);
    const e = envFor({});
    const stops = await runCycle(e, 5);
    expect(stops[0]).toMatch(/^RateLimitedError: .*asks to wait 600 s/);
    expect(await portIds("sampleService")).toEqual(services(300).map((s) => s.id).sort());
  });
});

describe("createPrefetch", () => {
  /** Pages "p1", "p2", … of one resource, each pointing at the next; `calls` names every listing. */
  function source(last = 9) {
    const calls: string[] = [];
    const list = async (cursor: unknown) => {
      calls.push(String(cursor));
      const n = Number(String(cursor).slice(1));
      return { items: [n], next: n < last ? `p${n + 1}` : null };
    };
    return { calls, list };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  const never = async (): Promise<any> => {
    throw new Error("listed again");
  };

  it("lists up to two pages ahead and hands each, prepared when asked, to the step at its cursor and page", async () => {
    const prefetch = createPrefetch<string>();
    const { calls, list } = source();
    prefetch.start(1, "p1", list, () => true);
    await tick();
    expect(calls).toEqual(["p1", "p2"]);
    prefetch.prepare(1, "p1", 1, async (listed) => `prepared ${listed.items[0]}`);
    const first = prefetch.take(1, "p1", 1, never);
    expect(await first.page).toMatchObject({ items: [1] });
    expect(await first.prepared).toBe("prepared 1");
    await tick();
    // One taken, so one more listed ahead.
    expect(calls).toEqual(["p1", "p2", "p3"]);
    // Already listed: not listed twice.
    prefetch.start(1, "p2", list, () => true);
    // Prepared as another page number (the page before did not finish): listed ahead, prepared anew.
    prefetch.prepare(1, "p2", 2, async () => "page 2");
    const second = prefetch.take(1, "p2", 5, never);
    expect(await second.page).toMatchObject({ items: [2] });
    expect(second.prepared).toBeUndefined();
    await tick();
    expect(calls).toEqual(["p1", "p2", "p3", "p4"]);
  });

  it("drops what it listed ahead when the step goes elsewhere, and lists no further", async () => {
    const prefetch = createPrefetch<string>();
    const { calls, list } = source();
    prefetch.start(1, "p1", list, () => true);
    await tick();
    // The page before stopped or its kind failed: the next step is not at p1.
    expect(await prefetch.take(2, "p1", 1, async () => ({ items: ["anew"], next: null })).page).toEqual({ items: ["anew"], next: null });
    expect(await prefetch.take(1, "p2", 2, async () => ({ items: ["anew"], next: null })).page).toEqual({ items: ["anew"], next: null });
    await tick();
    expect(calls).toEqual(["p1", "p2"]);
  });

  it("lists ahead only while `further` allows, and not past the last page", async () => {
    const prefetch = createPrefetch<string>();
    const { calls, list } = source(2);
    prefetch.start(1, "p1", list, (ahead) => ahead < 1);
    await tick();
    expect(calls).toEqual(["p1"]);
    await prefetch.take(1, "p1", 1, never).page;
    await tick();
    expect(calls).toEqual(["p1"]);
    // The step at p1 asks for its next page, as runPage does.
    prefetch.start(1, "p2", list, (ahead) => ahead < 1);
    await tick();
    expect(calls).toEqual(["p1", "p2"]);
    await prefetch.take(1, "p2", 2, never).page;
    await tick();
    expect(calls).toEqual(["p1", "p2"]);
    const refused = createPrefetch<string>();
    refused.start(1, "p1", list, () => false);
    await tick();
    expect(calls).toEqual(["p1", "p2"]);
  });

  it("passes a failure to the step that takes it, and settles dropped work without an unhandled rejection", async () => {
    const prefetch = createPrefetch<string>();
    prefetch.start(0, null, async () => {
      throw new Error("listing failed");
    }, () => true);
    await expect(prefetch.take(0, null, 0, never).page).rejects.toThrow("listing failed");
    const { list } = source(1);
    prefetch.start(0, "p1", list, () => true);
    prefetch.prepare(0, "p1", 1, async () => {
      throw new Error("search failed");
    });
    await expect(prefetch.take(0, "p1", 1, never).prepared).rejects.toThrow("search failed");

    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    prefetch.start(0, "p1", list, () => true);
    prefetch.prepare(0, "p1", 1, async () => {
      await slow;
      throw new Error("dropped");
    });
    let settled = false;
    const settling = prefetch.settle().then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    finish();
    await settling;
    expect(settled).toBe(true);
  });
});
