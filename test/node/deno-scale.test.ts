import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarborFake } from "../fakes/harbor/index.ts";
import { createPortFake } from "../fakes/port/index.ts";
import type { Served } from "../fakes/serve.ts";
import { kvContents, startFake, startPortside, tempDir, until, type Portside } from "./deno-process.ts";

const ADMIN_TOKEN = "admin-token-for-deno-scale";
const DENO_KV_VALUE_LIMIT = 65_536;
/** Enough artifacts that one tick's segment and the sync state outgrow a single Deno KV value. */
const PROJECTS = 3;
const REPOS = 10;
const ARTIFACTS = 120;

let harbor: Served;
let port: Served;
let home: Awaited<ReturnType<typeof tempDir>>;
let portside: Portside | undefined;

beforeAll(async () => {
  [harbor, port, home] = await Promise.all([startFake(createHarborFake, "harbor"), startFake(createPortFake, "port"), tempDir("portside-deno-scale-")]);
  const generate = await fetch(`${harbor.url}/_fake/action/generate`, {
    method: "POST",
    body: JSON.stringify({ projects: PROJECTS, reposPerProject: REPOS, artifactsPerRepo: ARTIFACTS }),
  });
  expect(generate.ok).toBe(true);
}, 30_000);

afterAll(async () => {
  await portside?.process.stop();
  await Promise.all([harbor?.close(), port?.close()]);
  await home?.remove();
});

it("keeps state larger than a Deno KV value in parts, and a second cycle still reads it", async () => {
  const kvPath = join(home.path, "state.sqlite3");
  portside = await startPortside(home.path, {
    PORTSIDE_KV_PATH: kvPath,
    HARBOR_URL: harbor.url,
    HARBOR_USERNAME: "admin",
    HARBOR_PASSWORD: "Harbor12345",
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN,
  });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const status = async () => (await (await fetch(`${portside!.url}/status`, { headers: auth })).json()) as any;
  const cycle = async () => {
    const before = (await status()).plugins.harbor.lastCycle?.id;
    expect((await fetch(`${portside!.url}/admin/resync/harbor`, { method: "POST", headers: auth })).status).toBe(202);
    return until(
      "a harbor cycle",
      async () => {
        const last = (await status()).plugins.harbor.lastCycle;
        return last && last.id !== before && !(await status()).plugins.harbor.cycle ? last : undefined;
      },
      120_000,
    );
  };

  const first = await cycle();
  const artifacts = first.resources.find((r: any) => r.kind === "artifact");
  expect(artifacts).toMatchObject({ status: "done", listed: PROJECTS * REPOS * ARTIFACTS, failed: 0 });
  const portState = (await (await fetch(`${port.url}/_fake/state`)).json()) as { entities: { blueprint: string }[] };
  expect(portState.entities.filter((e) => e.blueprint === "harborArtifact")).toHaveLength(PROJECTS * REPOS * ARTIFACTS);

  // The second cycle reads the first one's segments to skip unchanged entities: nothing is written again.
  const second = await cycle();
  expect(second.resources.find((r: any) => r.kind === "artifact")).toMatchObject({
    listed: PROJECTS * REPOS * ARTIFACTS,
    unchanged: PROJECTS * REPOS * ARTIFACTS,
    upserted: 0,
    failed: 0,
  });

  await portside.process.stop();
  portside = undefined;
  const kv = await kvContents(home.path, kvPath);
  const parts = kv.filter((e) => e.key.includes(":~part:"));
  expect(parts.length).toBeGreaterThan(1);
  // Sizes in code units: the state is ASCII JSON, one byte each in V8's serialization.
  expect(Math.max(...kv.map((e) => e.length))).toBeLessThanOrEqual(DENO_KV_VALUE_LIMIT);
  expect(kv.reduce((sum, e) => sum + e.length, 0)).toBeGreaterThan(DENO_KV_VALUE_LIMIT);
}, 240_000);
