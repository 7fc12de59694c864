import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBitbucketFake } from "../fakes/bitbucket/index.ts";
import { createPortFake } from "../fakes/port/index.ts";
import type { Served } from "../fakes/serve.ts";
import { blueprints, credentials, expected, seed } from "../fixtures/bitbucket/gitops.ts";
import { startFake, startPortside, tempDir, until, type Portside } from "./deno-process.ts";

const PLUGIN = "bitbucket-gitops";
const ADMIN_TOKEN = "admin-token-for-deno-bitbucket";
const WEBHOOK_SECRET = "bitbucket-webhook-secret-for-deno";

let bitbucket: Served;
let port: Served;
let home: Awaited<ReturnType<typeof tempDir>>;
let portside: Portside | undefined;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function services(): Promise<{ identifier: string; title: string }[]> {
  const state = (await (await fetch(`${port.url}/_fake/state`)).json()) as { entities: { blueprint: string; identifier: string; title: string }[] };
  return state.entities.filter((e) => e.blueprint === "service").sort((a, b) => a.identifier.localeCompare(b.identifier));
}

beforeAll(async () => {
  [bitbucket, port, home] = await Promise.all([
    startFake(createBitbucketFake, "bitbucket", { maxLimit: 25 }),
    startFake(createPortFake, "port"),
    tempDir("portside-deno-bitbucket-"),
  ]);
  portside = await startPortside(home.path, {
    PORTSIDE_KV_PATH: join(home.path, "state.sqlite3"),
    BITBUCKET_HOST: bitbucket.url,
    BITBUCKET_USERNAME: credentials.user.username,
    BITBUCKET_PASSWORD: credentials.user.password,
    BITBUCKET_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN,
  });
  // Bitbucket delivers its signed webhooks to the Deno server, whose address is known only now.
  const hooks = ["PLAT", "PAY", "OPS"].map((project) => ({
    project,
    url: `${portside!.url}/webhooks/${PLUGIN}`,
    events: ["repo:refs_changed", "repo:modified"],
    secret: WEBHOOK_SECRET,
  }));
  expect((await post(`${bitbucket.url}/_fake/seed`, { ...seed, webhooks: hooks })).ok).toBe(true);
  expect((await post(`${port.url}/_fake/seed`, { blueprints })).ok).toBe(true);
}, 90_000);

afterAll(async () => {
  await portside?.process.stop();
  await Promise.all([bitbucket?.close(), port?.close()]);
  await home?.remove();
});

it("resyncs a Bitbucket Server's port.yaml files on Deno, then applies a signed push webhook Bitbucket delivers", async () => {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  expect((await fetch(`${portside!.url}/admin/resync/${PLUGIN}`, { method: "POST", headers: auth })).status).toBe(202);
  await until("the bitbucket-gitops cycle", async () => {
    const s = (await (await fetch(`${portside!.url}/status`, { headers: auth })).json()) as any;
    return s.plugins[PLUGIN].lastCycle && !s.plugins[PLUGIN].cycle ? true : undefined;
  });
  expect((await services()).map((e) => e.identifier)).toEqual(expected.service);

  const unsigned = await post(`${portside!.url}/webhooks/${PLUGIN}`, { eventKey: "repo:refs_changed" }, { "x-event-key": "repo:refs_changed" });
  expect(unsigned.status).toBe(401);

  const file = "- identifier: payments\n  title: Payments team\n  blueprint: team\n- identifier: ledger\n  title: Ledger v2\n  blueprint: service\n";
  const push = await post(`${bitbucket.url}/_fake/action/push`, { project: "PLAT", repo: "svc-02", files: { "port.yaml": file } });
  const { deliveries } = (await push.json()) as { deliveries: { status?: number }[] };
  // Acknowledged at once; the change is applied after the response.
  expect(deliveries.map((d) => d.status)).toEqual([202]);
  await until("the push in Port", async () => {
    const now = await services();
    return now.find((e) => e.identifier === "ledger")?.title === "Ledger v2" && !now.some((e) => e.identifier === "ledger-worker") ? true : undefined;
  });
}, 120_000);
