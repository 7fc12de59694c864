import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHub } from "../test/fakes/hub.ts";
import type { Served } from "../test/fakes/serve.ts";
import { formatTable } from "./support/table.ts";
import { startTimingProxy, type TimingProxy } from "./support/timing-proxy.ts";
import { startWorkerd, type RunningWorker } from "../test/support/workerd.ts";
import { control } from "../test/support/fake-control.ts";

/**
 * Harbor webhooks under load: the fake Harbor sends 1,000 real PUSH_ARTIFACT deliveries, 20 at a
 * time, to the production worker in local workerd (as under `wrangler dev`), which writes to the
 * fake Port. Measured: how long each delivery waits for its answer (Harbor gives up after 3 s),
 * and how long until Port holds all 1,000 artifacts.
 */

const EVENTS = Number(process.env.HARBOR_WEBHOOK_BENCH_EVENTS ?? 1000);
const CONCURRENCY = 20;
const PROBE_EVERY_MS = 20;
const REPOSITORIES = 10;
const SECRET = "bench-webhook-secret";
/** Harbor's webhook client timeout; the acknowledgement must stay well inside it. */
const HARBOR_TIMEOUT_MS = 3000;
const CATALOG_TIMEOUT_MS = 300_000;

const entry = fileURLToPath(new URL("../plugins/entry.workers.ts", import.meta.url));

let hub: Served;
let harborUrl: string;
let portUrl: string;
let worker: RunningWorker;
let proxy: TimingProxy;
let dir: string;


const newFake = async (name: string): Promise<string> => (await control(hub.url, `/new/${name}`, {})).url;

async function portArtifacts(project = "bench"): Promise<number> {
  const state = await control(portUrl, "/_fake/state");
  return state.entities.filter((e: any) => e.blueprint === "harborArtifact" && e.identifier.startsWith(`${project}/`)).length;
}

/** Port requests one push to a repository the last cycle wrote costs (measured before the load). */
let portRequestsPerPush: number | undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

beforeAll(async () => {
  hub = await startHub();
  [harborUrl, portUrl] = await Promise.all([newFake("harbor"), newFake("port")]);
  await control(harborUrl, "/_fake/seed", { projects: [{ name: "bench" }, { name: "probe" }] });
  // A repository for the first cycle to write, so a later push to it is a push after a finished cycle.
  await control(harborUrl, "/_fake/action/push", { project: "probe", repository: "probe/app", tags: ["0"], deliver: "return" });
  dir = mkdtempSync(join(tmpdir(), "portside-harbor-webhooks-bench-"));
  const config = join(dir, "wrangler.json");
  writeFileSync(
    config,
    JSON.stringify({
      name: "portside-harbor-webhooks-bench",
      main: entry,
      compatibility_date: "2026-05-01",
      // As in wrangler.toml: the plugins import their default mappings as text.
      rules: [{ type: "Text", globs: ["**/*.yml"], fallthrough: true }],
      kv_namespaces: [{ binding: "STATE", id: "webhooks-bench" }],
      vars: {
        HARBOR_URL: harborUrl,
        HARBOR_USERNAME: "admin",
        HARBOR_PASSWORD: "Harbor12345",
        HARBOR_WEBHOOK_SECRET: SECRET,
        PORT_CLIENT_ID: "test-client-id",
        PORT_CLIENT_SECRET: "test-client-secret",
        PORT_API_URL: `${portUrl}/v1`,
        PORTSIDE_INSTANCE: "webhooks-bench",
        // The setup's first cycle runs in one tick (the CPU estimate would stop it after one page).
        RESYNC_CPU_BUDGET_MS: "0",
      },
    }),
  );
  worker = await startWorkerd(config);
  proxy = await startTimingProxy(worker.url);
  // The policy portside would register, pointed through the timing proxy.
  const auth = `Basic ${Buffer.from("admin:Harbor12345").toString("base64")}`;
  // The probe's deliveries go straight to the worker: the proxy times the load's alone.
  for (const [project, address] of [["bench", `${proxy.url}/webhooks/harbor`], ["probe", new URL("/webhooks/harbor", worker.url).href]]) {
    const created = await fetch(`${harborUrl}/api/v2.0/projects/${project}/webhook/policies`, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/json" },
      body: JSON.stringify({
        name: "portside-bench",
        enabled: true,
        event_types: ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED"],
        targets: [{ type: "http", address, auth_header: SECRET, payload_format: "Default" }],
      }),
    });
    expect(created.status).toBe(201);
  }
  // A first cycle creates the blueprints, as in any deployment that receives webhooks.
  await worker.tick();
  expect((await worker.status()).plugins.harbor.lastCycle).toMatchObject({ resources: expect.arrayContaining([expect.objectContaining({ status: "done" })]) });
});

afterAll(async () => {
  await proxy?.close();
  await worker?.stop();
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("one push to a repository the finished cycle wrote", async () => {
  await control(portUrl, "/_fake/requests", undefined, "DELETE");
  const result = await control(harborUrl, "/_fake/action/push", { project: "probe", repository: "probe/app", tags: ["1"], deliver: "send", maxRetries: 0 });
  expect(result.deliveries.every((d: any) => d.delivered)).toBe(true);
  const started = performance.now();
  const repository = async () => (await control(portUrl, "/_fake/state")).entities.find((e: any) => e.identifier === "probe/app");
  while ((await portArtifacts("probe")) < 2 || (await repository())?.properties.artifactCount !== 2) {
    if (performance.now() - started > CATALOG_TIMEOUT_MS) throw new Error("the probe push never reached Port");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  portRequestsPerPush = (await control(portUrl, "/_fake/requests")).length;
});

it(`applies ${EVENTS.toLocaleString("en-US")} Harbor push deliveries sent ${CONCURRENCY} at a time`, async () => {
  const started = performance.now();
  let next = 0;
  const undelivered: unknown[] = [];
  const pusher = async () => {
    for (let i = next++; i < EVENTS; i = next++) {
      const result = await control(harborUrl, "/_fake/action/push", {
        project: "bench",
        repository: `bench/app-${i % REPOSITORIES}`,
        tags: [`1.0.${i}`],
        deliver: "send",
        maxRetries: 0,
      });
      for (const d of result.deliveries) if (!d.delivered) undelivered.push(d.attempts);
    }
  };
  // Beside the load, one request at a time to a route that does no work: what any answer of this
  // worker waits for meanwhile, the floor under the acknowledgements.
  let sending = true;
  const prober = async () => {
    while (sending) {
      await (await fetch(`${proxy.url}/health`)).text();
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  };
  const probing = prober();
  await Promise.all(Array.from({ length: CONCURRENCY }, pusher));
  const sentMs = performance.now() - started;
  sending = false;
  await probing;

  let held = await portArtifacts();
  while (held < EVENTS) {
    if (performance.now() - started > CATALOG_TIMEOUT_MS) throw new Error(`Port holds ${held} of ${EVENTS} artifacts after ${CATALOG_TIMEOUT_MS} ms`);
    const failures = (await worker.status()).plugins.harbor.webhooks?.failures ?? [];
    if (failures.length > 0) throw new Error(`applying failed: ${JSON.stringify(failures[0])}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    held = await portArtifacts();
  }
  const catalogMs = performance.now() - started;

  expect(undelivered).toEqual([]);
  const timings = await proxy.timings();
  const deliveries = timings.filter((t) => t.path === "/webhooks/harbor");
  expect(deliveries).toHaveLength(EVENTS);
  expect(new Set(deliveries.map((t) => t.status))).toEqual(new Set([202]));
  const acks = deliveries.map((t) => t.ms).sort((a, b) => a - b);
  const probes = timings.filter((t) => t.path === "/health");
  expect(new Set(probes.map((t) => t.status))).toEqual(new Set([200]));
  const health = probes.map((t) => t.ms).sort((a, b) => a - b);
  expect(percentile(acks, 99)).toBeLessThan(HARBOR_TIMEOUT_MS);
  const webhooks = (await worker.status()).plugins.harbor.webhooks;
  expect(webhooks.failures).toEqual([]);

  console.log(
    [
      "",
      formatTable({
        title:
          `Harbor webhooks: ${EVENTS} PUSH_ARTIFACT deliveries sent by the fake Harbor, ${CONCURRENCY} at a time, to the production worker ` +
          "in local workerd (wrangler dev), fake Harbor and Port in Node",
        columns: ["value"],
        digits: 0,
        rows: [
          { name: "acknowledge p50 (ms)", cells: { value: percentile(acks, 50) } },
          { name: "acknowledge p99 (ms)", cells: { value: percentile(acks, 99) } },
          { name: "acknowledge max (ms)", cells: { value: acks.at(-1) } },
          { name: `GET /health meanwhile p50 (ms, ${probes.length} requests)`, cells: { value: percentile(health, 50) } },
          { name: "GET /health meanwhile p99 (ms)", cells: { value: percentile(health, 99) } },
          { name: "all sent (ms)", cells: { value: sentMs } },
          { name: `Port holds all ${EVENTS} artifacts (ms)`, cells: { value: catalogMs } },
          { name: "deliveries per second until then", cells: { value: (EVENTS * 1000) / catalogMs } },
          { name: "Port requests per push webhook after a finished cycle", cells: { value: portRequestsPerPush } },
        ],
      }),
      `Harbor gives up on a delivery after ${HARBOR_TIMEOUT_MS} ms; every one was answered 202.`,
      "",
    ].join("\n"),
  );
});
