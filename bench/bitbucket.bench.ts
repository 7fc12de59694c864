import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHub } from "../test/fakes/hub.ts";
import { FILES_ONLY } from "../test/fixtures/bitbucket/gitops.ts";
import type { Served } from "../test/fakes/serve.ts";
import { formatTable, type TableRow } from "./support/table.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";
import { control } from "../test/support/fake-control.ts";

/**
 * A full bitbucket-gitops resync of a simulated Bitbucket Data Center with 5,000 repositories,
 * half of them with a port.yaml and a fifth with an open pull request, through the production
 * worker in local workerd against the fake Bitbucket and the fake Port (in this Node process):
 * Bitbucket requests per repository, all outbound requests, and ticks at the free plan's budget
 * and a paid plan's; once with the GitOps files alone (the baseline), once with the default
 * mapping's every kind (files, projects, users, repositories, open pull requests).
 */

const PROJECTS = 50;
const REPOS_PER_PROJECT = 100;
const REPOS = PROJECTS * REPOS_PER_PROJECT;
const WITH_FILE = 0.5;
const WITH_OPEN_PULL_REQUEST = 0.2;
const BUDGETS = [45, 1000];
/** port.yaml found: 1 read; none: port.yaml and port.yml; plus a listing per 100 repositories. */
const MAX_BITBUCKET_REQUESTS_PER_REPO = 1 + (1 - WITH_FILE) + 0.05;
/**
 * Every kind adds one pull request listing per repository (DC lists pull requests only per
 * repository; the dashboard shows only the caller's), and two more repository walks.
 */
const MAX_EXTRA_PER_REPO = 1 + 0.05;

const MAPPINGS = [
  { name: "GitOps files only", config: FILES_ONLY, entities: REPOS * WITH_FILE },
  // Files, 50 projects, 1 user, 5,000 repositories and their open pull requests.
  { name: "every kind", config: undefined, entities: REPOS * WITH_FILE + PROJECTS + 1 + REPOS + REPOS * WITH_OPEN_PULL_REQUEST },
];

const entry = fileURLToPath(new URL("../plugins/entry.workers.ts", import.meta.url));

let hub: Served;
let bitbucketUrl: string;


const newFake = async (name: string): Promise<string> => (await control(hub.url, `/new/${name}`, {})).url;

beforeAll(async () => {
  hub = await startHub();
  bitbucketUrl = await newFake("bitbucket");
  const counts = await control(bitbucketUrl, "/_fake/action/generate", {
    projects: PROJECTS,
    reposPerProject: REPOS_PER_PROJECT,
    withFileRatio: WITH_FILE,
    openPullRequestRatio: WITH_OPEN_PULL_REQUEST,
    template: "identifier: {project}-{repo}\ntitle: {name}\nblueprint: service\nproperties:\n  project: {project}\n",
    users: [{ name: "bench", password: "bench-password" }],
  });
  expect(counts.repos).toBe(REPOS);
});

afterAll(() => hub?.close());

const count = (n: number) => n.toLocaleString("en-US");

interface Run {
  entities: number;
  ticks: number;
  outbound: number;
  bitbucket: number;
  maxTick: number;
  ms: number;
}

async function resync(budget: number, mapping: string | undefined): Promise<Run> {
  const portUrl = await newFake("port");
  await control(portUrl, "/_fake/seed", {
    blueprints: [{ identifier: "service", title: "Service", schema: { properties: { project: { type: "string" } } } }],
  });
  await control(bitbucketUrl, "/_fake/requests", undefined, "DELETE");
  const dir = mkdtempSync(join(tmpdir(), "portside-bitbucket-bench-"));
  const config = join(dir, "wrangler.json");
  writeFileSync(
    config,
    JSON.stringify({
      name: "portside-bitbucket-bench",
      main: entry,
      compatibility_date: "2026-05-01",
      // The plugins import their default mappings as text, as wrangler.toml's rule says.
      rules: [{ type: "Text", globs: ["**/*.yml"], fallthrough: true }],
      kv_namespaces: [{ binding: "STATE", id: "bench" }],
      vars: {
        BITBUCKET_HOST: bitbucketUrl,
        BITBUCKET_USERNAME: "bench",
        BITBUCKET_PASSWORD: "bench-password",
        PORT_CLIENT_ID: "test-client-id",
        PORT_CLIENT_SECRET: "test-client-secret",
        PORT_API_URL: `${portUrl}/v1`,
        PORTSIDE_INSTANCE: `bench-bitbucket-${budget}-${mapping ? "files" : "all"}`,
        ...(mapping ? { BITBUCKET_GITOPS_PORT_APP_CONFIG: mapping } : {}),
        RESYNC_SUBREQUEST_BUDGET: String(budget),
        RESYNC_TIME_BUDGET_MS: "600000",
        // Ticks at each subrequest budget: the CPU estimate (one page a tick at its default) is off.
        RESYNC_CPU_BUDGET_MS: "0",
      },
    }),
  );
  let worker: RunningWorker | undefined;
  try {
    worker = await startWorkerd(config);
    const status = () => worker!.status();
    const started = performance.now();
    let outbound = 0;
    let maxTick = 0;
    let ticks = 0;
    for (;;) {
      const s = await worker.tick();
      outbound += s.lastTick.outbound;
      maxTick = Math.max(maxTick, s.lastTick.outbound);
      ticks++;
      expect(s.lastTick.outbound).toBeLessThanOrEqual(budget);
      const plugin = s.plugins["bitbucket-gitops"];
      if (plugin.lastCycle && !plugin.cycle) break;
      if (ticks > 5000) throw new Error("the resync did not finish");
    }
    const ms = performance.now() - started;
    const cycle = (await status()).plugins["bitbucket-gitops"].lastCycle;
    for (const resource of cycle.resources) expect(resource).toMatchObject({ status: "done", failed: 0 });
    const portState = await control(portUrl, "/_fake/state");
    const bitbucket = (await control(bitbucketUrl, "/_fake/requests")).length;
    return { entities: portState.entities.length, ticks, outbound, bitbucket, maxTick, ms };
  } finally {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

it(`resyncs a Bitbucket with ${REPOS.toLocaleString("en-US")} repositories, ${WITH_FILE * 100}% with a port.yaml, ${WITH_OPEN_PULL_REQUEST * 100}% with an open pull request`, async () => {
  const rows: TableRow[] = [];
  const baseline = new Map<number, Run>();
  for (const budget of BUDGETS) {
    for (const mapping of MAPPINGS) {
      const run = await resync(budget, mapping.config);
      expect(run.entities).toBe(mapping.entities);
      const base = baseline.get(budget) ?? run;
      baseline.set(budget, base);
      expect(run.bitbucket / REPOS).toBeLessThanOrEqual(MAX_BITBUCKET_REQUESTS_PER_REPO + (run === base ? 0 : MAX_EXTRA_PER_REPO));
      const times = (value: number, of: number) => `${(value / of).toFixed(2)}×`;
      rows.push({
        name: `${mapping.name}, budget ${budget}`,
        cells: {
          entities: count(run.entities),
          ticks: count(run.ticks),
          "ticks vs files": times(run.ticks, base.ticks),
          "largest tick": count(run.maxTick),
          outbound: count(run.outbound),
          "Bitbucket requests": count(run.bitbucket),
          "Bitbucket req/repo": run.bitbucket / REPOS,
          "req/repo vs files": times(run.bitbucket, base.bitbucket),
          "extra req/repo": (run.bitbucket - base.bitbucket) / REPOS,
          "outbound/repo": run.outbound / REPOS,
          "total s": run.ms / 1000,
        },
      });
    }
  }
  console.log(
    [
      "",
      formatTable({
        title:
          `Full bitbucket-gitops resync: ${PROJECTS} projects × ${REPOS_PER_PROJECT} repositories, ${WITH_FILE * 100}% with a one-entity port.yaml, ` +
          `${WITH_OPEN_PULL_REQUEST * 100}% with one open pull request; production worker in local workerd, fake Bitbucket and Port in Node ` +
          "(wall time includes the fakes); ratios against the GitOps-only run at the same budget",
        columns: ["entities", "ticks", "ticks vs files", "largest tick", "outbound", "Bitbucket requests", "Bitbucket req/repo", "req/repo vs files", "extra req/repo", "outbound/repo", "total s"],
        rows,
        digits: 2,
      }),
      `bound: ≤ ${MAX_BITBUCKET_REQUESTS_PER_REPO} Bitbucket requests per repository for the files (1 read with a port.yaml, 2 without, a listing per 100), ` +
        `≤ ${MAX_EXTRA_PER_REPO} more with every kind (one pull request listing per repository, two more walks)`,
      "",
    ].join("\n"),
  );
});
