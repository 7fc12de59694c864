import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHub } from "../test/fakes/hub.ts";
import type { Served } from "../test/fakes/serve.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";
import { control } from "../test/support/fake-control.ts";

/**
 * A full resync of a simulated Harbor with 100,000 artifacts through the production worker in
 * local workerd, against the fake Harbor and the fake Port (in this Node process): outbound
 * requests per entity, wall time per entity, and the peak memory of the workerd process.
 */

/** HARBOR_BENCH_PROJECTS=2 gives a quick run of 5,000 artifacts. */
const PROJECTS = Number(process.env.HARBOR_BENCH_PROJECTS ?? 40);
const REPOS_PER_PROJECT = 125;
const ARTIFACTS_PER_REPO = 20;
const ARTIFACTS = PROJECTS * REPOS_PER_PROJECT * ARTIFACTS_PER_REPO;
const USERS = 250;
/** Pages of 100 and bulks of 20: 100 entities per 1 listing + 5 bulks at best. */
const TARGET_ENTITIES_PER_REQUEST = 15;
/** The free plan's budget (RESYNC_SUBREQUEST_BUDGET default) and a paid-plan one. */
const BUDGETS = [45, 1000];
/** Longer than RESYNC_TIME_BUDGET_MS below: a tick still running after this has crashed. */
const TICK_TIMEOUT_MS = 90_000;

const entry = fileURLToPath(new URL("../plugins/entry.workers.ts", import.meta.url));

let hub: Served;
let harborUrl: string;


const count = (n: number) => n.toLocaleString("en-US");

const newFake = async (name: string): Promise<string> => (await control(hub.url, `/new/${name}`, {})).url;

beforeAll(async () => {
  hub = await startHub();
  harborUrl = await newFake("harbor");
  const users = Array.from({ length: USERS }, (_, i) => ({ username: `user-${i}`, password: "p", email: `user-${i}@example.com` }));
  await control(harborUrl, "/_fake/seed", { accounts: users });
  const generated = await control(harborUrl, "/_fake/action/generate", {
    projects: PROJECTS,
    reposPerProject: REPOS_PER_PROJECT,
    artifactsPerRepo: ARTIFACTS_PER_REPO,
    prefix: "bench",
  });
  expect(generated.artifacts).toBe(ARTIFACTS);
});

afterAll(() => hub?.close());

/** workerd processes started by this one (wrangler runs a proxy and the user worker). */
function workerdPids(): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) if (ours.has(parent) && !ours.has(pid)) (ours.add(pid), (grew = true));
  }
  return [...ours].filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd");
    } catch {
      return false;
    }
  });
}

function memoryKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/** Linux: start the peak-RSS watermark afresh, so it measures the resync rather than startup. */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Without the right, the peak includes startup; still an upper bound.
  }
}

interface Run {
  entities: number;
  artifacts: number;
  outbound: number;
  ticks: number;
  ms: number;
  baselineMiB: number;
  peakMiB: number;
}

async function resync(budget: number): Promise<Run> {
  const portUrl = await newFake("port");
  const dir = mkdtempSync(join(tmpdir(), "portside-harbor-bench-"));
  const config = join(dir, "wrangler.json");
  writeFileSync(
    config,
    JSON.stringify({
      name: "portside-harbor-bench",
      main: entry,
      compatibility_date: "2026-05-01",
      // The plugins import their default mappings as text, as wrangler.toml's rule says.
      rules: [{ type: "Text", globs: ["**/*.yml"], fallthrough: true }],
      kv_namespaces: [{ binding: "STATE", id: "bench" }],
      vars: {
        HARBOR_URL: harborUrl,
        HARBOR_USERNAME: "admin",
        HARBOR_PASSWORD: "Harbor12345",
        PORT_CLIENT_ID: "test-client-id",
        PORT_CLIENT_SECRET: "test-client-secret",
        PORT_API_URL: `${portUrl}/v1`,
        PORTSIDE_INSTANCE: `bench-${budget}`,
        RESYNC_SUBREQUEST_BUDGET: String(budget),
        RESYNC_TIME_BUDGET_MS: "60000",
        // Requests per entity at each subrequest budget: the CPU estimate (one page a tick at its default) is off.
        RESYNC_CPU_BUDGET_MS: "0",
      },
    }),
  );
  let worker: RunningWorker | undefined;
  try {
    worker = await startWorkerd(config);
    const status = () => worker!.status();
    const pids = workerdPids();
    pids.forEach(resetPeak);
    const baseline = Math.max(0, ...pids.map((pid) => memoryKiB(pid, "VmRSS")));

    const started = performance.now();
    let outbound = 0;
    let ticks = 0;
    for (;;) {
      const s = await worker.tick(TICK_TIMEOUT_MS);
      outbound += s.lastTick.outbound;
      ticks++;
      if (ticks % 20 === 0) {
        const done = s.plugins.harbor.cycle?.resources.map((r: any) => `${r.kind} ${r.listed}`).join(", ");
        console.error(`budget ${budget}: tick ${ticks}, ${outbound} requests, ${Math.round(performance.now() - started)} ms; listed: ${done}`);
      }
      expect(s.lastTick.outbound).toBeLessThanOrEqual(budget);
      if (s.plugins.harbor.lastCycle && !s.plugins.harbor.cycle) break;
      if (ticks > 5000) throw new Error("the resync did not finish");
    }
    const ms = performance.now() - started;
    const peak = Math.max(0, ...pids.map((pid) => memoryKiB(pid, "VmHWM")));

    const cycle = (await status()).plugins.harbor.lastCycle;
    for (const r of cycle.resources) expect(r, JSON.stringify(r)).toMatchObject({ status: "done", failed: 0 });
    const entities = cycle.resources.reduce((n: number, r: any) => n + r.upserted, 0);
    const portState = await control(portUrl, "/_fake/state");
    const artifacts = portState.entities.filter((e: any) => e.blueprint === "harborArtifact").length;
    return { entities, artifacts, outbound, ticks, ms, baselineMiB: baseline / 1024, peakMiB: peak / 1024 };
  } finally {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

it(`resyncs a Harbor with ${ARTIFACTS.toLocaleString("en-US")} artifacts`, async () => {
  const rows: TableRow[] = [];
  for (const budget of BUDGETS) {
    const run = await resync(budget);
    expect(run.artifacts).toBe(ARTIFACTS);
    expect(run.entities).toBe(ARTIFACTS + PROJECTS * (1 + REPOS_PER_PROJECT) + USERS + 1);
    const perRequest = run.entities / run.outbound;
    expect(perRequest).toBeGreaterThanOrEqual(TARGET_ENTITIES_PER_REQUEST);
    rows.push({
      name: `budget ${budget} requests/tick`,
      cells: {
        entities: count(run.entities),
        ticks: count(run.ticks),
        requests: count(run.outbound),
        "entities/request": perRequest,
        "µs/entity": (run.ms * 1000) / run.entities,
        "total s": run.ms / 1000,
        "RSS start MiB": run.baselineMiB,
        "RSS peak MiB": run.peakMiB,
      },
    });
  }
  console.log(
    [
      "",
      formatTable({
        title:
          `Full Harbor resync: ${PROJECTS} projects × ${REPOS_PER_PROJECT} repositories × ${ARTIFACTS_PER_REPO} artifacts + ${USERS + 1} users, ` +
          "production worker in local workerd, fake Harbor and Port in Node (wall time includes the fakes; RSS of the workerd process)",
        columns: ["entities", "ticks", "requests", "entities/request", "µs/entity", "total s", "RSS start MiB", "RSS peak MiB"],
        rows,
      }),
      `target: ≥ ${TARGET_ENTITIES_PER_REQUEST} entities per outbound request (100-item pages, 20-entity bulks: at most 16.7)`,
      "",
    ].join("\n"),
  );
});
