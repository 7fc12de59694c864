import { beforeEach, describe, expect, it } from "vitest";
import { call, status, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, digests, expected } from "../../fixtures/harbor/realistic.ts";
import { harborWebhook } from "../../../plugins/harbor/webhook.ts";
import { entities, harness, identifiers, resyncAgain, runCycle, type Harness } from "./support.ts";
import {
  act,
  content,
  deliver,
  deliverAll,
  deliverDeferred,
  HOOK_PATH,
  portWrites,
  SECRET,
  seedWithPolicies,
  type Delivery,
  type Format,
} from "./webhook-deliveries.ts";

const GENERIC = "application/vnd.security.vulnerability.report; version=1.1";
const NEW = `sha256:${"d1".repeat(32)}`;
const API = "team-a/service/api";

let h: Harness;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  h = await harness(seedWithPolicies);
  env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
  await h.port.clearRequests();
});

async function artifact(identifier: string): Promise<any> {
  return (await entities(h.port, "harborArtifact")).find((e) => e.identifier === identifier);
}

async function repository(identifier: string): Promise<any> {
  return (await entities(h.port, "harborRepository")).find((e) => e.identifier === identifier);
}

/** Everything Port holds for the plugin, without write timestamps. */
async function catalog(): Promise<unknown[]> {
  const state = await h.port.state();
  return (state.entities as any[])
    .filter((e) => e.blueprint.startsWith("harbor"))
    .map(content)
    .sort((a, b) => `${a.blueprint}/${a.identifier}`.localeCompare(`${b.blueprint}/${b.identifier}`));
}

describe.each<Format>(["Default", "CloudEvents"])("%s deliveries", (format) => {
  const push = (body: Record<string, unknown>) => act(h.harbor, "push", { project: "team-a", repository: API, ...body }, format);

  it("PUSH_ARTIFACT: acknowledged at once, then the artifact is read back from Harbor and created as the resync would", async () => {
    const [delivery] = await push({ digest: NEW, tags: ["2.0.0"] });
    const { res, settled } = await deliverDeferred(env, delivery!);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ ok: true, accepted: expect.stringContaining("PUSH_ARTIFACT team-a/service/api@") });
    await settled();

    const created = await artifact(`${API}@${NEW}`);
    expect(created).toMatchObject({
      title: `${API}:2.0.0`,
      properties: { digest: NEW, tags: ["2.0.0"] },
      relations: { repository: API, project: "team-a" },
    });
    expect((await repository(API)).properties.artifactCount).toBe(3);
    // The same mapping over the same raw shape: a resync afterwards finds nothing to change.
    const before = await catalog();
    await resyncAgain(env);
    expect(await catalog()).toEqual(before);
  });

  it("PULL_ARTIFACT: the artifact's pull time and the repository's pull count follow", async () => {
    const [delivery] = await act(h.harbor, "pull", { project: "library", repository: "library/nginx", tag: "latest" }, format);
    expect(await deliverAll(env, [delivery!])).toEqual([202]);
    const pulled = await artifact(`library/nginx@${digests.nginxLatest}`);
    expect(Date.parse(pulled.properties.pullTime)).toBeGreaterThan(Date.parse("2024-06-03T10:00:00.000Z"));
    expect((await repository("library/nginx")).properties.pullCount).toBe(43);
  });

  it("SCANNING_COMPLETED and SCANNING_FAILED: the scan overview follows", async () => {
    const completed = await act(h.harbor, "scan", { project: "team-a", repository: API, digest: digests.apiUntagged, status: "Success", counts: { Critical: 2, Low: 3 } }, format);
    expect(await deliverAll(env, completed)).toEqual([202]);
    const scanned = await artifact(`${API}@${digests.apiUntagged}`);
    expect(scanned.properties).toMatchObject({ scanStatus: "Success", severity: "Critical", vulnerabilities: 5 });
    expect(Object.keys(scanned.properties.scanOverview)).toEqual([GENERIC]);

    const failed = await act(h.harbor, "scan", { project: "library", repository: "library/nginx", digest: digests.nginxLatest, status: "Error" }, format);
    expect(JSON.parse(failed[0]!.body)).toMatchObject(format === "Default" ? { type: "SCANNING_FAILED" } : { type: "harbor.scan.failed" });
    expect(await deliverAll(env, failed)).toEqual([202]);
    expect((await artifact(`library/nginx@${digests.nginxLatest}`)).properties).toMatchObject({ scanStatus: "Error", severity: null, vulnerabilities: null });
  });

  it("DELETE_ARTIFACT: the entity goes once Harbor answers 404 for its digest", async () => {
    const deliveries = await act(h.harbor, "delete", { project: "team-a", repository: API, digest: digests.promoted }, format);
    expect(await deliverAll(env, deliveries)).toEqual([202]);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(expected.artifacts.filter((id) => id !== `${API}@${digests.promoted}`));
    // The same digest promoted into another project is another artifact, and stays.
    expect(await artifact(`prod-payments/api@${digests.promoted}`)).toBeDefined();
    const gets = (await h.harbor.requests()).filter((r) => r.method === "GET" && r.path.endsWith(`/artifacts/${encodeURIComponent(digests.promoted)}`));
    expect(gets.map((r) => r.status)).toEqual([404]);
  });
});

describe("deliveries out of order and twice", () => {
  it("a delete arriving before its push leaves no entity behind", async () => {
    const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["short-lived"] });
    const deleted = await act(h.harbor, "delete", { project: "team-a", repository: API, digest: NEW });
    expect(await deliverAll(env, [...deleted, ...pushed])).toEqual([202, 202]);
    expect(await artifact(`${API}@${NEW}`)).toBeUndefined();
    expect(await identifiers(h.port, "harborArtifact")).toEqual(expected.artifacts);
  });

  it("a late delete never removes an artifact that was pushed again", async () => {
    const first = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["again"] });
    const deleted = await act(h.harbor, "delete", { project: "team-a", repository: API, digest: NEW });
    const again = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["again"] });
    expect(await deliverAll(env, [...first, ...again, ...deleted])).toEqual([202, 202, 202]);
    expect(await artifact(`${API}@${NEW}`)).toMatchObject({ properties: { tags: ["again"] } });
  });

  it("a duplicated delivery writes the same entity, once in the catalog", async () => {
    const deliveries = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["dup"], duplicate: 2 });
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    expect(await deliverAll(env, deliveries)).toEqual([202, 202, 202]);
    expect(await identifiers(h.port, "harborArtifact")).toEqual([...expected.artifacts, `${API}@${NEW}`].sort());
  });

  it("a scan result after its push, and one delivered before the push, both end with the scan in the catalog", async () => {
    const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["scanned"] });
    const scanned = await act(h.harbor, "scan", { project: "team-a", repository: API, digest: NEW, status: "Success", counts: { High: 4 }, withPull: true });
    expect(await deliverAll(env, [...pushed, ...scanned])).toEqual([202, 202, 202]);
    expect((await artifact(`${API}@${NEW}`)).properties).toMatchObject({ scanStatus: "Success", severity: "High", vulnerabilities: 4 });

    const other = `sha256:${"d2".repeat(32)}`;
    const pushed2 = await act(h.harbor, "push", { project: "team-a", repository: API, digest: other, tags: ["early-scan"] });
    const scanned2 = await act(h.harbor, "scan", { project: "team-a", repository: API, digest: other, status: "Success", counts: { Low: 1 } });
    expect(await deliverAll(env, [...scanned2, ...pushed2])).toEqual([202, 202]);
    expect((await artifact(`${API}@${other}`)).properties).toMatchObject({ scanStatus: "Success", severity: "Low", vulnerabilities: 1 });
  });

  it("a shuffled, duplicated burst of every event leaves the catalog a resync would make", async () => {
    const all: Delivery[] = [];
    const other = `sha256:${"d3".repeat(32)}`;
    all.push(...(await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["a", "b"] })));
    all.push(...(await act(h.harbor, "push", { project: "team-a", repository: "team-a/service/new", digest: other, tags: ["1"] })));
    all.push(...(await act(h.harbor, "scan", { project: "team-a", repository: API, digest: NEW, status: "Success", counts: { Medium: 2 }, withPull: true })));
    all.push(...(await act(h.harbor, "pull", { project: "library", repository: "library/redis", tag: "7" })));
    all.push(...(await act(h.harbor, "delete", { project: "library", repository: "library/nginx", digest: digests.nginxOld })));
    all.push(...(await act(h.harbor, "delete", { project: "team-a", repository: "team-a/service/new", digest: other })));
    // Harbor guarantees no order: every delivery late, then every one again.
    const burst = [...[...all].reverse(), ...all];
    expect(new Set(await deliverAll(env, burst))).toEqual(new Set([202]));

    // Projects are not re-read for artifact events (their repoCount waits for the resync).
    const after = async () => (await catalog()).filter((e: any) => e.blueprint !== "harborProject");
    const afterWebhooks = await after();
    expect(await identifiers(h.port, "harborArtifact")).toContain(`${API}@${NEW}`);
    expect(await identifiers(h.port, "harborArtifact")).not.toContain(`library/nginx@${digests.nginxOld}`);
    expect(await identifiers(h.port, "harborArtifact")).not.toContain(`team-a/service/new@${other}`);
    await resyncAgain(env);
    expect(await after()).toEqual(afterWebhooks);
  });
});

describe("authentication", () => {
  async function pushDelivery(): Promise<Delivery> {
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["x"] });
    await h.harbor.clearRequests();
    return delivery!;
  }

  it("answers 401 to a missing, wrong, truncated or Bearer-prefixed Authorization, and reads and writes nothing", async () => {
    const delivery = await pushDelivery();
    const before = (await status(env)).plugins.harbor.webhooks ?? { rejected: 0, applied: 0 };
    const attempts: [string, (h: Record<string, string>) => Record<string, string>][] = [
      ["missing", ({ authorization: _, ...rest }) => rest],
      ["wrong", (h) => ({ ...h, authorization: "not-the-secret" })],
      ["truncated", (h) => ({ ...h, authorization: SECRET.slice(0, -1) })],
      ["longer", (h) => ({ ...h, authorization: `${SECRET}x` })],
      ["Bearer", (h) => ({ ...h, authorization: `Bearer ${SECRET}` })],
      ["empty", (h) => ({ ...h, authorization: "" })],
    ];
    for (const [name, tamper] of attempts) {
      const res = await deliver(env, delivery, tamper);
      expect([name, res.status]).toEqual([name, 401]);
      expect(((await res.json()) as any).error).toMatch(/Authorization/);
    }
    expect(await h.port.requests()).toEqual([]);
    expect(await h.harbor.requests()).toEqual([]);
    const after = (await status(env)).plugins.harbor.webhooks;
    expect([after.rejected - before.rejected, after.applied - before.applied]).toEqual([6, 0]);
  });

  it("compares the whole header: a secret that is 'Bearer <token>' must arrive as exactly that", async () => {
    const bearer = { ...env, HARBOR_WEBHOOK_SECRET: `Bearer ${SECRET}` };
    const delivery = await pushDelivery();
    expect((await deliver(bearer, delivery)).status).toBe(401);
    expect((await deliver(bearer, delivery, (h) => ({ ...h, authorization: `Bearer ${SECRET}` }))).status).toBe(202);
    expect(await artifact(`${API}@${NEW}`)).toBeDefined();
  });

  it("refuses every delivery while HARBOR_WEBHOOK_SECRET is unset, saying how to set it", async () => {
    const open = { ...env, HARBOR_WEBHOOK_SECRET: undefined };
    const delivery = await pushDelivery();
    for (const headers of [delivery.headers, {}]) {
      const res = await call(open, HOOK_PATH, { method: "POST", headers, body: delivery.body });
      // 401 like every refused webhook authentication, with the message saying how to configure one.
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error).toMatch(/HARBOR_WEBHOOK_SECRET is not set.*wrangler secret put HARBOR_WEBHOOK_SECRET/);
    }
    expect(await h.port.requests()).toEqual([]);
    expect(await h.harbor.requests()).toEqual([]);
  });
});

describe("payloads", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    call(env, HOOK_PATH, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET, ...headers }, body });

  it("answers 400 with the reason to a malformed body, and writes nothing", async () => {
    const [valid] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW });
    const event = JSON.parse(valid!.body);
    const cases: [string, RegExp][] = [
      ["{not json", /not JSON/],
      ["[]", /payload/],
      [JSON.stringify({ ...event, type: 7 }), /payload\.type/],
      [JSON.stringify({ ...event, event_data: { ...event.event_data, repository: undefined } }), /event_data\.repository/],
      [JSON.stringify({ ...event, event_data: { ...event.event_data, resources: [] } }), /event_data\.resources: names no artifact/],
      [JSON.stringify({ ...event, event_data: { ...event.event_data, resources: [{ digest: "../../users" }] } }), /event_data\.resources\.0\.digest: must be a digest/],
      [JSON.stringify({ ...event, event_data: { ...event.event_data, repository: { namespace: "team-a", repo_full_name: "library/nginx" } } }), /repo_full_name must be <namespace>\/<name>/],
      [JSON.stringify({ specversion: "0.3", id: "x", type: "harbor.artifact.pushed", data: event.event_data }), /CloudEvent\.specversion/],
      [JSON.stringify({ specversion: "1.0", id: "x", type: "harbor.artifact.pushed", data: {} }), /^data\.resources/],
    ];
    for (const [body, reason] of cases) {
      const res = await post(body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(((await res.json()) as any).error).toMatch(reason);
    }
    expect(await portWrites(h.port)).toBe(0);
  });

  it("acknowledges event types it does not use with 200 and does nothing", async () => {
    const quota = { type: "QUOTA_WARNING", occur_at: 1718000000, operator: "", event_data: { custom_attributes: { Details: "80%" } } };
    const cloud = { specversion: "1.0", id: "q-1", source: "/projects/3/webhook/policies/7", type: "harbor.replication.status.changed", data: { replication: {} } };
    for (const body of [quota, cloud]) {
      const res = await post(JSON.stringify(body), { "content-type": "application/cloudevents+json" });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).ignored).toMatch(/is not used/);
    }
    expect(await h.port.requests()).toEqual([]);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const res = await post(JSON.stringify({ type: "PUSH_ARTIFACT", padding: "x".repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(await h.port.requests()).toEqual([]);
  });

  it("answers at /integration/webhook as at /webhooks/harbor", async () => {
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["alias"] });
    const res = await call(env, "/integration/webhook", { method: "POST", headers: delivery!.headers, body: delivery!.body });
    expect(res.status).toBe(202);
    expect(await artifact(`${API}@${NEW}`)).toMatchObject({ properties: { tags: ["alias"] } });
    const wrong = await call(env, "/integration/webhook", { method: "POST", headers: { ...delivery!.headers, authorization: "nope" }, body: delivery!.body });
    expect(wrong.status).toBe(401);
  });

  it("reads older Harbors' deliveries without a tag, date_created or scan overview", async () => {
    const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["old"], omitTag: true, omitDateCreated: true });
    const scanned = await act(h.harbor, "scan", { project: "team-a", repository: API, digest: NEW, status: "Success", counts: { Low: 2 }, omitScanOverview: true, omitTag: true });
    expect(await deliverAll(env, [...pushed, ...scanned])).toEqual([202, 202]);
    expect((await artifact(`${API}@${NEW}`)).properties).toMatchObject({ tags: ["old"], scanStatus: "Success", vulnerabilities: 2 });
  });
});

describe("applying", () => {
  it("records a failure in /status when Harbor cannot be read, and the next cycle repairs the catalog", async () => {
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["late"] });
    const before = (await status(env)).plugins.harbor.webhooks ?? { failed: 0, applied: 0 };
    await h.harbor.faults([{ path: "^/api/v2\\.0/projects/", status: 503 }]);
    expect((await deliver(env, delivery!)).status).toBe(202);
    const webhooks = (await status(env)).plugins.harbor.webhooks;
    expect([webhooks.failed - before.failed, webhooks.applied - before.applied]).toEqual([1, 0]);
    expect(webhooks.failures[0]).toMatchObject({ event: expect.stringContaining("PUSH_ARTIFACT"), message: expect.stringContaining("503") });
    expect(await artifact(`${API}@${NEW}`)).toBeUndefined();

    await h.harbor.clearFaults();
    await resyncAgain(env);
    expect(await artifact(`${API}@${NEW}`)).toBeDefined();
  });

  it("keeps an artifact a webhook created during a running cycle after that cycle listed its project", async () => {
    // Deleted behind the cycle's back (no delivery): proves this cycle does delete what it did not list.
    await act(h.harbor, "delete", { project: "library", repository: "library/nginx", digest: digests.nginxOld });
    // Harbor asks for a long pause on the first project after team-a: the tick stops right there.
    const projects = (await h.harbor.state()).projects;
    const next = projects.find((p: any) => p.name === "prod-payments").id;
    expect(next).toBeGreaterThan(projects.find((p: any) => p.name === "team-a").id);
    await h.harbor.faults([{ method: "GET", path: `^/api/v2\\.0/projects/${next}/artifacts$`, status: 429, times: 1, headers: { "retry-after": "600" } }]);
    // The request runs a tick at once (call waits for it).
    await call(env, "/admin/resync/harbor", { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
    const listing = (await status(env)).plugins.harbor.cycle?.resources.find((r: any) => r.kind === "artifact");
    // team-a's artifacts are listed, later projects' are not: the push below is one the cycle never sees.
    expect(listing).toMatchObject({ status: "running", cursor: { project: next, after: 0 } });

    const pushed = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["mid-cycle"] });
    expect(await deliverAll(env, pushed)).toEqual([202]);
    await runCycle(env);

    const last = (await status(env)).plugins.harbor.lastCycle;
    expect(last.resources.find((r: any) => r.kind === "artifact").listed).toBe(expected.artifacts.length - 1);
    expect(await artifact(`${API}@${NEW}`)).toBeDefined();
    expect(await artifact(`library/nginx@${digests.nginxOld}`)).toBeUndefined();
  });
});

describe("an event back from the queue", () => {
  it("is validated again, so one queued by an older release fails with the field it lacks", async () => {
    // As an older release might have queued it: `repository` under another name.
    const older = { type: "PUSH_ARTIFACT", project: "team-a", repo: "team-a/service/api", digests: [NEW], key: "k" };
    await expect(harborWebhook.apply(older, {} as never)).rejects.toThrow(/^queued Harbor event\.repository: /);
    await expect(harborWebhook.apply({ ...older, repository: "team-a/service/api", digests: [] }, {} as never)).rejects.toThrow(
      /queued Harbor event\.digests: /,
    );
  });
});
