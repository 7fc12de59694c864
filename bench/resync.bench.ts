import { join } from "node:path";
import { expect, it } from "vitest";
import type { LoggedRequest } from "../test/fakes/base.ts";
import type { KvUsage } from "./resync/worker.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { useResyncBench } from "./support/resync-setup.ts";
import { startWorkerd } from "../test/support/workerd.ts";
import type { RunningWorker } from "../test/support/workerd.ts";
import { control } from "../test/support/fake-control.ts";

/**
 * How many cron ticks, outbound requests and KV writes a full resync costs, against the least any
 * engine with 100-item pages and 20-entity bulks could need: the core in local workerd with a
 * bench plugin, a fake source and a fake Port in this Node process. Ticks run through the worker's
 * scheduled handler until the cycle, reconciliation included, has finished; then a second cycle
 * over the same data shows what skip-unchanged saves.
 */

const ITEMS = Number(process.env.RESYNC_BENCH_ITEMS ?? 100_000);
/** The free plan's default and a paid-plan budget (RESYNC_SUBREQUEST_BUDGET). */
const BUDGETS = (process.env.RESYNC_BENCH_BUDGETS ?? "45,1000").split(",").map(Number);
const PAGE = 100;
const BULK = 20;
const OWNED_PAGE = 5000;
const ADMIN = { authorization: "Bearer bench-admin" };
/** Production's cron, for what the tick counts mean in hours. */
const CRON_MINUTES = 5;

const bench = useResyncBench(ITEMS);

interface Cycle {
  ticks: number;
  outbound: number;
  stateWrites: number;
  pages: number[];
  listings: number;
  bulks: number;
  owned: number;
  deletes: number;
  /** Port token and blueprint requests. */
  other: number;
  kv: KvUsage[];
  statusBytes: number;
  ms: number;
  upserted: number;
  unchanged: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs ticks (the first one started by `start`, the rest by the cron handler) until a new cycle has finished. */
async function cycle(worker: RunningWorker, portUrl: string, budget: number, start: () => Promise<Response>): Promise<Cycle> {
  const status = async () => {
    const res = await worker.fetch("/status", { headers: ADMIN });
    const text = await res.text();
    return { body: JSON.parse(text), bytes: Buffer.byteLength(text) };
  };
  const before = (await status()).body.plugins.bench.lastCycle?.id;
  await Promise.all([bench.sourceUrl, portUrl].map((url) => control(url, "/_fake/requests", undefined, "DELETE")));
  await control(`${worker.url.origin}`, "/bench/kv");

  const result: Cycle = { ticks: 0, outbound: 0, stateWrites: 0, pages: [], listings: 0, bulks: 0, owned: 0, deletes: 0, other: 0, kv: [], statusBytes: 0, ms: 0, upserted: 0, unchanged: 0 };
  const started = performance.now();
  let trigger = start;
  for (;;) {
    const res = await trigger();
    expect(res.status, await res.text()).toBeLessThan(300);
    trigger = () => worker.fetch("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*");
    // The tick runs in waitUntil; the worker reports its KV usage once the tick's work has settled.
    let usage: KvUsage[] = [];
    for (const deadline = Date.now() + 60_000; usage.length === 0; ) {
      await sleep(10);
      usage = await control(worker.url.origin, "/bench/kv");
      if (usage.length === 0 && Date.now() > deadline) {
        const s = (await status()).body;
        throw new Error(`tick ${result.ticks + 1} did not finish within a minute (last tick ${JSON.stringify(s.lastTick)})`);
      }
    }
    expect(usage).toHaveLength(1);
    result.kv.push(usage[0]!);
    const { body: s, bytes } = await status();
    result.statusBytes = Math.max(result.statusBytes, bytes);
    result.ticks++;
    result.outbound += s.lastTick.outbound;
    result.stateWrites += s.lastTick.stateWrites;
    result.pages.push(s.lastTick.pages);
    expect(s.lastTick.outbound).toBeLessThanOrEqual(budget);
    const last = s.plugins.bench.lastCycle;
    if (!s.plugins.bench.cycle && last && last.id !== before) {
      expect(last.resources[0]).toMatchObject({ status: "done", failed: 0, listed: ITEMS });
      result.upserted = last.resources[0].upserted;
      result.unchanged = last.resources[0].unchanged;
      expect(last.reconcile.kinds[0]).toMatchObject({ owned: ITEMS, stale: 0, deleted: 0 });
      break;
    }
    if (result.ticks > 20_000) throw new Error("the cycle did not finish");
  }
  result.ms = performance.now() - started;

  // What went over the wire, counted by the receivers rather than by the engine.
  const source: LoggedRequest[] = await control(bench.sourceUrl, "/_fake/requests");
  const port: LoggedRequest[] = await control(portUrl, "/_fake/requests");
  result.listings = source.length;
  result.bulks = port.filter((r) => r.path.endsWith("/entities/bulk")).length;
  result.owned = port.filter((r) => r.path.endsWith("/datasource-entities")).length;
  result.deletes = port.filter((r) => r.path.endsWith("/bulk/entities/delete")).length;
  result.other = port.length - result.bulks - result.owned - result.deletes;
  expect(result.listings + port.length).toBe(result.outbound);
  return result;
}

interface Minimum {
  requests: number;
  ticks: number;
}

/** Every listing full, every bulk full, every tick spends its whole budget, one state write per tick. */
function minimum(budget: number, bulks: boolean): Minimum & { listings: number; bulks: number; owned: number } {
  const listings = Math.ceil(ITEMS / PAGE);
  const upserts = bulks ? Math.ceil(ITEMS / BULK) : 0;
  const owned = Math.ceil(ITEMS / OWNED_PAGE);
  const requests = listings + upserts + owned;
  return { listings, bulks: upserts, owned, requests, ticks: Math.ceil(requests / budget) };
}

const times = (measured: number, min: number) => `${(measured / min).toFixed(2)}×`;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function rows(label: string, run: Cycle, min: ReturnType<typeof minimum>): TableRow[] {
  const gets = run.kv.map((u) => u.gets);
  return [
    {
      name: `${label}: measured`,
      cells: {
        ticks: run.ticks,
        outbound: run.outbound,
        listings: run.listings,
        "bulk upserts": run.bulks,
        "owned lists": run.owned,
        "other": run.other,
        "state writes": run.stateWrites,
        "writes/tick": (run.stateWrites / run.ticks).toFixed(2),
        "KV reads": sum(gets),
        "max reads/tick": Math.max(...gets),
        "wall s": (run.ms / 1000).toFixed(1),
        "ticks vs min": times(run.ticks, min.ticks),
        "outbound vs min": times(run.outbound, min.requests),
        "writes vs min": times(run.stateWrites, min.ticks),
      },
    },
    {
      name: `${label}: minimum`,
      cells: {
        ticks: min.ticks,
        outbound: min.requests,
        listings: min.listings,
        "bulk upserts": min.bulks,
        "owned lists": min.owned,
        "other": 0,
        "state writes": min.ticks,
        "writes/tick": "1.00",
      },
    },
  ];
}

it(`resyncs ${ITEMS.toLocaleString("en-US")} entities at budgets ${BUDGETS.join(" and ")}: ticks and state writes against the minimum`, async () => {
  const output: string[] = [""];
  for (const budget of BUDGETS) {
    // Port's default window (35,000 requests per 5 min) would pause the fast budget: raise it.
    const portUrl = (
      await control(bench.hub.url, "/new/port", { clients: { "bench-client": "bench-secret" }, rateLimit: { limit: 10_000_000, periodSeconds: 300 } })
    ).url;
    const worker = await startWorkerd(join(bench.snapshot.root, "bench/resync/wrangler.toml"), { vars: {
      BENCH_SOURCE_URL: bench.sourceUrl,
      PORT_API_URL: `${portUrl}/v1`,
      PORTSIDE_INSTANCE: `bench-${budget}`,
      RESYNC_SUBREQUEST_BUDGET: String(budget),
    } });
    try {
      const first = await cycle(worker, portUrl, budget, () => worker.fetch("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*"));
      expect(first.upserted).toBe(ITEMS);
      const entities = (await control(portUrl, "/_fake/state")).entities.length;
      expect(entities).toBe(ITEMS);
      // The second cycle starts on request (as an operator would), not after RESYNC_INTERVAL_MINUTES.
      const second = await cycle(worker, portUrl, budget, () => worker.fetch("/admin/resync/bench", { method: "POST", headers: ADMIN }));
      expect(second.unchanged).toBe(ITEMS);
      expect(second.bulks).toBe(0);

      for (const run of [first, second]) for (const u of run.kv) expect(u.puts).toBeLessThanOrEqual(4);
      const all = [...first.kv, ...second.kv];
      const busiest = (run: Cycle) => Math.max(...run.pages);
      output.push(
        formatTable({
          title: `Resync of ${ITEMS.toLocaleString("en-US")} entities, RESYNC_SUBREQUEST_BUDGET ${budget} (core in local workerd, fake source and Port in Node)`,
          columns: [
            "ticks",
            "outbound",
            "listings",
            "bulk upserts",
            "owned lists",
            "other",
            "state writes",
            "writes/tick",
            "KV reads",
            "max reads/tick",
            "wall s",
            "ticks vs min",
            "outbound vs min",
            "writes vs min",
          ],
          rows: [...rows("cycle 1, all new", first, minimum(budget, true)), ...rows("cycle 2, unchanged", second, minimum(budget, false))],
          digits: 0,
        }),
        `steps (pages, reconciliation steps) per tick, most: cycle 1 ${busiest(first)}, cycle 2 ${busiest(second)}; "other" = Port token + blueprint requests; ` +
          `KV reads and deletes counted at the KV binding (deletes: cycle 1 ${sum(first.kv.map((u) => u.deletes))}, cycle 2 ${sum(second.kv.map((u) => u.deletes))})`,
        `peak KV value written: sync state ${kib(Math.max(...all.map((u) => u.syncBytes)))}, one segment ${kib(Math.max(...all.map((u) => u.segmentBytes)))}; ` +
          `largest /status JSON ${kib(Math.max(first.statusBytes, second.statusBytes))}; ticks ran in ${new Set(all.map((u) => u.isolate)).size} workerd isolate(s)`,
        `at one tick per ${CRON_MINUTES} min: cycle 1 takes ${((first.ticks * CRON_MINUTES) / 60).toFixed(1)} h, cycle 2 ${((second.ticks * CRON_MINUTES) / 60).toFixed(1)} h`,
        "",
      );
    } finally {
      await worker.stop();
    }
  }
  console.log(output.join("\n"));
});
