import { beforeEach, describe, expect, it } from "vitest";
import type { TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { blueprints } from "../../fixtures/bitbucket/gitops.ts";
import { deliver, entities, errors, harness, resyncAgain, runCycle, type Harness } from "./support.ts";

let h: Harness;
let env: TestEnv;

/** An entity someone else put in Port (the UI, a script, another integration) before any port.yaml named it. */
const LEGACY = { identifier: "legacy", blueprint: "service", title: "Legacy (hand-made)", properties: { language: "cobol" }, datasource: "port-ocean/github/0.1.0/gh-prod/exporter" };

// A cycle before every test: on a loaded machine it outlasts the default 10 s for hooks.
beforeEach(async () => {
  clock.reset();
  h = await harness();
  await h.port.seed({ blueprints, entities: [LEGACY] });
  env = h.env();
  await runCycle(env);
}, 60_000);

const legacy = async () => (await entities(h.port, "service")).find((e) => e.identifier === "legacy");

describe("an entity portside did not create", () => {
  it("is neither taken over by a port.yaml that names it nor deleted when the file drops it, and the conflict is reported", async () => {
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": "- identifier: legacy\n  title: Taken over\n  blueprint: service\n- identifier: mine\n  title: Mine\n  blueprint: service\n" } });
    await resyncAgain(env);
    expect(await legacy()).toMatchObject({ title: "Legacy (hand-made)", properties: { language: "cobol" }, datasource: LEGACY.datasource });
    expect((await entities(h.port, "service")).some((e) => e.identifier === "mine")).toBe(true);
    const conflict = (await errors(env)).find((e) => e.item === "legacy");
    expect(conflict?.message).toMatch(/^conflict: PLAT\/svc-04: port\.yaml declares service "legacy", which exists in Port from another datasource; portside does not take over or delete entities it did not create$/);

    // A push that drops it: the webhook must not delete it either, nor the next resync.
    const { deliveries } = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: mine\ntitle: Mine\nblueprint: service\n" } });
    expect((await deliver(env, deliveries[0])).status).toBe(202);
    expect(await legacy()).toMatchObject({ title: "Legacy (hand-made)" });
    await resyncAgain(env);
    expect(await legacy()).toMatchObject({ title: "Legacy (hand-made)", datasource: LEGACY.datasource });
  });

  it("is not overwritten by a signed push that names it", async () => {
    const { deliveries } = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: legacy\ntitle: Pushed over\nblueprint: service\n" } });
    expect((await deliver(env, deliveries[0])).status).toBe(202);
    expect(await legacy()).toMatchObject({ title: "Legacy (hand-made)", datasource: LEGACY.datasource });
  });
});
