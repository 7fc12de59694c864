import { beforeEach, describe, expect, it } from "vitest";
import { callAndDefer, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { seed as serverSeed } from "../../fixtures/bitbucket/server.ts";
import * as bitbucket from "../bitbucket/support.ts";
import { entities, harness, runCycle, type Harness } from "../harbor/support.ts";
import { act, deliver, deliverDeferred, portWrites, SECRET, seedWithPolicies, type Delivery } from "../harbor/webhook-deliveries.ts";
import { sign } from "./signing.ts";

/** Identical deliveries while one is being applied are acknowledged, not applied again. */

const API = "team-a/service/api";
const DIGEST = `sha256:${"d7".repeat(32)}`;
const COPIES = 120;

let h: Harness;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  h = await harness(seedWithPolicies);
  env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
});

/** Harbor reads the webhooks made (the artifact, its repository, the credential check). */
const harborReads = async () => (await h.harbor.requests()).filter((r) => r.method === "GET").length;

/** Holds the artifact read for a while, so every copy arrives while the first is being applied. */
const slowArtifactReads = () =>
  h.harbor.faults([{ method: "GET", path: `/artifacts/${encodeURIComponent(DIGEST)}$`, status: 200, pass: true, delayMs: 1500 }]);

async function deliverAtOnce(deliveries: Delivery[]): Promise<number[]> {
  const sent = await Promise.all(deliveries.map((d) => deliverDeferred(env, d)));
  await Promise.all(sent.map((s) => s.settled()));
  return sent.map((s) => s.res.status);
}

describe("identical Harbor deliveries at once", () => {
  it.each(["Default", "CloudEvents"] as const)("%s: all acknowledged 202, applied once", async (format) => {
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: DIGEST, tags: ["burst"] }, format);
    await Promise.all([h.harbor.clearRequests(), h.port.clearRequests()]);
    await slowArtifactReads();

    const statuses = await deliverAtOnce(Array.from({ length: COPIES }, () => delivery!));
    expect(new Set(statuses)).toEqual(new Set([202]));
    // One application: an artifact read, a repository listing, at most a credential check.
    expect(await harborReads()).toBeLessThanOrEqual(3);
    // Its writes: the repository and the artifact.
    expect(await portWrites(h.port)).toBeLessThanOrEqual(2);
    expect((await entities(h.port, "harborArtifact")).filter((e) => e.identifier === `${API}@${DIGEST}`)).toHaveLength(1);
  });

  it("a copy arriving after the first was applied is applied again: the artifact may have changed since", async () => {
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: DIGEST, tags: ["first"] });
    expect((await deliver(env, delivery!)).status).toBe(202);
    // Tagged again in Harbor; its own delivery is lost, the first one's copy comes instead.
    await act(h.harbor, "push", { project: "team-a", repository: API, digest: DIGEST, tags: ["second"] });
    expect((await deliver(env, delivery!)).status).toBe(202);
    const artifact = (await entities(h.port, "harborArtifact")).find((e) => e.identifier === `${API}@${DIGEST}`);
    expect(artifact.properties.tags).toEqual(expect.arrayContaining(["first", "second"]));
  });

  it("events that differ are each applied, even at once", async () => {
    const other = `sha256:${"d8".repeat(32)}`;
    const [a] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: DIGEST, tags: ["a"] });
    const [b] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: other, tags: ["b"] });
    await slowArtifactReads();
    expect(await deliverAtOnce([a!, b!, a!, b!])).toEqual([202, 202, 202, 202]);
    const ids = (await entities(h.port, "harborArtifact")).map((e) => e.identifier);
    expect(ids).toEqual(expect.arrayContaining([`${API}@${DIGEST}`, `${API}@${other}`]));
  });
});

describe("identical Bitbucket pushes at once", () => {
  it("are applied once, even when a replay changes the unsigned X-Request-Id", async () => {
    const b = await bitbucket.harness();
    const benv = b.env();
    await bitbucket.runCycle(benv);
    const { deliveries } = await b.bitbucket.action("push", { project: "PLAT", repo: "svc-02", files: { "port.yaml": "identifier: burst\ntitle: Burst\nblueprint: service\n" } });
    await Promise.all([b.bitbucket.clearRequests(), b.port.clearRequests()]);
    await b.bitbucket.faults([{ method: "GET", path: "/repos/svc-02/raw/port\\.yaml$", status: 200, pass: true, delayMs: 1500 }]);
    const headers = bitbucket.headersOf(deliveries[0]);
    const sent = await Promise.all(
      Array.from({ length: 50 }, () =>
        callAndDefer(benv, bitbucket.HOOK_PATH, { method: "POST", headers: { ...headers, "x-request-id": crypto.randomUUID() }, body: deliveries[0].body }),
      ),
    );
    await Promise.all(sent.map((s) => s.settled()));
    expect(new Set(sent.map((s) => s.res.status))).toEqual(new Set([202]));
    // One push reads the default branch and the file at two commits (port.yaml, maybe port.yml).
    expect((await b.bitbucket.requests()).length).toBeLessThanOrEqual(5);
    // The upsert and the deletes of what the push dropped, once: 50 applications would write 150 times.
    expect(await bitbucket.portWrites(b.port)).toBeLessThanOrEqual(4);
    expect(await bitbucket.identifiers(b.port, "service")).toContain("burst");
  });
});

describe("identical Bitbucket pull request and project events at once", () => {
  const COPIES = 40;
  let b: bitbucket.Harness;
  let benv: TestEnv;
  beforeEach(async () => {
    const hooks = ["PLAT", "PAY"].map((project) => ({ project, url: `http://portside.test${bitbucket.HOOK_PATH}`, events: bitbucket.EVENTS, secret: bitbucket.WEBHOOK_SECRET }));
    b = await bitbucket.harness({ ...serverSeed, webhooks: hooks });
    benv = b.env();
    await bitbucket.runCycle(benv);
  });

  /** Every copy at once, each with a fresh X-Request-Id or none (a replay may send either). */
  async function burst(delivery: bitbucket.Delivery): Promise<void> {
    const { "x-request-id": _, ...headers } = bitbucket.headersOf(delivery);
    const sent = await Promise.all(
      Array.from({ length: COPIES }, (_, i) =>
        callAndDefer(benv, bitbucket.HOOK_PATH, { method: "POST", headers: i % 2 ? headers : { ...headers, "x-request-id": crypto.randomUUID() }, body: delivery.body }),
      ),
    );
    await Promise.all(sent.map((s) => s.settled()));
    expect(new Set(sent.map((s) => s.res.status))).toEqual(new Set([202]));
  }

  it("pr:modified is applied once, whatever X-Request-Id the copies carry", async () => {
    const { deliveries } = await b.bitbucket.action("pull-request", { project: "PLAT", repo: "web", id: 1, event: "modified", pull: { title: "Burst" } });
    await Promise.all([b.bitbucket.clearRequests(), b.port.clearRequests()]);
    await b.bitbucket.faults([{ method: "GET", path: "/projects/PLAT/repos/web/pull-requests/1$", status: 200, pass: true, delayMs: 1500 }]);
    await burst(deliveries[0]);
    // One application reads the pull request back: 40 would read it 40 times.
    expect((await b.bitbucket.requests()).length).toBeLessThanOrEqual(2);
    expect(await bitbucket.portWrites(b.port)).toBeLessThanOrEqual(1);
    expect((await bitbucket.entities(b.port, "bitbucketPullRequest")).find((e) => e.identifier === "PLAT/web/1").title).toBe("Burst");
  });

  it("project:modified is applied once, whatever X-Request-Id the copies carry", async () => {
    const project = { key: "PAY", id: 2, name: "Payments", public: true, type: "NORMAL" };
    const body = JSON.stringify({ eventKey: "project:modified", date: "2025-06-03T14:21:07+0000", old: project, new: { ...project, name: "Payments EU" } });
    await Promise.all([b.bitbucket.clearRequests(), b.port.clearRequests()]);
    await b.bitbucket.faults([{ method: "GET", path: "/projects/PAY$", status: 200, pass: true, delayMs: 1500 }]);
    await burst({ url: "", headers: { "content-type": "application/json", "x-event-key": "project:modified", "x-hub-signature": await sign(bitbucket.WEBHOOK_SECRET, body) }, body });
    expect((await b.bitbucket.requests()).length).toBeLessThanOrEqual(2);
    expect(await bitbucket.portWrites(b.port)).toBeLessThanOrEqual(1);
  });
});
