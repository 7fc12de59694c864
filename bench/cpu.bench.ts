import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHub } from "../test/fakes/hub.ts";
import type { Served } from "../test/fakes/serve.ts";
import { control } from "../test/support/fake-control.ts";
import { DENO, ROOT } from "../test/node/deno-process.ts";
import { PAGE_SIZE } from "../plugins/harbor/paging.ts";
import { CPU_MODEL, pageLimit } from "../src/sync/cpu.ts";
import { formatTable, type TableRow } from "./support/table.ts";

/**
 * The CPU the platform bills, measured on the real app core: the Deno adapter with the real
 * plugins (bench/cpu/app.ts), in its own process, against the fake Harbor and Port in this one.
 * The app reads its own process CPU (process.cpuUsage) around each tick; webhooks are counted
 * from before the first delivery until Port holds every pushed artifact. The first cycle of the
 * process (to another fake Port) is the cold figure: V8 compiles the app as it runs it. The
 * measured cycle follows it, as on a long-lived isolate. The same run with every expression on
 * jq-web is the baseline; the floor row is the runtime's own cost of the same HTTP traffic.
 */

const PROJECTS = 2;
const REPOS_PER_PROJECT = 125;
const ARTIFACTS_PER_REPO = 12;
const PUSHES = 100;
const SECRET = "bench-webhook-secret";
const ENGINES = ["jq-web", "compiled"] as const;
const FREE_TICKS = 12;
/** Page sizes the free-plan ticks are also measured at, to calibrate the CPU model (src/sync/cpu.ts). */
const CALIBRATION_PAGES = [12, 25, 50, 75, 100];

let hub: Served;
let harborUrl: string;
const newFake = async (name: string): Promise<string> => (await control(hub.url, `/new/${name}`, {})).url;

beforeAll(async () => {
  hub = await startHub();
  harborUrl = await newFake("harbor");
  await control(harborUrl, "/_fake/action/generate", {
    projects: PROJECTS,
    reposPerProject: REPOS_PER_PROJECT,
    artifactsPerRepo: ARTIFACTS_PER_REPO,
    prefix: "bench",
  });
}, 120_000);

afterAll(() => hub?.close());

interface App {
  url: string;
  child: ChildProcess;
  stop(): void;
}

async function startApp(engine: string, env: Record<string, string>): Promise<App> {
  const child = spawn(
    DENO,
    // CPU_BENCH_PROFILE=<dir> writes a V8 CPU profile per phase (.cpuprofile, for Chrome DevTools).
    ["run", "--quiet", "--config", "deno.json", "--allow-net", "--allow-env", "--allow-read", "--allow-write", ...(process.env.CPU_BENCH_PROFILE ? ["--allow-sys"] : []), "bench/cpu/app.ts"],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", BENCH_ENGINE: engine, CPU_BENCH_PROFILE: process.env.CPU_BENCH_PROFILE ?? "", ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const match = /"event":"bench\.listening","port":(\d+)/.exec(buffer);
      if (match) resolve(Number(match[1]));
      // The app logs a line per page and webhook; only the port matters here.
      if (buffer.length > 1 << 16) buffer = buffer.slice(-4096);
    });
    child.on("exit", (code) => reject(new Error(`bench app exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stop: () => child.kill("SIGKILL") };
}

const post = async (url: string) => (await fetch(url, { method: "POST" })).json() as Promise<any>;

/** With CPU_BENCH_PROFILE set, the app writes the profile of what it did since the last phase. */
async function profilePhase(app: App, phase: string): Promise<void> {
  if (process.env.CPU_BENCH_PROFILE) await post(`${app.url}/_bench/profile?phase=${phase}`);
}

function settings(portUrl: string, extra: Record<string, string>): Record<string, string> {
  return {
    HARBOR_URL: harborUrl,
    HARBOR_USERNAME: "admin",
    HARBOR_PASSWORD: "Harbor12345",
    HARBOR_WEBHOOK_SECRET: SECRET,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${portUrl}/v1`,
    ...extra,
  };
}

async function portArtifacts(portUrl: string): Promise<number> {
  const state = await control(portUrl, "/_fake/state");
  return state.entities.filter((e: any) => e.blueprint === "harborArtifact").length;
}

interface Figures {
  entities: number;
  /** The first cycle in a fresh process: V8 compiles the code as it goes, and the mapping is compiled. */
  coldCycleUs: number;
  cycleUs: number;
  /** The same outbound requests sent again by bare fetch, and their JSON parsed: the runtime's floor. */
  cycleFloorUs: number;
  cycleRequests: number;
  webhookFloorUs: number;
  webhookRequests: number;
  ticks: number;
  free: FreeTicks;
  webhookUs: number;
}

async function measure(engine: string): Promise<Figures> {
  // A full cycle with room to spare, as on a paid plan or Deno: CPU per entity.
  const [portUrl, warmPortUrl] = [await newFake("port"), await newFake("port")];
  const roomy = await startApp(engine, settings(portUrl, { RESYNC_SUBREQUEST_BUDGET: "10000", BENCH_WARM_PORT_API_URL: `${warmPortUrl}/v1` }));
  let coldCycleUs = 0;
  let cycleUs = 0;
  let cycleFloorUs = 0;
  let cycleRequests = 0;
  let ticks = 0;
  let webhook: WebhookFigures;
  try {
    coldCycleUs = (await post(`${roomy.url}/_bench/warm`)).us;
    await profilePhase(roomy, "cold-cycle");
    for (;;) {
      const { us, sync } = await post(`${roomy.url}/_bench/tick`);
      cycleUs += us;
      const floor = await post(`${roomy.url}/_bench/floor`);
      cycleFloorUs += floor.us;
      cycleRequests += floor.requests;
      ticks++;
      if (sync?.plugins?.harbor?.lastCycle && !sync.plugins.harbor.cycle) break;
      if (ticks > 50) throw new Error("the cycle did not finish in 50 ticks");
    }
    await profilePhase(roomy, "cycle");
    webhook = await webhooks(roomy, portUrl);
    await profilePhase(roomy, "webhooks");
  } finally {
    roomy.stop();
  }
  const entities = (await control(portUrl, "/_fake/state")).entities.length;

  const free = await freeTicks(engine, 10, FREE_TICKS);
  return { entities, coldCycleUs, cycleUs, cycleFloorUs, cycleRequests, ticks, free, ...webhook };
}

interface FreeTick {
  us: number;
  floorUs: number;
  items: number;
  estimateMs: number;
}

interface FreeTicks {
  /** The first tick of a fresh process. */
  cold: FreeTick;
  /** Ticks after a whole cycle ran in the same process: a warm isolate. */
  warm: FreeTick[];
  pageLimit: number;
}

/** Items listed so far in the plugins' running cycles. */
const listedSoFar = (sync: any): number =>
  Object.values<any>(sync?.plugins ?? {}).reduce((n, p) => n + (p.cycle?.resources ?? []).reduce((m: number, r: any) => m + r.listed, 0), 0);

/**
 * Ticks at the Workers defaults (45 subrequests) and a CPU budget, from the start of a cycle: the
 * first in a fresh process, the others after a warm-up cycle to another fake Port.
 */
async function freeTicks(engine: string, budgetMs: number, count: number): Promise<FreeTicks> {
  const [portUrl, warmPortUrl] = [await newFake("port"), await newFake("port")];
  const app = await startApp(
    engine,
    settings(portUrl, {
      RESYNC_SUBREQUEST_BUDGET: "45",
      RESYNC_TIME_BUDGET_MS: "25000",
      RESYNC_CPU_BUDGET_MS: String(budgetMs),
      BENCH_WARM_PORT_API_URL: `${warmPortUrl}/v1`,
    }),
  );
  let listed = 0;
  const one = async (): Promise<FreeTick> => {
    const { us, sync } = await post(`${app.url}/_bench/tick`);
    const floorUs = (await post(`${app.url}/_bench/floor`)).us;
    const items = listedSoFar(sync) - listed;
    listed += items;
    return { us, floorUs, items, estimateMs: sync.lastTick.cpuEstimateMs };
  };
  try {
    const cold = await one();
    await post(`${app.url}/_bench/warm`);
    const warm: FreeTick[] = [];
    for (let i = 0; i < count; i++) warm.push(await one());
    await profilePhase(app, `free-ticks-${budgetMs}ms`);
    return { cold, warm, pageLimit: pageLimit(budgetMs, PAGE_SIZE) };
  } finally {
    app.stop();
  }
}

interface WebhookFigures {
  webhookUs: number;
  webhookFloorUs: number;
  webhookRequests: number;
}

/**
 * PUSH_ARTIFACT deliveries as Harbor makes them, posted one after the other; CPU until Port holds
 * them all. The floor: the same deliveries to a route that only reads them, and the same outbound
 * requests by bare fetch.
 */
async function webhooks(app: App, portUrl: string): Promise<WebhookFigures> {
  const auth = `Basic ${Buffer.from("admin:Harbor12345").toString("base64")}`;
  await fetch(`${harborUrl}/api/v2.0/projects/bench-0/webhook/policies`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify({
      name: `cpu-bench-${Date.now()}`,
      enabled: true,
      event_types: ["PUSH_ARTIFACT"],
      targets: [{ type: "http", address: `${app.url}/webhooks/harbor`, auth_header: SECRET, payload_format: "Default" }],
    }),
  });
  const deliveries: { url: string; headers: Record<string, string>; body: string }[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const result = await control(harborUrl, "/_fake/action/push", {
      project: "bench-0",
      repository: `bench-0/cpu-${i % 10}`,
      tags: [`2.0.${Date.now()}-${i}`],
      deliver: "return",
    });
    deliveries.push(...result.deliveries.filter((d: any) => d.url.startsWith(app.url)));
  }
  expect(deliveries).toHaveLength(PUSHES);
  const before = await portArtifacts(portUrl);
  const start = (await post(`${app.url}/_bench/cpu?reset`)).us as number;
  for (const d of deliveries) {
    const res = await fetch(d.url, { method: "POST", headers: d.headers, body: d.body });
    expect(res.status).toBe(202);
  }
  while ((await portArtifacts(portUrl)) < before + PUSHES) await new Promise((resolve) => setTimeout(resolve, 50));
  const webhookUs = ((await post(`${app.url}/_bench/cpu`)).us - start) / PUSHES;
  const outbound = await post(`${app.url}/_bench/floor`);
  const sinkStart = (await post(`${app.url}/_bench/cpu`)).us as number;
  for (const d of deliveries) {
    const res = await fetch(`${app.url}/_bench/sink`, { method: "POST", headers: d.headers, body: d.body });
    expect(res.status).toBe(202);
  }
  const inboundUs = (await post(`${app.url}/_bench/cpu`)).us - sinkStart;
  return { webhookUs, webhookFloorUs: (outbound.us + inboundUs) / PUSHES, webhookRequests: outbound.requests / PUSHES };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it("CPU per entity over a full Harbor cycle, per push webhook and per tick at the free plan's defaults", async () => {
  const rows: TableRow[] = [];
  const notes: string[] = [];
  for (const engine of ENGINES) {
    const f = await measure(engine);
    rows.push({
      name: engine === "compiled" ? "compiled expressions" : "jq-web for every expression",
      cells: {
        "µs CPU/entity (cold cycle)": f.coldCycleUs / f.entities,
        "µs CPU/entity (cycle)": f.cycleUs / f.entities,
        "ms CPU/push webhook": f.webhookUs / 1000,
        "ms CPU/tick (median)": median(f.free.warm.map((t) => t.us)) / 1000,
        "ms CPU/tick (max)": Math.max(...f.free.warm.map((t) => t.us)) / 1000,
        "ms CPU/tick (cold)": f.free.cold.us / 1000,
      },
    });
    if (engine === "compiled") {
      rows.push({
        name: "floor: its HTTP and JSON.parse only",
        cells: {
          "µs CPU/entity (cycle)": f.cycleFloorUs / f.entities,
          "ms CPU/push webhook": f.webhookFloorUs / 1000,
          "ms CPU/tick (median)": median(f.free.warm.map((t) => t.floorUs)) / 1000,
          "ms CPU/tick (max)": Math.max(...f.free.warm.map((t) => t.floorUs)) / 1000,
        },
      });
      notes.push(
        `floor: the ${f.cycleRequests} outbound requests of the cycle (${(f.entities / f.cycleRequests).toFixed(1)} entities per request), ` +
          `${f.webhookRequests.toFixed(1)} per push webhook and each free-plan tick's, sent again by bare fetch with their JSON parsed ` +
          "(and the deliveries posted to a route that only reads them): what this runtime costs before the app does anything",
      );
    }
    notes.push(
      `${engine}: ${f.entities} entities in ${f.ticks} tick(s); free-plan ticks (RESYNC_CPU_BUDGET_MS=10, pages of ${f.free.pageLimit}): ` +
        `CPU ${f.free.warm.map((t) => (t.us / 1000).toFixed(1)).join(", ")} ms, items ${f.free.warm.map((t) => t.items).join(", ")}, ` +
        `model's estimate ${f.free.warm.map((t) => t.estimateMs).join(", ")} ms; the cold first tick ${(f.free.cold.us / 1000).toFixed(1)} ms`,
    );
  }
  console.log(
    [
      "",
      formatTable({
        title: `Process CPU of the app core on Deno (fake Harbor: ${PROJECTS * REPOS_PER_PROJECT * ARTIFACTS_PER_REPO} artifacts; ${PUSHES} push webhooks)`,
        columns: ["µs CPU/entity (cold cycle)", "µs CPU/entity (cycle)", "ms CPU/push webhook", "ms CPU/tick (median)", "ms CPU/tick (max)", "ms CPU/tick (cold)"],
        rows,
        ratio: { of: "µs CPU/entity (cycle)", baseline: rows[0]!.name, label: "less CPU per entity" },
        digits: 2,
      }),
      "Goals: ≤ 25 µs per entity, ≤ 2 ms per push webhook, ≤ 10 ms per tick at the default budgets.",
      ...notes,
      "",
      await calibration(),
      "",
    ].join("\n"),
  );
}, 900_000);

/**
 * Warm free-plan ticks at several page sizes (each RESYNC_CPU_BUDGET_MS the model sizes to that
 * page), and the line fitted through them (tick CPU = fixed + per item × items) beside the model's.
 */
async function calibration(): Promise<string> {
  const rows: TableRow[] = [];
  const points: [number, number][] = [];
  for (const size of CALIBRATION_PAGES) {
    const budgetMs = Math.ceil((CPU_MODEL.tickUs + CPU_MODEL.stepUs + size * CPU_MODEL.itemUs) / 1000);
    const run = await freeTicks("compiled", budgetMs, FREE_TICKS);
    // The first ticks list projects and users, a few items whatever the page size.
    for (const t of run.warm) points.push([t.items, t.us]);
    const full = run.warm.filter((t) => t.items >= run.pageLimit / 2);
    rows.push({
      name: `RESYNC_CPU_BUDGET_MS=${budgetMs}: pages of ${run.pageLimit}`,
      cells: {
        "items/tick (median)": median(run.warm.map((t) => t.items)),
        "ms CPU/tick (median)": median(run.warm.map((t) => t.us)) / 1000,
        "ms CPU/full page (median)": full.length ? median(full.map((t) => t.us)) / 1000 : undefined,
        "ms CPU/tick (max)": Math.max(...run.warm.map((t) => t.us)) / 1000,
        "floor ms/tick (median)": median(run.warm.map((t) => t.floorUs)) / 1000,
        "model's estimate ms (max)": Math.max(...run.warm.map((t) => t.estimateMs)),
      },
    });
  }
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const fixed = my - slope * mx;
  return [
    formatTable({
      title: `Warm free-plan ticks (45 subrequests) by page size, compiled expressions, ${FREE_TICKS} ticks each from the start of a cycle`,
      columns: ["items/tick (median)", "ms CPU/tick (median)", "ms CPU/full page (median)", "ms CPU/tick (max)", "floor ms/tick (median)", "model's estimate ms (max)"],
      rows,
      digits: 1,
    }),
    `Fitted over ${n} ticks: ${(fixed / 1000).toFixed(2)} ms + ${slope.toFixed(0)} µs per item; ` +
      `the model (src/sync/cpu.ts) charges ${((CPU_MODEL.tickUs + CPU_MODEL.stepUs) / 1000).toFixed(1)} ms + ${CPU_MODEL.itemUs} µs per item.`,
  ].join("\n");
}
