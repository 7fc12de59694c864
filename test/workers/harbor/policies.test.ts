import { beforeEach, describe, expect, it } from "vitest";
import { status, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, expected } from "../../fixtures/harbor/realistic.ts";
import { harness, identifiers, lastCycle, resyncAgain, runCycle, type Harness } from "./support.ts";
import { act, APP_HOST, deliverAll, HOOK_PATH, SECRET } from "./webhook-deliveries.ts";

const NAME = "portside-portside.test";
const SUBSCRIBED = ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED"];

let h: Harness;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  h = await harness();
  env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET, APP_HOST });
});

async function policies(): Promise<any[]> {
  return (await h.harbor.state()).policies;
}

/** The methods of the policy requests Harbor saw, in order. */
async function policyRequests(): Promise<string[]> {
  return (await h.harbor.requests()).filter((r) => r.path.includes("/webhook/policies")).map((r) => r.method);
}

async function projectIds(): Promise<Map<number, string>> {
  return new Map((await h.harbor.state()).projects.map((p: any) => [p.id, p.name]));
}

function harborApi(path: string, init: RequestInit = {}) {
  const auth = `Basic ${btoa(`${credentials.admin.username}:${credentials.admin.password}`)}`;
  return fetch(`${h.harbor.url}/api/v2.0${path}`, { ...init, headers: { authorization: auth, "content-type": "application/json" } });
}

describe("webhook policy registration", () => {
  it("gives every project one enabled policy for the five events, with the secret as its auth header verbatim", async () => {
    await runCycle(env);
    const ids = await projectIds();
    const all = await policies();
    expect(all.map((p) => ids.get(p.project_id)).sort()).toEqual(expected.projects);
    for (const p of all) {
      expect(p).toMatchObject({ name: NAME, enabled: true });
      expect([...p.event_types].sort()).toEqual([...SUBSCRIBED].sort());
      expect(p.targets).toEqual([{ type: "http", address: `${APP_HOST}${HOOK_PATH}`, auth_header: SECRET, payload_format: "Default", skip_cert_verify: false }]);
    }
    // Registration never costs the resync anything: every kind completes.
    expect(Object.values(await lastCycle(env)).map((r: any) => r.status)).toEqual(["done", "done", "done", "done"]);

    // What Harbor now sends is accepted and applied.
    const deliveries = await act(h.harbor, "push", { project: "sandbox", repository: "sandbox/first", tags: ["1"] });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.headers.authorization).toBe(SECRET);
    expect(await deliverAll(env, deliveries)).toEqual([202]);
    expect((await identifiers(h.port, "harborArtifact")).some((id) => id.startsWith("sandbox/first@"))).toBe(true);
  });

  it("is idempotent: a second cycle reads the policies and writes none", async () => {
    await runCycle(env);
    const first = await policies();
    await h.harbor.clearRequests();
    await resyncAgain(env);
    const methods = await policyRequests();
    expect(methods.filter((m) => m !== "GET")).toEqual([]);
    expect(methods).toHaveLength(expected.projects.length);
    expect(await policies()).toEqual(first);
  });

  it("puts back a policy changed by hand, keeping a payload format chosen by hand", async () => {
    await runCycle(env);
    const [changed] = await policies();
    const body = { ...changed, enabled: false, event_types: ["PUSH_ARTIFACT"], targets: [{ ...changed.targets[0], auth_header: "stale", payload_format: "CloudEvents" }] };
    expect((await harborApi(`/projects/${changed.project_id}/webhook/policies/${changed.id}`, { method: "PUT", body: JSON.stringify(body) })).status).toBe(200);
    await h.harbor.clearRequests();

    await resyncAgain(env);
    expect((await policyRequests()).filter((m) => m !== "GET")).toEqual(["PUT"]);
    const repaired = (await policies()).find((p) => p.id === changed.id);
    expect(repaired).toMatchObject({ enabled: true, targets: [{ auth_header: SECRET, payload_format: "CloudEvents" }] });
    expect([...repaired.event_types].sort()).toEqual([...SUBSCRIBED].sort());
    expect(await policies()).toHaveLength(expected.projects.length);
  });

  it("registers a project created after the first cycle on the next one", async () => {
    await runCycle(env);
    await h.harbor.action("generate", { projects: 1, reposPerProject: 1, artifactsPerRepo: 1, prefix: "late" });
    await resyncAgain(env);
    const ids = await projectIds();
    expect((await policies()).map((p) => ids.get(p.project_id)).sort()).toEqual([...expected.projects, "late-0"].sort());
  });

  it("registers ten projects a page within a free tick's 45 requests, so 28 projects are all listed once and all get a policy", async () => {
    const free = { ...env, RESYNC_SUBREQUEST_BUDGET: "45" };
    await h.harbor.action("generate", { projects: 23, reposPerProject: 1, artifactsPerRepo: 1, prefix: "many" });
    const ticks = await runCycle(free);
    expect(ticks).toBeGreaterThan(1);
    expect(await policies()).toHaveLength(28);
    expect(await identifiers(h.port, "harborProject")).toHaveLength(28);
    expect((await lastCycle(free)).project).toMatchObject({ status: "done", listed: 28, pages: 3 });
    expect((await status(free)).plugins.harbor.errors).toEqual([]);
  });

  it("records once, without failing the resync, that the account may not manage policies", async () => {
    const robot = h.env(credentials.robot, { HARBOR_WEBHOOK_SECRET: SECRET, APP_HOST });
    await runCycle(robot);
    expect(await policies()).toEqual([]);
    expect(await policyRequests()).toEqual(["GET"]);
    const kinds = await lastCycle(robot);
    expect([kinds.project.status, kinds.repository.status, kinds.artifact.status]).toEqual(["done", "done", "done"]);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(expected.artifacts);
    const warnings = (await status(robot)).plugins.harbor.errors.filter((e: any) => /webhook policies/.test(e.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: "project", message: expect.stringMatching(/robot\$port-sync.*may not manage webhook policies \(403/) });
  });

  it.each(["OCEAN__INTEGRATION__CONFIG__APP_HOST", "OCEAN__INTEGRATION__CONFIG__HARBOR_APP_HOST", "OCEAN__BASE_URL"])(
    "takes APP_HOST from Ocean's %s",
    async (name) => {
      await runCycle(h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET, [name]: APP_HOST }));
      const registered = await policies();
      expect(registered).toHaveLength(5);
      for (const p of registered) expect(p.targets[0].address).toBe(`${APP_HOST}${HOOK_PATH}`);
    },
  );

  it("registers nothing without APP_HOST or without HARBOR_WEBHOOK_SECRET", async () => {
    await runCycle(h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET }));
    await runCycle(h.env(credentials.admin, { APP_HOST }));
    expect(await policyRequests()).toEqual([]);
    expect(await policies()).toEqual([]);
  });
});
