import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PortHarness, startPort } from "../../contract/port-harness.ts";

let port: PortHarness;
beforeEach(async () => {
  port = await startPort();
  await port.login();
});
afterEach(() => port.close());

const create = () =>
  port.call("POST", "/v1/integration", {
    body: { installationId: "portside-harbor", installationAppType: "harbor", version: "0.1.0", config: { resources: [] } },
  });

describe("integration routes", () => {
  it("answer 404 before creation, then create once and read back", async () => {
    expect((await port.call("GET", "/v1/integration/portside-harbor")).status).toBe(404);
    const created = await create();
    expect(created.status).toBe(200);
    expect(created.body.integration).toMatchObject({
      identifier: "portside-harbor",
      installationId: "portside-harbor",
      installationAppType: "harbor",
      version: "0.1.0",
      config: { resources: [] },
    });
    expect((await create()).status).toBe(409);
    const read = await port.call("GET", "/v1/integration/portside-harbor");
    expect(read.body).toEqual({ ok: true, integration: created.body.integration });
  });

  it("patch fields, config and resync state; an empty PATCH asks for a resync", async () => {
    await create();
    const patched = await port.call("PATCH", "/v1/integration/portside-harbor", { body: { version: "0.2.0" } });
    expect(patched.body.integration.version).toBe("0.2.0");
    const config = { deleteDependentEntities: true, resources: [{ kind: "project" }] };
    const withConfig = await port.call("PATCH", "/v1/integration/portside-harbor/config", { body: { config } });
    expect(withConfig.body.integration.config).toEqual(config);
    const resync = { status: "completed", lastResyncStart: "2026-01-01T00:00:00Z", intervalInMinutes: 5 };
    const state = await port.call("PATCH", "/v1/integration/portside-harbor/resync-state", { body: resync });
    expect(state.body.integration.resyncState).toMatchObject(resync);
    await port.call("PATCH", "/v1/integration/portside-harbor", { body: {} });
    expect((await port.state()).resyncRequests).toEqual({ "portside-harbor": 1 });
  });

  it("validate bodies against the spec's shapes", async () => {
    await create();
    const bad = await port.call("PATCH", "/v1/integration/portside-harbor", { body: { installationAppType: 5 } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain("installationAppType");
    expect((await port.call("PATCH", "/v1/integration/portside-harbor/config", { body: {} })).status).toBe(422);
    expect((await port.call("PATCH", "/v1/integration/nope/config", { body: { config: {} } })).status).toBe(404);
    expect((await port.call("POST", "/v1/integration", { body: { version: "1" } })).status).toBe(422);
  });

  it("can be seeded", async () => {
    await port.seed({ integrations: [{ identifier: "seeded", installationAppType: "bitbucket" }] });
    const read = await port.call("GET", "/v1/integration/seeded");
    expect(read.body.integration).toMatchObject({ installationId: "seeded", installationAppType: "bitbucket", config: {} });
  });
});
