import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { plugins } from "../../../plugins/registry.ts";
import { createWorker } from "../../../src/adapter/workers.ts";
import { clock } from "../../support/clock.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { examplePlugin } from "./index.ts";
import { signature } from "./webhook.ts";

/**
 * The whole of a source in one folder: this plugin, its defaults, its fake and this test change no
 * other file. The worker is the production one with the plugin added to its list.
 */
const worker = createWorker([...plugins, examplePlugin], { now: () => clock.now() });

const TOKEN = "example-token-1234";
const SECRET = "example-webhook-secret";
const ADMIN_TOKEN = "admin-token-for-example";

const teams = [
  { slug: "core", name: "Core" },
  { slug: "web", name: "Web" },
];
const services = [
  { id: "svc-1", name: "API", language: "go", team: "core" },
  { id: "svc-2", name: "Site", language: "ts", team: "web" },
  { id: "svc-3", name: "Billing", language: "go", team: "core" },
  { id: "svc-4", name: "Old", language: "go", team: "core", archived: true },
  { id: "svc-5", name: "Jobs", language: "go", team: "web" },
];

let api: FakeControl;
let port: FakeControl;
let instances = 0;

function exampleEnv(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...env,
    PORTSIDE_INSTANCE: `example-${++instances}-${crypto.randomUUID().slice(0, 8)}`,
    EXAMPLE_URL: api.url,
    EXAMPLE_TOKEN: TOKEN,
    EXAMPLE_WEBHOOK_SECRET: SECRET,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN,
    ...extra,
  };
}

async function call(e: Record<string, unknown>, path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://portside.test${path}`, init), e as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function status(e: Record<string, unknown>): Promise<any> {
  return (await call(e, "/status", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
}

async function tick(e: Record<string, unknown>): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), e as never, ctx);
  await waitOnExecutionContext(ctx);
}

/** Ticks until the example plugin's first cycle finished. */
async function sync(e: Record<string, unknown>): Promise<any> {
  for (let i = 0; i < 20; i++) {
    await tick(e);
    const s = (await status(e)).plugins.example;
    if (s.lastCycle && !s.cycle) return s;
  }
  throw new Error("the example cycle did not finish");
}

async function catalog(blueprint: string): Promise<any[]> {
  return ((await port.state()).entities as any[]).filter((x) => x.blueprint === blueprint);
}

const ids = async (blueprint: string) => (await catalog(blueprint)).map((x) => x.identifier).sort();

async function deliver(e: Record<string, unknown>, event: unknown, sign = SECRET): Promise<Response> {
  const raw = new TextEncoder().encode(JSON.stringify(event));
  return call(e, "/webhooks/example", {
    method: "POST",
    headers: { "content-type": "application/json", "x-example-signature": await signature(sign, raw) },
    body: raw,
  });
}

beforeEach(async () => {
  clock.reset();
  [api, port] = await Promise.all([newFake("example"), newFake("port")]);
  await api.seed({ token: TOKEN, pageLimit: 2, teams, services });
});

describe("a source added as one folder", () => {
  it("syncs its kinds through the API's pages, relations and blueprints included", async () => {
    const e = exampleEnv();
    const s = await sync(e);
    expect(s.lastCycle.resources.map((r: any) => [r.kind, r.status, r.pages])).toEqual([
      ["team", "done", 1],
      ["service", "done", 3],
    ]);
    expect(await ids("exampleTeam")).toEqual(["core", "web"]);
    // svc-4 is archived: the default mapping's query keeps it out.
    expect(await ids("exampleService")).toEqual(["svc-1", "svc-2", "svc-3", "svc-5"]);
    expect((await catalog("exampleService")).find((x) => x.identifier === "svc-1")).toMatchObject({
      title: "API",
      properties: { language: "go" },
      relations: { team: "core" },
    });
    const pages = (await api.requests()).filter((r) => r.path === "/api/services").map((r) => new URLSearchParams(r.query).get("page"));
    expect(pages).toEqual(["1", "2", "3"]);
    expect(((await port.state()).blueprints as any[]).map((b) => b.identifier)).toEqual(expect.arrayContaining(["exampleTeam", "exampleService"]));
  });

  it("applies signed webhooks by reading the service back, and refuses unsigned ones", async () => {
    const e = exampleEnv();
    await sync(e);

    await api.action("put-service", { service: { id: "svc-1", name: "API v2", language: "go", team: "core" } });
    expect((await deliver(e, { event: "service.changed", id: "svc-1" })).status).toBe(202);
    expect((await catalog("exampleService")).find((x) => x.identifier === "svc-1").title).toBe("API v2");

    await api.action("remove-service", { id: "svc-3" });
    expect((await deliver(e, { event: "service.changed", id: "svc-3" })).status).toBe(202);
    expect(await ids("exampleService")).toEqual(["svc-1", "svc-2", "svc-5"]);

    await api.action("remove-service", { id: "svc-5" });
    const forged = await deliver(e, { event: "service.changed", id: "svc-5" }, "not-the-secret");
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "X-Example-Signature does not match EXAMPLE_WEBHOOK_SECRET" });
    expect(await ids("exampleService")).toContain("svc-5");
    expect((await status(e)).plugins.example.webhooks).toMatchObject({ applied: 2, rejected: 1 });
  });

  it("applies the typed selector of the mapping in force to webhooks as to listings", async () => {
    const mapping = (await import("./defaults/port-app-config.yml")).default.replace('query: .archived != true', 'query: .archived != true\n      language: go');
    const e = exampleEnv({ EXAMPLE_PORT_APP_CONFIG: mapping });
    await sync(e);
    expect(await ids("exampleService")).toEqual(["svc-1", "svc-3", "svc-5"]);
    expect((await api.requests()).filter((r) => r.path === "/api/services").every((r) => new URLSearchParams(r.query).get("language") === "go")).toBe(true);

    // Rewritten in another language: the selector no longer admits it, so the webhook deletes it.
    await api.action("put-service", { service: { id: "svc-1", name: "API", language: "rust", team: "core" } });
    expect((await deliver(e, { event: "service.changed", id: "svc-1" })).status).toBe(202);
    expect(await ids("exampleService")).toEqual(["svc-3", "svc-5"]);
  });

  it("refuses a mapping whose selector its kind does not accept, naming resource, kind and field", async () => {
    const mapping = (await import("./defaults/port-app-config.yml")).default.replace('query: .archived != true', 'query: .archived != true\n      language: 42');
    const e = exampleEnv({ EXAMPLE_PORT_APP_CONFIG: mapping });
    await tick(e);
    const s = (await status(e)).plugins.example;
    expect(s.mapping.refused.error).toBe("EXAMPLE_PORT_APP_CONFIG: resources[1].selector.language of kind service: must be a language name such as go");
    expect(s.lastCycle).toBeNull();
    expect(await ids("exampleService")).toEqual([]);
  });

  it("reports the API's own error body, read by the plugin's client", async () => {
    const e = exampleEnv({ EXAMPLE_TOKEN: "wrong-token" });
    const s = await sync(e);
    expect(s.lastCycle.resources.map((r: any) => r.status)).toEqual(["failed", "failed"]);
    expect(s.lastCycle.resources[0].error).toBe("GET /teams: 401 unauthorized: the token is missing or unknown");
  });

  it("shows on /status and the status page", async () => {
    const e = exampleEnv();
    await sync(e);
    const s = (await status(e)).plugins.example;
    expect(s).toMatchObject({ enabled: true, kinds: ["team", "service"], mapping: { source: "default", origin: "test/plugins/example/defaults/port-app-config.yml", refused: null } });
    const page = await (await call(e, "/", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(page).toContain('data-plugin="example"');
    expect(page).toContain("kinds: team, service");
    expect(page).not.toContain(TOKEN);
    expect(page).not.toContain(SECRET);
  });
});
