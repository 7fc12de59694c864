import { join } from "node:path";
import { expect, it } from "vitest";
import type { LoggedRequest } from "../test/fakes/base.ts";
import { control } from "../test/support/fake-control.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";
import { useResyncBench } from "./support/resync-setup.ts";
import { formatTable, type TableRow } from "./support/table.ts";

/**
 * How long a first sync takes from an empty Port, with every answer of the source and of Port
 * delayed as over a real network: ticks one per cron interval (projected from the tick count),
 * ticks back to back (what a continuation on a queue gives), and back to back with concurrency
 * within the tick (bulks in parallel, the next page listed during the writes). Against the bound
 * no engine can beat: the source's pages listed one after another, and Port's rate limit at the
 * share portside may use.
 */

const ITEMS = Number(process.env.CONVERGE_BENCH_ITEMS ?? 100_000);
const BUDGET = Number(process.env.CONVERGE_BENCH_BUDGET ?? 1000);
const LATENCY_MS = Number(process.env.CONVERGE_BENCH_LATENCY_MS ?? 30);
/** PORT_RATE_LIMIT_SHARE's default, in percent. */
const SHARE = 50;
const PAGE = 100;
const CRON_MINUTES = 5;
/** Port's bulk-upsert limit per organisation and window. */
const PORT_LIMIT = 35_000;
const PORT_WINDOW_S = 300;
const ADMIN = { authorization: "Bearer bench-admin" };

const bench = useResyncBench(ITEMS);

interface Run {
  ticks: number;
  /** Sum of the ticks' own durations: back to back, the cycle takes this long. */
  tickMs: number;
  /** From the first trigger to the finished cycle, as the bench saw it. */
  wallMs: number;
  portRequests: number;
  /** Most Port requests within any 5-minute window. */
  peak5min: number;
  /** Most Port requests within any second. */
  peak1s: number;
  listings: number;
}

/** The most timestamps within any span of `spanMs`. */
function peakWithin(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= spanMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

async function converge(concurrency: number): Promise<Run> {
  const portUrl = (await control(bench.hub.url, "/new/port", { clients: { "bench-client": "bench-secret" } })).url;
  const latency = { rules: [{ status: 200, pass: true, delayMs: LATENCY_MS }] };
  await Promise.all([control(portUrl, "/_fake/faults", latency), control(bench.sourceUrl, "/_fake/faults", latency)]);
  await control(bench.sourceUrl, "/_fake/requests", undefined, "DELETE");
  const worker: RunningWorker = await startWorkerd(join(bench.snapshot.root, "bench/resync/wrangler.toml"), {
    headers: ADMIN,
    vars: {
      BENCH_SOURCE_URL: bench.sourceUrl,
      PORT_API_URL: `${portUrl}/v1`,
      PORTSIDE_INSTANCE: `converge-${concurrency}`,
      RESYNC_SUBREQUEST_BUDGET: String(BUDGET),
      RESYNC_CONCURRENCY: String(concurrency),
      PORT_RATE_LIMIT_SHARE: String(SHARE),
    },
  });
  try {
    const run: Run = { ticks: 0, tickMs: 0, wallMs: 0, portRequests: 0, peak5min: 0, peak1s: 0, listings: 0 };
    const started = performance.now();
    for (;;) {
      const s = await worker.tick(600_000);
      run.ticks++;
      run.tickMs += s.lastTick.durationMs;
      expect(s.lastTick.outbound).toBeLessThanOrEqual(BUDGET);
      expect(Object.values(s.lastTick.stoppedBy).join()).not.toMatch(/RateLimited|error/);
      const last = s.plugins.bench.lastCycle;
      if (last && !s.plugins.bench.cycle) {
        expect(last.resources[0]).toMatchObject({ status: "done", failed: 0, listed: ITEMS, upserted: ITEMS });
        break;
      }
      if (run.ticks > 10_000) throw new Error("the cycle did not finish");
    }
    run.wallMs = performance.now() - started;
    const port: LoggedRequest[] = await control(portUrl, "/_fake/requests");
    expect(port.map((r) => r.status)).not.toContain(429);
    expect((await control(portUrl, "/_fake/state")).entities).toHaveLength(ITEMS);
    run.portRequests = port.length;
    run.peak5min = peakWithin(port.map((r) => r.received), PORT_WINDOW_S * 1000);
    run.peak1s = peakWithin(port.map((r) => r.received), 1000);
    run.listings = (await control(bench.sourceUrl, "/_fake/requests")).length;
    return run;
  } finally {
    await worker.stop();
  }
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(ms < 600_000 ? 2 : 1)} min`;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

it(`converges ${ITEMS.toLocaleString("en-US")} entities from an empty Port: cron only, continuation, continuation with concurrency`, async () => {
  const sequential = await converge(1);
  const concurrent = await converge(5);

  // What no engine can beat: listing every page one after another, and Port's window at our share.
  const sourceBoundMs = Math.ceil(ITEMS / PAGE) * LATENCY_MS;
  const portBoundMs = (requests: number, share: number) => (requests / ((PORT_LIMIT * share) / 100)) * PORT_WINDOW_S * 1000;
  const boundMs = Math.max(sourceBoundMs, portBoundMs(concurrent.portRequests, SHARE));
  const fullShareBoundMs = Math.max(sourceBoundMs, portBoundMs(concurrent.portRequests, 100));
  const scale = 1_000_000 / ITEMS;
  /** 1,000,000 entities: the measured pace, but never faster than Port's window at our share allows. */
  const projectMillion = (run: Run) => Math.max(run.tickMs * scale, portBoundMs(run.portRequests * scale, SHARE));

  const row = (name: string, ticks: number, ms: number, run?: Run, million?: number): TableRow => ({
    name,
    cells: {
      ticks: ticks || undefined,
      "time to converge": minutes(ms),
      ms,
      "Port requests": run ? count(run.portRequests) : "—",
      "peak Port req / 5 min": run ? `${count(run.peak5min)} (${((run.peak5min / PORT_LIMIT) * 100).toFixed(1)}% of 35,000)` : "—",
      "peak Port req / s": run ? count(run.peak1s) : "—",
      "vs bound": `${(ms / boundMs).toFixed(2)}×`,
      "1,000,000 projected": million === undefined ? `${((ticks * scale * CRON_MINUTES) / 60 / 24).toFixed(1)} days` : minutes(million),
    },
  });
  const rows: TableRow[] = [
    row("(a) cron only, a tick per 5 min (projected)", sequential.ticks, sequential.ticks * CRON_MINUTES * 60_000),
    row("(b) continuation, RESYNC_CONCURRENCY=1", sequential.ticks, sequential.tickMs, sequential, projectMillion(sequential)),
    row("(c) continuation + concurrency (RESYNC_CONCURRENCY=5)", concurrent.ticks, concurrent.tickMs, concurrent, projectMillion(concurrent)),
    row(`bound: source pages ∥ Port at ${SHARE}% share`, 0, boundMs, undefined, Math.max(sourceBoundMs * scale, portBoundMs(concurrent.portRequests * scale, SHARE))),
    row("bound: source pages ∥ Port at 100% share", 0, fullShareBoundMs, undefined, Math.max(sourceBoundMs * scale, portBoundMs(concurrent.portRequests * scale, 100))),
  ];
  const measured = ITEMS === 100_000 ? "measured" : `measured at ${ITEMS.toLocaleString("en-US")} entities`;
  console.log(
    [
      "",
      formatTable({
        title:
          `First sync of ${ITEMS.toLocaleString("en-US")} entities from an empty Port (${measured}), RESYNC_SUBREQUEST_BUDGET=${BUDGET}, ` +
          `every answer of the source and Port after ${LATENCY_MS} ms, PORT_RATE_LIMIT_SHARE=${SHARE} (core in local workerd, fakes in Node)`,
        columns: ["ticks", "time to converge", "Port requests", "peak Port req / 5 min", "peak Port req / s", "vs bound", "1,000,000 projected"],
        rows,
        ratio: { of: "ms", baseline: rows[0]!.name, label: "speed-up vs cron" },
        digits: 0,
      }),
      `time = sum of the ticks' durations (back to back, as queued continuations run them; the bench saw ${minutes(sequential.wallMs)} and ${minutes(concurrent.wallMs)} with its polling);`,
      `bound = max(${count(ITEMS / PAGE)} source pages × ${LATENCY_MS} ms = ${(sourceBoundMs / 1000).toFixed(0)} s, ${count(concurrent.portRequests)} Port requests at the share of 35,000 per 5 min);`,
      `1,000,000 projected = the measured pace × ${Number(scale.toFixed(2))}, but no faster than Port's window at ${SHARE}% allows (ticks then pause until it resets); cron only: ticks × ${CRON_MINUTES} min.`,
      `goal: 100,000 in ≤ 2 min and ≤ 1.5× the bound; (c) ${ITEMS === 100_000 ? "took" : "projects to"} ${minutes(concurrent.tickMs * (100_000 / ITEMS))} for 100,000.`,
      "",
    ].join("\n"),
  );
}, 3_600_000);
