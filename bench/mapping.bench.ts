import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HARBOR_ARTIFACT_MAPPING, harborArtifacts } from "./support/harbor-data.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";

const PAGE = 5000;
const PAGE_RUNS = 5;
const CLI_RUNS = 3;

let worker: RunningWorker;
const items = harborArtifacts(PAGE);
let program = "";

beforeAll(async () => {
  worker = await startWorkerd(fileURLToPath(new URL("./wrangler.toml", import.meta.url)));
  const res = await worker.fetch("/bench/setup", {
    method: "POST",
    body: JSON.stringify({ config: HARBOR_ARTIFACT_MAPPING, items }),
  });
  expect(res.status).toBe(200);
  program = ((await res.json()) as { program: string }).program;
});

afterAll(() => worker?.stop());

interface MapResult {
  items: number;
  entities: number;
  issues: number;
}

/** Wall time of one /bench/map request as seen from Node (workerd's own clock stands still during CPU work). */
async function timeMap(mode: "page" | "item", count = PAGE): Promise<{ ms: number; result: MapResult }> {
  const started = performance.now();
  const res = await worker.fetch(`/bench/map?mode=${mode}&count=${count}`, { method: "POST" });
  const result = (await res.json()) as MapResult;
  const ms = performance.now() - started;
  expect(res.status).toBe(200);
  return { ms, result };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function jqCli(): { ms: number; passed: number; version: string } | string {
  const version = spawnSync("jq", ["--version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) return "jq CLI not found on PATH; row skipped";
  const input = JSON.stringify(items);
  const runs: number[] = [];
  let passed = 0;
  for (let run = 0; run < CLI_RUNS; run++) {
    const started = performance.now();
    const out = spawnSync("jq", ["-c", "--arg", "__ps_mode", "passed", program], { input, encoding: "utf8", maxBuffer: 1 << 28 });
    runs.push(performance.now() - started);
    if (out.status !== 0) return `jq CLI (${version.stdout.trim()}) failed: ${out.stderr.trim()}`;
    const lines = out.stdout.trim().split("\n");
    expect(lines).toHaveLength(PAGE);
    passed = lines.filter((line) => line.startsWith("[[true,")).length;
  }
  return { ms: median(runs), passed, version: version.stdout.trim() };
}

it(`maps a ${PAGE}-item Harbor page: one jq call per page vs one per item vs the jq CLI`, async () => {
  await timeMap("page", 100);
  await timeMap("item", 100);

  const pageRuns: number[] = [];
  let page: MapResult | undefined;
  for (let run = 0; run < PAGE_RUNS; run++) {
    const { ms, result } = await timeMap("page");
    pageRuns.push(ms);
    page = result;
  }
  const perItem = await timeMap("item");
  expect(perItem.result).toEqual(page);
  expect(page!.entities).toBeGreaterThan(PAGE * 0.8);

  const usPerItem = (ms: number) => (ms * 1000) / PAGE;
  const rows: TableRow[] = [
    { name: "per item: jq-web in workerd, one call per item", cells: { "ms/page": perItem.ms, "µs/item": usPerItem(perItem.ms) } },
    {
      name: "per page: jq-web in workerd, one call per page",
      cells: { "ms/page": median(pageRuns), "µs/item": usPerItem(median(pageRuns)) },
    },
  ];
  const cli = jqCli();
  const notes: string[] = [];
  if (typeof cli === "string") notes.push(cli);
  else {
    expect(cli.passed).toBe(page!.entities);
    rows.push({
      name: `${cli.version} CLI (native): same program, one process`,
      cells: { "ms/page": cli.ms, "µs/item": usPerItem(cli.ms) },
    });
  }
  const baseline = rows[0]!.name; // one call per item: what a naive port of Ocean's loop does
  console.log(
    [
      "",
      formatTable({
        title: `Mapping ${PAGE} Harbor artifacts (${page!.entities} entities; wall time from Node, median of ${PAGE_RUNS} page runs)`,
        columns: ["ms/page", "µs/item"],
        rows,
        ratio: { of: "µs/item", baseline, label: "speed-up vs per item" },
      }),
      `page call vs per-item call: ${(perItem.ms / median(pageRuns)).toFixed(1)}× faster (target ≥ 30×)`,
      ...notes,
      "",
    ].join("\n"),
  );
});
