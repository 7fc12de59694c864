import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PAGE_SIZE } from "../plugins/harbor/paging.ts";
import { harborArtifacts } from "./support/harbor-data.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";

const ITEMS = 2000;
/**
 * Page sizes mapped: Harbor's listing page (what a resync maps at once) and one jq-web call's item
 * bound (DEFAULT_CALL_BOUNDS), where jq-web's per-call cost weighs least.
 */
const PAGES = [{ size: PAGE_SIZE, what: "a Harbor listing page" }, { size: ITEMS, what: "one jq-web call's bound" }];
const RUNS = 5;
const CLI_RUNS = 3;
/** Compiled pages are fast enough that one request maps the page several times, so HTTP does not dominate. */
const COMPILED_REPEAT = 10;

const file = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8");
const MAPPINGS = [
  { name: "default Harbor mapping (artifact)", path: "plugins/harbor/defaults/port-app-config.yml" },
  { name: "Ocean's Harbor mapping (artifact)", path: "test/fixtures/ocean-mappings/ocean-harbor/port-app-config.yml" },
];

let worker: RunningWorker;
const items = harborArtifacts(ITEMS);

beforeAll(async () => {
  worker = await startWorkerd(fileURLToPath(new URL("./wrangler.toml", import.meta.url)));
  expect((await worker.fetch("/bench/items", { method: "POST", body: JSON.stringify(items) })).status).toBe(200);
});

afterAll(() => worker?.stop());

interface Setup {
  program: string;
  compiled: number;
  fallback: { field: string; expression: string; feature: string }[];
}

async function setup(name: string, config: string, engine: "compiled" | "jq-web"): Promise<Setup> {
  const res = await worker.fetch("/bench/setup", { method: "POST", body: JSON.stringify({ name, config, kind: "artifact", engine }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Setup;
}

interface Engine {
  name: string;
  repeat: number;
}

/**
 * Median wall time to map the items once, in pages of `page`, per engine, as seen from Node
 * (workerd's own clock stands still during CPU work). The engines take turns within each run, so
 * a change in the machine's load weighs on both alike.
 */
async function msPerPass(engines: Engine[], page: number): Promise<{ ms: number; entities: number }[]> {
  const map = (e: Engine, times: number) =>
    worker.fetch(`/bench/map?name=${encodeURIComponent(e.name)}&page=${page}&repeat=${times}`, { method: "POST" });
  for (const e of engines) await map(e, 1);
  const runs = engines.map(() => [] as number[]);
  const entities = engines.map(() => 0);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, e] of engines.entries()) {
      const started = performance.now();
      const res = await map(e, e.repeat);
      const body = (await res.json()) as { entities: number };
      runs[i]!.push((performance.now() - started) / e.repeat);
      expect(res.status).toBe(200);
      entities[i] = body.entities;
    }
  }
  return engines.map((_, i) => ({ ms: median(runs[i]!), entities: entities[i]! }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const usPerItem = (ms: number) => (ms * 1000) / ITEMS;

/** The native jq CLI on the same program jq-web runs: one process for all the items, its start-up included. */
function jqCli(program: string): { ms: number; version: string } | string {
  const version = spawnSync("jq", ["--version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) return "jq CLI not found on PATH; row skipped";
  const input = JSON.stringify(items);
  const runs: number[] = [];
  for (let run = 0; run < CLI_RUNS; run++) {
    const started = performance.now();
    const out = spawnSync("jq", ["-c", "--arg", "__ps_mode", "passed", program], { input, encoding: "utf8", maxBuffer: 1 << 28 });
    runs.push(performance.now() - started);
    if (out.status !== 0) return `jq CLI (${version.stdout.trim()}) failed: ${out.stderr.trim()}`;
  }
  return { ms: median(runs), version: version.stdout.trim() };
}

it(`maps ${ITEMS} Harbor artifacts in pages: compiled expressions vs one jq-web call per page vs the native jq CLI`, async () => {
  const out: string[] = [""];
  for (const m of MAPPINGS) {
    const config = file(m.path);
    const compiledSetup = await setup(`${m.name} compiled`, config, "compiled");
    const { program } = await setup(`${m.name} jq-web`, config, "jq-web");
    const cli = jqCli(program);
    const notes = [
      `${compiledSetup.compiled} expressions compiled, ${compiledSetup.fallback.length} on jq-web` +
        compiledSetup.fallback.map((f) => `; ${f.field}: ${f.expression} (${f.feature})`).join(""),
    ];
    if (typeof cli === "string") notes.push(cli);
    else notes.push(`native jq is the system's ${cli.version}, not 1.7.1: a speed reference only`);
    for (const page of PAGES) {
      const [compiled, jqWeb] = (await msPerPass(
        [
          { name: `${m.name} compiled`, repeat: COMPILED_REPEAT },
          { name: `${m.name} jq-web`, repeat: 1 },
        ],
        page.size,
      )) as [{ ms: number; entities: number }, { ms: number; entities: number }];
      expect(compiled.entities).toBe(jqWeb.entities);
      const rows: TableRow[] = [
        { name: "jq-web in workerd, one call per page", cells: { "µs/item": usPerItem(jqWeb.ms) } },
        { name: "compiled to JS in workerd", cells: { "µs/item": usPerItem(compiled.ms) } },
      ];
      if (typeof cli !== "string") {
        rows.push({ name: `native ${cli.version} CLI, same program, one process for all items`, cells: { "µs/item": usPerItem(cli.ms) } });
      }
      const byName = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.cells["µs/item"] as number | undefined;
      const compiledUs = byName("compiled")!;
      out.push(
        formatTable({
          title: `${m.name}: ${ITEMS} Harbor artifacts in pages of ${page.size} (${page.what}), ${compiled.entities} entities (wall time from Node, median of ${RUNS})`,
          columns: ["µs/item"],
          rows,
          ratio: { of: "µs/item", baseline: rows[0]!.name, label: "speed-up vs jq-web page" },
        }),
        `compiled vs jq-web page call: ${(byName("jq-web")! / compiledUs).toFixed(1)}× faster (goal ≥ 20×)` +
          (typeof cli === "string" ? "" : `; vs native jq: ${(byName("native")! / compiledUs).toFixed(1)}× faster (goal ≥ 5×)`),
        "",
      );
    }
    out.push(...notes, "");
  }
  console.log(out.join("\n"));
});
