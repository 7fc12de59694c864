import { beforeEach, describe, expect, it } from "vitest";
import { status, testEnv, tick, type TestEnv } from "../support/app.ts";
import { clock } from "../support/clock.ts";
import { newFake, type FakeControl } from "../support/fakes.ts";

const teams = [{ slug: "core", name: "Core", members: ["a", "b"] }];
const services = Array.from({ length: 30 }, (_, i) => ({ id: `svc-${i}`, name: `S${i}`, lang: i % 2 ? "go" : "ts", stars: i, team: "core" }));

/** The sample plugin's mapping with the service title and identifier changed, as a user would. */
const customMapping = (title: string) => `
resources:
  - kind: team
    selector: { query: "true" }
    port:
      entity:
        mappings: { identifier: .slug, title: .name, blueprint: '"sampleTeam"', properties: { size: .members | length } }
  - kind: service
    selector: { query: '.lang == "go"' }
    port:
      entity:
        mappings:
          identifier: '"go-" + .id'
          title: ${title}
          blueprint: '"sampleService"'
          properties: { language: .lang }
          relations: { team: .team }
`;

let source: FakeControl;
let port: FakeControl;
let base: TestEnv;

async function services_(): Promise<any[]> {
  return ((await port.state()).entities as any[]).filter((e) => e.blueprint === "sampleService");
}

async function cycle(e: TestEnv) {
  for (let i = 0; i < 10; i++) {
    await tick(e);
    const s = await status(e);
    if (!s.plugins.sample.cycle) return s;
  }
  throw new Error("cycle did not finish");
}

beforeEach(async () => {
  clock.reset();
  [source, port] = await Promise.all([newFake("source"), newFake("port")]);
  await source.seed({ kinds: { team: teams, service: services } });
  base = testEnv({
    SAMPLE_URL: source.url,
    PORT_CLIENT_ID: "test-client-id",
    PORT_CLIENT_SECRET: "test-client-secret",
    PORT_API_URL: `${port.url}/v1`,
  });
});

describe("per-deployment mappings", () => {
  it("uses a mapping given by setting instead of the default", async () => {
    const e = { ...base, SAMPLE_PORT_APP_CONFIG: customMapping(`".name + '-go'"`) };
    const s = await cycle(e);
    const ids = (await services_()).map((x) => x.identifier).sort();
    expect(ids).toEqual(services.filter((x) => x.lang === "go").map((x) => `go-${x.id}`).sort());
    expect((await services_()).find((x) => x.identifier === "go-svc-1").title).toBe("S1-go");
    expect(s.plugins.sample.mapping).toMatchObject({ source: "setting", origin: "SAMPLE_PORT_APP_CONFIG", hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("keeps the last good mapping in force when a new one is broken, and shows why", async () => {
    const good = { ...base, SAMPLE_PORT_APP_CONFIG: customMapping(".name") };
    const first = await cycle(good);
    const goodHash = first.plugins.sample.mapping.hash;
    const before = await services_();

    const broken = { ...good, SAMPLE_PORT_APP_CONFIG: customMapping(".name | split(") };
    // The source changes meanwhile: the good mapping must go on syncing it, not merely stop.
    await source.seed({ kinds: { team: teams, service: services.map((x) => (x.id === "svc-1" ? { ...x, name: "Renamed" } : x)) } });
    clock.advance(61 * 60_000);
    await cycle(broken);
    expect((await services_()).find((x) => x.identifier === "go-svc-1").title).toBe("Renamed");
    const s = await status(broken);
    expect(s.plugins.sample.mapping.hash).toBe(goodHash);
    expect(s.plugins.sample.mapping.refused).toMatchObject({
      origin: "SAMPLE_PORT_APP_CONFIG",
      error: expect.stringMatching(/resources\[1\]\.port\.entity\.mappings\.title.*jq/),
    });
    expect(s.plugins.sample.errors.some((x: any) => /mapping refused/.test(x.message))).toBe(true);
    expect((await services_()).map((x) => x.identifier)).toEqual(before.map((x) => x.identifier));
    expect((await port.requests()).filter((r) => r.path.endsWith("/bulk/entities/delete"))).toHaveLength(0);
  });

  it("starts a new cycle when the mapping changes, and reconciles what it no longer produces", async () => {
    await cycle(base);
    expect((await services_()).length).toBe(30);
    const e = { ...base, SAMPLE_PORT_APP_CONFIG: customMapping(".name") };
    await tick(e);
    expect((await status(e)).plugins.sample.cycle?.reason ?? (await status(e)).plugins.sample.lastCycle.reason).toBe("mapping changed");
    await cycle(e);
    // The 30 old identifiers are stale out of 45 owned (67%), within the 0.9 threshold, so they go.
    const ids = (await services_()).map((x) => x.identifier);
    expect(ids.every((id) => id.startsWith("go-"))).toBe(true);
    expect(ids).toHaveLength(15);
  });
});

describe("the integration in Port", () => {
  const withIntegration = () => ({ ...base, PORT_INTEGRATION_IDENTIFIER: "portside-test", SAMPLE_PORT_APP_CONFIG: customMapping(".name") });

  it("creates the integration record once, with the mapping in force, and reports resync state", async () => {
    const e = withIntegration();
    await port.seed({ integrations: [] });
    await cycle(e);
    clock.advance(61 * 60_000);
    await cycle(e);
    const creates = (await port.requests()).filter((r) => r.method === "POST" && r.path === "/v1/integration");
    expect(creates).toHaveLength(1);
    const [integration] = (await port.state()).integrations;
    expect(integration.installationId).toBe("portside-test");
    expect(integration.config.resources.map((r: any) => r.kind)).toEqual(["team", "service"]);
    expect(integration.resyncState).toMatchObject({ status: "completed", plugin: "sample", upserted: expect.any(Number) });
    // The record starts from what ran before it existed (here the setting): creating it changes nothing.
    expect(integration.config.resources[1].selector.query).toBe('.lang == "go"');
    expect((await services_()).map((x) => x.identifier).every((id) => id.startsWith("go-"))).toBe(true);
    expect((await services_()).length).toBe(15);
  });

  it("keeps syncing with the setting when Port refuses to create the integration, and says why", async () => {
    const e = withIntegration();
    await port.faults([{ method: "POST", path: "^/v1/integration$", status: 404 }]);
    const s = await cycle(e);
    expect((await services_()).length).toBe(15);
    expect(s.plugins.sample.mapping).toMatchObject({ source: "setting" });
    expect(s.plugins.sample.errors.some((x: any) => /could not create Port integration "portside-test"/.test(x.message))).toBe(true);
  });

  it("prefers the mapping stored on the integration over the setting, and picks up edits within a minute", async () => {
    const e = withIntegration();
    const config = (title: string) => ({
      resources: [
        { kind: "service", selector: { query: ".stars < 5" }, port: { entity: { mappings: { identifier: ".id", title, blueprint: '"sampleService"', properties: {}, relations: {} } } } },
      ],
    });
    await port.seed({ integrations: [{ installationId: "portside-test", installationAppType: "portside", config: config('"first"') }] });
    await cycle(e);
    let found = await services_();
    expect(found.map((x) => x.identifier).sort()).toEqual(["svc-0", "svc-1", "svc-2", "svc-3", "svc-4"]);
    expect(found.every((x) => x.title === "first")).toBe(true);
    expect((await status(e)).plugins.sample.mapping).toMatchObject({ source: "integration", origin: 'Port integration "portside-test"' });

    await fetch(`${port.url}/_fake/seed`, {
      method: "POST",
      body: JSON.stringify({ ...(await port.state()), integrations: [{ installationId: "portside-test", installationAppType: "portside", config: config('"second"') }] }),
    });
    clock.advance(61_000);
    await cycle(e);
    found = await services_();
    expect(found.every((x) => x.title === "second")).toBe(true);
  });
});
