import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newFake, type FakeControl } from "../support/fakes.ts";
import { call, status, testEnv, tick, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";

const teams = [
  { slug: "platform", name: "Platform", members: ["ann", "bob"] },
  { slug: "payments", name: "Payments", members: ["cy"] },
];
const services = Array.from({ length: 120 }, (_, i) => ({
  id: `svc-${i}`,
  name: `Service ${i}`,
  lang: i % 2 ? "go" : "ts",
  stars: i,
  team: i % 3 ? "platform" : "payments",
  archived: i % 10 === 9,
}));
const liveServices = services.filter((s) => !s.archived);

let source: FakeControl;
let port: FakeControl;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  [source, port] = await Promise.all([newFake("source"), newFake("port")]);
  await source.seed({ token: "source-token-123", kinds: { team: teams, service: services } });
  env = testEnv({
    SAMPLE_URL: source.url,
    SAMPLE_TOKEN: "source-token-123",
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
    ADMIN_TOKEN: "admin-token-for-tests",
  });
});

afterEach(() => clock.reset());

async function entities(blueprint?: string) {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => !blueprint || e.blueprint === blueprint);
}

async function untilCycleDone(e: TestEnv, maxTicks = 20) {
  for (let i = 0; i < maxTicks; i++) {
    await tick(e);
    const s = await status(e);
    if (s.plugins.sample.lastCycle && !s.plugins.sample.cycle) return i + 1;
  }
  throw new Error(`cycle did not finish in ${maxTicks} ticks`);
}

describe("a resync tick", () => {
  it("creates the default blueprints and maps pages into exactly the expected entities", async () => {
    const ticks = await untilCycleDone(env);
    expect(ticks).toBeGreaterThanOrEqual(1);

    const state = await port.state();
    expect(state.blueprints.map((b: any) => b.identifier).sort()).toEqual(["sampleService", "sampleTeam"]);
    const teamsInPort = await entities("sampleTeam");
    expect(teamsInPort.map((e) => [e.identifier, e.title, e.properties.size])).toEqual([
      ["payments", "Payments", 1],
      ["platform", "Platform", 2],
    ]);
    const servicesInPort = await entities("sampleService");
    expect(servicesInPort.map((e) => e.identifier).sort()).toEqual(liveServices.map((s) => s.id).sort());
    const svc7 = servicesInPort.find((e) => e.identifier === "svc-7");
    expect(svc7).toMatchObject({
      title: "Service 7",
      properties: { language: "go", stars: 7 },
      relations: { team: "platform" },
    });
    // The writer marks ownership through the User-Agent Port keeps as the datasource.
    expect(svc7.datasource).toMatch(/^portside\/sample\/[^/]+\/t\d+-[0-9a-f]+\/service\/exporter$/);

    const s = await status(env);
    const service = s.plugins.sample.lastCycle.resources.find((r: any) => r.kind === "service");
    expect(service).toMatchObject({ status: "done", listed: 120, upserted: 108, filtered: 12, failed: 0 });
  });

  it("uses one bulk request per 20 entities and never more than one token request", async () => {
    await untilCycleDone(env);
    const requests = await port.requests();
    const bulks = requests.filter((r) => r.path.endsWith("/entities/bulk"));
    expect(bulks.every((r) => (r.body as any).entities.length <= 20)).toBe(true);
    expect(bulks.every((r) => r.query.includes("upsert=true") && r.query.includes("merge=true"))).toBe(true);
    expect(requests.filter((r) => r.path === "/v1/auth/access_token")).toHaveLength(1);
  });

  it("converges through injected 429 and 5xx responses on both sides", async () => {
    await port.faults([
      { path: "/entities/bulk$", status: 429, times: 2, headers: { "retry-after": "0" } },
      { path: "/entities/bulk$", status: 503, times: 2 },
    ]);
    await source.faults([{ path: "^/items/service$", status: 502, times: 2 }]);
    await untilCycleDone(env);
    expect((await entities("sampleService")).length).toBe(liveServices.length);
    const statuses = (await port.requests()).filter((r) => r.path.endsWith("/entities/bulk")).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
  });

  it("records a 207 partial failure with the entity and message instead of losing it", async () => {
    // A stars value of the wrong type makes Port refuse that one entity inside an otherwise good bulk.
    const broken = services.map((s) => (s.id === "svc-4" ? { ...s, stars: "many" } : s));
    await source.seed({ token: "source-token-123", kinds: { team: teams, service: broken } });
    await untilCycleDone(env);
    const ids = (await entities("sampleService")).map((e) => e.identifier);
    expect(ids).not.toContain("svc-4");
    expect(ids).toHaveLength(liveServices.length - 1);
    const s = await status(env);
    const service = s.plugins.sample.lastCycle.resources.find((r: any) => r.kind === "service");
    expect(service.failed).toBe(1);
    expect(s.plugins.sample.errors.some((e: any) => e.item === "svc-4" && /stars/.test(e.message))).toBe(true);
  });

  it("reuses the Port token across ticks and fetches a new one once it expired", async () => {
    await tick(env);
    await tick(env);
    let tokenRequests = (await port.requests()).filter((r) => r.path === "/v1/auth/access_token");
    expect(tokenRequests).toHaveLength(1);

    // Port answers 401 to the cached token; the writer fetches a new one and retries once.
    await port.action("expire-tokens");
    await call(env, "/admin/resync/sample", { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
    await untilCycleDone(env);
    tokenRequests = (await port.requests()).filter((r) => r.path === "/v1/auth/access_token");
    expect(tokenRequests).toHaveLength(2);
    expect((await entities("sampleService")).length).toBe(liveServices.length);
  });

  it("never overwrites a blueprint the user already has", async () => {
    const custom = { identifier: "sampleTeam", title: "Our teams", schema: { properties: { size: { type: "number" }, slack: { type: "string" } } } };
    await port.seed({ blueprints: [custom] });
    await untilCycleDone(env);
    const state = await port.state();
    expect(state.blueprints.find((b: any) => b.identifier === "sampleTeam").title).toBe("Our teams");
  });

  it("keeps secrets out of /status even when a server echoes them in an error", async () => {
    await port.faults([{ path: "/auth/access_token", status: 401, times: 50, body: { ok: false, error: "unauthorized", message: "client test-client-id with secret test-client-secret is unknown" } }]);
    await source.faults([{ path: "^/items/team$", status: 500, times: 50, body: { error: "token source-token-123 and admin-token-for-tests rejected" } }]);
    await tick(env);
    const messages = JSON.stringify((await status(env)).plugins.sample.errors);
    expect(messages).toMatch(/\[redacted\]/);
    const text = JSON.stringify(await status(env));
    for (const secret of ["test-client-secret", "source-token-123", "admin-token-for-tests"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("webhooks through the plugin interface", () => {
  const hook = (e: TestEnv, body: unknown, secret?: string) =>
    call(e, "/webhooks/sample", {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret !== undefined && { "x-sample-secret": secret }) },
      body: JSON.stringify(body),
    });

  it("refuses a wrong secret before anything happens, applies a good event after answering, and counts both", async () => {
    const e = { ...env, SAMPLE_WEBHOOK_SECRET: "hook-secret-456" };
    await port.clearRequests();
    expect((await hook(e, { kind: "service", upsert: ["svc-3"] }, "nope")).status).toBe(401);
    expect((await hook(e, { kind: "service", upsert: ["svc-3"] })).status).toBe(401);
    expect(await port.requests()).toHaveLength(0);

    const res = await hook(e, { kind: "service", upsert: ["svc-3", "svc-9"], delete: [{ id: "gone-1", name: "x" }] }, "hook-secret-456");
    expect(res.status).toBe(202);
    // svc-9 is archived: its selector fails, so the live event deletes it (Ocean's parseAll rule).
    expect((await entities("sampleService")).map((x) => x.identifier)).toEqual(["svc-3"]);
    const deletes = (await port.requests()).filter((r) => r.path.endsWith("/bulk/entities/delete"));
    expect(deletes.flatMap((r) => (r.body as any).entities).sort()).toEqual(["gone-1", "svc-9"]);

    const s = await status(e);
    expect(s.plugins.sample.webhooks).toMatchObject({ received: 3, rejected: 2, applied: 1, failed: 0 });
    expect(Date.parse(s.plugins.sample.webhooks.lastAt)).toBeGreaterThan(0);
  });

  it("answers 400 for a malformed body and records a failed application in /status", async () => {
    const e = { ...env, SAMPLE_WEBHOOK_SECRET: "hook-secret-456" };
    expect((await hook(e, { nope: true }, "hook-secret-456")).status).toBe(400);
    await source.faults([{ path: "^/items/service$", status: 500, times: 100 }]);
    expect((await hook(e, { kind: "service", upsert: ["svc-3"] }, "hook-secret-456")).status).toBe(202);
    const s = await status(e);
    expect(s.plugins.sample.webhooks.failures[0]).toMatchObject({ message: expect.stringContaining("500") });
    expect(JSON.stringify(s)).not.toContain("hook-secret-456");
  });
});

describe("without Port credentials", () => {
  it("writes to the local catalog through the same mapping, readable at /catalog", async () => {
    const local = testEnv({ SAMPLE_URL: source.url, SAMPLE_TOKEN: "source-token-123" });
    expect((await status(local)).port.writesTo).toBe("local catalog");
    for (let i = 0; i < 5; i++) await tick(local);
    const catalog = await (await call(local, "/catalog")).json<any>();
    expect(catalog.blueprints.map((b: any) => b.identifier).sort()).toEqual(["sampleService", "sampleTeam"]);
    const ids = catalog.entities.filter((e: any) => e.blueprint === "sampleService").map((e: any) => e.identifier);
    expect(ids.sort()).toEqual(liveServices.map((s) => s.id).sort());
    expect(catalog.entities.find((e: any) => e.identifier === "svc-1")).toMatchObject({ properties: { language: "go", stars: 1 } });
    expect((await port.requests()).length).toBe(0);
  });
});

describe("settings", () => {
  it("reports missing and invalid settings by name instead of failing", async () => {
    const bad = testEnv({ SAMPLE_URL: "not a url", RESYNC_SUBREQUEST_BUDGET: "lots" });
    const s = await status(bad);
    expect(s.plugins.sample.enabled).toBe(false);
    expect(s.plugins.sample.settings.issues).toEqual([
      expect.objectContaining({ setting: "SAMPLE_URL", message: expect.stringContaining("SAMPLE_URL is invalid") }),
    ]);
    expect(s.settings.issues.map((i: any) => i.setting)).toEqual(["RESYNC_SUBREQUEST_BUDGET"]);
    await tick(bad);
  });

  it("keeps every valid runtime setting when another one is invalid", async () => {
    const e = testEnv({ SAMPLE_URL: source.url, RESYNC_SUBREQUEST_BUDGET: "4", ADMIN_TOKEN: "admin-token-for-tests" });
    expect((await call(e, "/status")).status).toBe(401);
    const s = await status(e);
    expect(s.instance).toBe(e.PORTSIDE_INSTANCE);
    expect(s.settings.issues).toEqual([expect.objectContaining({ setting: "RESYNC_SUBREQUEST_BUDGET", message: expect.stringContaining("at least 5") })]);
  });

  it("names the missing half of the Port credentials and writes nowhere", async () => {
    const half = testEnv({ SAMPLE_URL: source.url, PORT_CLIENT_ID: "test-client-id", PORT_API_URL: `${port.url}/v1` });
    const s = await status(half);
    expect(s.port.writesTo).toBe("nowhere");
    expect(s.settings.issues).toEqual([expect.objectContaining({ setting: "PORT_CLIENT_SECRET" })]);
    await tick(half);
    expect((await port.requests()).length).toBe(0);
  });

  it("protects /status with ADMIN_TOKEN when it is set", async () => {
    expect((await call(env, "/status")).status).toBe(401);
    expect((await call(env, "/status", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await call(env, "/status", { headers: { authorization: "Bearer admin-token-for-tests" } })).status).toBe(200);
  });

  it("lets a browser reach the status page with the token as Basic password, and asks for it", async () => {
    const asked = await call(env, "/");
    expect(asked.status).toBe(401);
    expect(asked.headers.get("www-authenticate")).toMatch(/^Basic realm="portside"/);
    const basic = (pw: string) => ({ authorization: `Basic ${btoa(`admin:${pw}`)}` });
    expect((await call(env, "/", { headers: basic("wrong") })).status).toBe(401);
    const page = await call(env, "/", { headers: basic("admin-token-for-tests") });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("portside");
  });

  it("answers 404 for webhooks of unknown plugins", async () => {
    const res = await call(env, "/webhooks/nope", { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });
});
