import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarborFake } from "../fakes/harbor/index.ts";
import { createPortFake } from "../fakes/port/index.ts";
import type { Served } from "../fakes/serve.ts";
import { startFake, startPortside, tempDir, until, type Portside } from "./deno-process.ts";

/** `deno task start` with Deno KV's queue: continuation ticks, the KV lease by atomic check, durable webhooks. */

const ADMIN_TOKEN = "admin-token-for-deno-queue";
const WEBHOOK_SECRET = "harbor-webhook-secret-for-deno-queue";
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PROJECTS = 2;
const REPOS = 10;
const ARTIFACTS = 100;

let harbor: Served;
let port: Served;
let home: Awaited<ReturnType<typeof tempDir>>;
let portside: Portside | undefined;

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

function start(extra: Record<string, string> = {}): Promise<Portside> {
  return startPortside(home.path, {
    PORTSIDE_KV_PATH: join(home.path, "state.sqlite3"),
    HARBOR_URL: harbor.url,
    HARBOR_USERNAME: "admin",
    HARBOR_PASSWORD: "Harbor12345",
    HARBOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN,
    WEBHOOK_RETRY_DELAY_SECONDS: "1",
    ...extra,
  });
}

const status = async (): Promise<any> => (await fetch(`${portside!.url}/status`, { headers: auth })).json();
const events = (name: string) => portside!.process.lines.filter((l) => l.includes(`"event":"${name}"`));

async function artifactIds(): Promise<string[]> {
  const state = (await (await fetch(`${port.url}/_fake/state`)).json()) as { entities: { blueprint: string; identifier: string }[] };
  return state.entities.filter((e) => e.blueprint === "harborArtifact").map((e) => e.identifier);
}

beforeAll(async () => {
  [harbor, port, home] = await Promise.all([startFake(createHarborFake, "harbor"), startFake(createPortFake, "port"), tempDir("portside-deno-queue-")]);
  const generate = await post(`${harbor.url}/_fake/action/generate`, { projects: PROJECTS, reposPerProject: REPOS, artifactsPerRepo: ARTIFACTS });
  expect(generate.ok).toBe(true);
  // Harbor notifies this policy of pushes; the tests send its deliveries to the running process.
  const policy = await fetch(`${harbor.url}/api/v2.0/projects/gen-0/webhook/policies`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${btoa("admin:Harbor12345")}` },
    body: JSON.stringify({
      name: "portside",
      enabled: true,
      event_types: ["PUSH_ARTIFACT"],
      targets: [{ type: "http", address: "http://127.0.0.1:9/webhooks/harbor", auth_header: WEBHOOK_SECRET }],
    }),
  });
  expect(policy.status).toBe(201);
}, 30_000);

afterEach(async () => {
  await portside?.process.stop();
  portside = undefined;
});

afterAll(async () => {
  await Promise.all([harbor?.close(), port?.close()]);
  await home?.remove();
});

describe("portside on Deno with Deno KV's queue", () => {
  it("completes a cycle of thousands of entities in continuation ticks, one tick at a time", async () => {
    // A small budget: the cycle needs many ticks, far more than fit between two cron ticks.
    portside = await start({ RESYNC_SUBREQUEST_BUDGET: "20" });
    const started = Date.now();
    expect((await fetch(`${portside.url}/admin/resync/harbor`, { method: "POST", headers: auth })).status).toBe(202);
    const last = await until(
      "the harbor cycle",
      async () => {
        const s = await status();
        return s.plugins.harbor.lastCycle && !s.plugins.harbor.cycle ? s.plugins.harbor.lastCycle : undefined;
      },
      240_000,
    );
    const elapsed = Date.now() - started;
    expect(last.resources.find((r: any) => r.kind === "artifact")).toMatchObject({ status: "done", listed: PROJECTS * REPOS * ARTIFACTS, failed: 0 });
    expect(await artifactIds()).toHaveLength(PROJECTS * REPOS * ARTIFACTS);
    const continued = events("tick.continued").length;
    expect(continued).toBeGreaterThan(5);
    // Every tick but the requested one was a continuation; the cron (every 5 minutes) had no part in it.
    expect(elapsed).toBeLessThan(5 * 60_000);
    expect(events("tick.done").length).toBe(continued + 1);
    // Each tick took the Deno KV lease after the previous one released it.
    const lease = portside.process.lines.filter((l) => l.includes('"event":"lease.taken"') || l.includes('"event":"lease.released"'));
    lease.forEach((l, i) => expect(l).toContain(i % 2 === 0 ? "lease.taken" : "lease.released"));
  }, 300_000);

  /** Pushes an artifact to Harbor and delivers its PUSH_ARTIFACT webhook to portside as Harbor would; returns the answer. */
  async function pushAndDeliver(digest: string): Promise<Response> {
    const pushed = (await (await post(`${harbor.url}/_fake/action/push`, { project: "gen-0", repository: "gen-0/svc-0/app-0", digest, tags: [digest.slice(-6)], deliver: "return" })).json()) as {
      deliveries: { url: string; headers: Record<string, string>; body: string }[];
    };
    expect(pushed.deliveries).toHaveLength(1);
    // Sent to the running process: the policy cannot know the free port it listens on.
    const [delivery] = pushed.deliveries;
    return fetch(`${portside!.url}/webhooks/harbor`, { method: "POST", headers: delivery!.headers, body: delivery!.body });
  }

  it("applies a webhook accepted with 202 after the process was killed and started again", async () => {
    portside = await start();
    const digest = `sha256:${"d".repeat(64)}`;
    // Port is down when the event arrives, so it cannot be applied before the process dies.
    await post(`${port.url}/_fake/faults`, { rules: [{ path: "^/v1/", status: 503 }] });
    expect((await pushAndDeliver(digest)).status).toBe(202);
    const killed = portside.process;
    await killed.kill();
    portside = undefined;
    expect(await artifactIds()).not.toContain(`gen-0/svc-0/app-0@${digest}`);

    await fetch(`${port.url}/_fake/faults`, { method: "DELETE" });
    portside = await start();
    await until("the queued event applied after the restart", async () => ((await artifactIds()).includes(`gen-0/svc-0/app-0@${digest}`) ? true : undefined), 60_000);
    expect(events("webhook.applied").length).toBeGreaterThan(0);
  }, 120_000);

  it("keeps an event that failed every attempt as a dead letter, and replay applies it", async () => {
    portside = await start({ WEBHOOK_MAX_ATTEMPTS: "2" });
    const digest = `sha256:${"e".repeat(64)}`;
    await post(`${port.url}/_fake/faults`, { rules: [{ path: "^/v1/", status: 503 }] });
    const res = await pushAndDeliver(digest);
    expect(res.status).toBe(202);
    const letters = await until("a dead letter", async () => {
      const d = (await status()).deadLetters;
      return d.count > 0 ? d : undefined;
    }, 60_000);
    expect(letters).toMatchObject({ count: 1, lastError: expect.stringContaining("503") });
    expect(letters.events[0]).toMatchObject({ plugin: "harbor", attempts: 2 });
    expect(JSON.stringify(letters)).not.toContain(WEBHOOK_SECRET);
    await fetch(`${port.url}/_fake/faults`, { method: "DELETE" });
    const replay = await fetch(`${portside.url}/admin/webhooks/replay`, { method: "POST", headers: auth });
    expect(await replay.json()).toEqual({ ok: true, replayed: 1, left: 0 });
    await until("the replayed event applied", async () => ((await artifactIds()).includes(`gen-0/svc-0/app-0@${digest}`) ? true : undefined), 60_000);
    expect((await status()).deadLetters.count).toBe(0);
  }, 120_000);
});
