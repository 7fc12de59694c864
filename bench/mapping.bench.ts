import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { harborArtifacts } from "./support/harbor-data.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";

const PAGE = 2000;
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
const items = harborArtifacts(PAGE);

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

/** Median wall time per page of /bench/map as seen from Node (workerd's own clock stands still during CPU work). */
async function msPerPage(name: string, repeat: number): Promise<{ ms: number; entities: number }> {
  await worker.fetch(`/bench/map?name=${encodeURIComponent(name)}&repeat=1`, { method: "POST" });
  const runs: number[] = [];
  let entities = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const res = await worker.fetch(`/bench/map?name=${encodeURIComponent(name)}&repeat=${repeat}`, { method: "POST" });
    const body = (await res.json()) as { entities: number };
    runs.push((performance.now() - started) / repeat);
    expect(res.status).toBe(200);
    entities = body.entities;
  }
  return { ms: median(runs), entities };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const usPerItem = (ms: number) => (ms * 1000) / PAGE;

/** The native jq CLI on the same program jq-web runs: one process per page, so its start-up is included. */
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

it(`maps a ${PAGE}-item Harbor page: compiled expressions vs one jq-web call per page vs the native jq CLI`, async () => {
  const out: string[] = [""];
  for (const m of MAPPINGS) {
    const config = file(m.path);
    const compiledSetup = await setup(`${m.name} compiled`, config, "compiled");
    const { program } = await setup(`${m.name} jq-web`, config, "jq-web");
    const compiled = await msPerPage(`${m.name} compiled`, COMPILED_REPEAT);
    const jqWeb = await msPerPage(`${m.name} jq-web`, 1);
    expect(compiled.entities).toBe(jqWeb.entities);

    const rows: TableRow[] = [
      { name: "jq-web in workerd, one call per page", cells: { "ms/page": jqWeb.ms, "µs/item": usPerItem(jqWeb.ms) } },
      { name: "compiled to JS in workerd", cells: { "ms/page": compiled.ms, "µs/item": usPerItem(compiled.ms) } },
    ];
    const cli = jqCli(program);
    const notes = [
      `${compiledSetup.compiled} expressions compiled, ${compiledSetup.fallback.length} on jq-web` +
        compiledSetup.fallback.map((f) => `; ${f.field}: ${f.expression} (${f.feature})`).join(""),
    ];
    if (typeof cli === "string") notes.push(cli);
    else {
      rows.push({ name: `native ${cli.version} CLI, same program, one process`, cells: { "ms/page": cli.ms, "µs/item": usPerItem(cli.ms) } });
      notes.push(`native jq is the system's ${cli.version}, not 1.7.1: a speed reference only`);
    }
    const byName = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.cells["µs/item"] as number | undefined;
    const compiledUs = byName("compiled")!;
    out.push(
      formatTable({
        title: `${m.name}: ${PAGE} Harbor artifacts, ${compiled.entities} entities (wall time from Node, median of ${RUNS})`,
        columns: ["ms/page", "µs/item"],
        rows,
        ratio: { of: "µs/item", baseline: rows[0]!.name, label: "speed-up vs jq-web page" },
      }),
      `compiled vs jq-web page call: ${(byName("jq-web")! / compiledUs).toFixed(1)}× faster (goal ≥ 20×)` +
        (typeof cli === "string" ? "" : `; vs native jq: ${(byName("native")! / compiledUs).toFixed(1)}× faster (goal ≥ 5×)`),
      ...notes,
      "",
    );
  }
  console.log(out.join("\n"));
});
