import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESYNC_SCHEDULE } from "../../src/adapter/deno.ts";
import { createHarborFake } from "../fakes/harbor/index.ts";
import { createPortFake } from "../fakes/port/index.ts";
import type { Served } from "../fakes/serve.ts";
import { credentials, digests, expected, harborSeed } from "../fixtures/harbor/realistic.ts";
import { isolatedEnv, startDeno, startFake, startPortside, tempDir, until, type DenoProcess } from "./deno-process.ts";

const ADMIN_TOKEN = "admin-token-for-deno";
const WEBHOOK_SECRET = "harbor-webhook-secret-for-deno";

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let harbor: Served;
let port: Served;
let home: Awaited<ReturnType<typeof tempDir>>;
let deno: DenoProcess | undefined;
let base: string;

async function identifiers() {
  const state = (await (await fetch(`${port.url}/_fake/state`)).json()) as { entities: { blueprint: string; identifier: string }[] };
  const of = (blueprint: string) =>
    state.entities
      .filter((e) => e.blueprint === blueprint)
      .map((e) => e.identifier)
      .sort();
  return { projects: of("harborProject"), users: of("harborUser"), repositories: of("harborRepository"), artifacts: of("harborArtifact") };
}

async function status(): Promise<any> {
  const res = await fetch(`${base}/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`/status answered ${res.status}`);
  return res.json();
}

async function startDenoPortside(): Promise<void> {
  const started = await startPortside(home.path, {
    PORTSIDE_KV_PATH: join(home.path, "state.sqlite3"),
    HARBOR_URL: harbor.url,
    HARBOR_USERNAME: credentials.admin.username,
    HARBOR_PASSWORD: credentials.admin.password,
    HARBOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN,
  });
  deno = started.process;
  base = started.url;
}

beforeAll(async () => {
  [harbor, port, home] = await Promise.all([startFake(createHarborFake, "harbor"), startFake(createPortFake, "port"), tempDir("portside-deno-")]);
  expect((await post(`${harbor.url}/_fake/seed`, harborSeed)).ok).toBe(true);
  await startDenoPortside();
}, 90_000);

afterAll(async () => {
  await deno?.stop();
  await Promise.all([harbor?.close(), port?.close()]);
  await home?.remove();
});

describe("portside on Deno (deno task start)", () => {
  it("serves /health and runs on the cron schedule of wrangler.toml", async () => {
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toMatchObject({ ok: true });
    expect(deno!.lines.some((l) => l.includes(`"schedule":"${RESYNC_SCHEDULE}"`))).toBe(true);
  });

  it("stops at startup, saying why, when Deno KV cannot be opened", async () => {
    const missing = join(home.path, "no-such-dir", "state.sqlite3");
    const broken = startDeno(["task", "start"], isolatedEnv(home.path, { PORTSIDE_HTTP_PORT: "0", PORTSIDE_KV_PATH: missing }));
    const event = await broken.waitForEvent("storage.unavailable");
    expect(event).toMatchObject({ level: "error", path: missing });
    expect(await broken.exited).toBe(1);
    expect(broken.lines.some((l) => l.includes("server.listening"))).toBe(false);
  }, 60_000);

  it("runs a requested resync into exactly the expected Port entities, keeping state in Deno KV", async () => {
    const res = await fetch(`${base}/admin/resync/harbor`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(202);

    const finished = await until("the harbor cycle", async () => {
      const s = await status();
      return s.plugins.harbor.lastCycle && !s.plugins.harbor.cycle ? s : undefined;
    });
    expect(await identifiers()).toEqual(expected);
    const kinds = Object.fromEntries(finished.plugins.harbor.lastCycle.resources.map((r: any) => [r.kind, r]));
    for (const kind of ["project", "user", "repository", "artifact"]) expect(kinds[kind]).toMatchObject({ status: "done", failed: 0 });
    expect(existsSync(join(home.path, "state.sqlite3"))).toBe(true);

    // SIGTERM stops it gracefully, and state survives the restart: it lives in the KV file, not the process.
    const stopped = deno!;
    await stopped.stop();
    expect(stopped.lines.some((l) => l.includes('"event":"server.stopping"'))).toBe(true);
    await startDenoPortside();
    expect((await status()).plugins.harbor.lastCycle.id).toBe(finished.plugins.harbor.lastCycle.id);
  }, 120_000);

  it("answers webhooks on /webhooks/:plugin", async () => {
    expect((await post(`${base}/webhooks/nope`, {})).status).toBe(404);
    const unsigned = await post(`${base}/webhooks/harbor`, { type: "PUSH_ARTIFACT" });
    expect(unsigned.status).toBe(401);
    // Harbor itself delivers: a policy of the project points at portside with the shared secret.
    const policy = await fetch(`${harbor.url}/api/v2.0/projects/prod-web/webhook/policies`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${credentials.admin.username}:${credentials.admin.password}`)}` },
      body: JSON.stringify({
        name: "portside",
        enabled: true,
        event_types: ["PUSH_ARTIFACT"],
        targets: [{ type: "http", address: `${base}/webhooks/harbor`, auth_header: WEBHOOK_SECRET }],
      }),
    });
    expect(policy.status).toBe(201);
    const pushed = digests.frontend.replace(/c1$/, "c2");
    const push = await post(`${harbor.url}/_fake/action/push`, { project: "prod-web", repository: "prod-web/frontend", digest: pushed, tags: ["v2"] });
    expect(push.ok).toBe(true);
    await until("the pushed artifact in Port", async () =>
      (await identifiers()).artifacts.includes(`prod-web/frontend@${pushed}`) ? true : undefined,
    );
  }, 60_000);
});
