import { beforeEach, describe, expect, it } from "vitest";
import { call, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { FILES_ONLY } from "../../fixtures/bitbucket/gitops.ts";
import { ALL_PULL_REQUESTS, expected, seed } from "../../fixtures/bitbucket/server.ts";
import { deliver, entities, EVENTS, harness, HOOK_PATH, identifiers, portWrites, resyncAgain, runCycle, WEBHOOK_SECRET, type Delivery, type Harness } from "./support.ts";
import { sign } from "../security/signing.ts";

const hooks = ["PLAT", "PAY"].map((project) => ({ project, url: `http://portside.test${HOOK_PATH}`, events: EVENTS, secret: WEBHOOK_SECRET }));

let h: Harness;
let env: TestEnv;

beforeEach(async () => {
  clock.reset();
  h = await harness({ ...seed, webhooks: hooks });
  env = h.env();
  await runCycle(env);
  await h.port.clearRequests();
}, 30_000);

/** Act in the fake and return the one signed delivery it would have sent. */
async function act(body: Record<string, unknown>): Promise<Delivery> {
  const result = await h.bitbucket.action("pull-request", { project: "PLAT", repo: "web", id: 1, ...body });
  expect(result.deliveries).toHaveLength(1);
  return result.deliveries[0];
}

const pull = async (id: string) => (await entities(h.port, "bitbucketPullRequest")).find((e) => e.identifier === id);

describe("pull request webhooks, without a tick", () => {
  it("pr:opened writes the new pull request, read back from Bitbucket", async () => {
    const delivery = await act({ event: "opened", id: undefined, pull: { title: "Light mode", author: "carol", reviewers: ["alice"], from: "feature/light" } });
    expect((await deliver(env, delivery)).status).toBe(202);
    expect(await pull("PLAT/web/2")).toMatchObject({
      title: "Light mode",
      properties: { state: "OPEN", source: "feature/light", destination: "main" },
      relations: { repository: "PLAT/web", author: "carol", reviewers: ["alice"] },
    });
    expect(await identifiers(h.port, "bitbucketPullRequest")).toEqual([...expected.bitbucketPullRequest, "PLAT/web/2"].sort());
  });

  it("pr:modified and pr:reviewer:* update exactly that pull request", async () => {
    await deliver(env, await act({ event: "modified", pull: { title: "Dark mode v2" } }));
    expect((await pull("PLAT/web/1")).title).toBe("Dark mode v2");

    await deliver(env, await act({ event: "reviewer:approved", user: "carol" }));
    expect((await pull("PLAT/web/1")).properties.approvedBy).toEqual(["bob", "carol"]);
    await deliver(env, await act({ event: "reviewer:unapproved", user: "bob" }));
    expect((await pull("PLAT/web/1")).properties.approvedBy).toEqual(["carol"]);
    await deliver(env, await act({ event: "reviewer:needs_work", user: "carol" }));
    expect((await pull("PLAT/web/1")).properties.approvedBy).toEqual([]);
    await deliver(env, await act({ event: "reviewer:updated", reviewers: ["alice", "bob"] }));
    expect((await pull("PLAT/web/1")).relations.reviewers).toEqual(["alice", "bob"]);

    // Nothing else was touched: one pull request upserted per delivery, nothing deleted.
    expect(await identifiers(h.port, "bitbucketPullRequest")).toEqual(expected.bitbucketPullRequest);
    expect(await portWrites(h.port)).toBe(5);
  });

  it("pr:merged, pr:declined and pr:deleted delete the pull request under the default state: OPEN", async () => {
    await deliver(env, await act({ event: "merged" }));
    await deliver(env, await h.bitbucket.action("pull-request", { project: "PAY", repo: "api", id: 1, event: "declined" }).then((r) => r.deliveries[0]));
    await deliver(env, await h.bitbucket.action("pull-request", { project: "PLAT", repo: "api", id: 5, event: "deleted" }).then((r) => r.deliveries[0]));
    expect(await identifiers(h.port, "bitbucketPullRequest")).toEqual(expected.bitbucketPullRequest.filter((id) => !["PLAT/web/1", "PAY/api/1", "PLAT/api/5"].includes(id)));
    // The rest of the catalog is as the cycle left it.
    expect(await identifiers(h.port, "bitbucketRepository")).toEqual(expected.bitbucketRepository);
  });

  it("keeps a merged pull request under state: ALL, with its closing time", async () => {
    // The same deployment with its mapping changed: another PORTSIDE_INSTANCE would rightly leave
    // the pull request the first one wrote alone.
    const allEnv = { ...env, BITBUCKET_GITOPS_PORT_APP_CONFIG: ALL_PULL_REQUESTS };
    await deliver(allEnv, await act({ event: "merged" }));
    const merged = await pull("PLAT/web/1");
    expect(merged.properties.state).toBe("MERGED");
    expect(merged.properties.closedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("a late or replayed delivery never writes old data: what Bitbucket holds now wins", async () => {
    const opened = await act({ event: "modified", pull: { title: "Renamed once" } });
    await deliver(env, await act({ event: "merged" }));
    expect(await pull("PLAT/web/1")).toBeUndefined();
    // The earlier delivery arrives late (or is replayed): it must not bring the merged pull request back.
    expect((await deliver(env, opened)).status).toBe(202);
    expect(await pull("PLAT/web/1")).toBeUndefined();
  });

  it("refuses forged, unsigned and secret-less deliveries, changing nothing", async () => {
    const delivery = await act({ event: "merged" });
    const forged = await deliver(env, delivery, (headers) => ({ ...headers, "x-hub-signature": `sha256=${"0".repeat(64)}` }));
    expect(forged.status).toBe(401);
    const unsigned = await deliver(env, delivery, ({ "x-hub-signature": _, ...headers }) => headers);
    expect(unsigned.status).toBe(401);
    const tampered = await call(env, HOOK_PATH, { method: "POST", headers: { "x-event-key": "pr:deleted", "x-hub-signature": delivery.headers["X-Hub-Signature"]! }, body: delivery.body.replace('"MERGED"', '"OPEN"') });
    expect(tampered.status).toBe(401);
    const noSecret = await deliver({ ...env, BITBUCKET_WEBHOOK_SECRET: "" }, delivery);
    expect(noSecret.status).toBe(401);
    expect(await portWrites(h.port)).toBe(0);
    expect(await pull("PLAT/web/1")).toBeDefined();
  });
});

describe("repository and project webhooks", () => {
  it("repo:modified (rename): the old repository and pull request entities go, the new ones come, GitOps entities stay", async () => {
    const renamed = await h.bitbucket.action("rename", { project: "PLAT", repo: "web", newSlug: "webapp", newName: "Web app" });
    expect((await deliver(env, renamed.deliveries[0])).status).toBe(202);
    const repos = await identifiers(h.port, "bitbucketRepository");
    expect(repos).toContain("PLAT/webapp");
    expect(repos).not.toContain("PLAT/web");
    expect((await entities(h.port, "bitbucketRepository")).find((e) => e.identifier === "PLAT/webapp").title).toBe("Web app");
    const pulls = await identifiers(h.port, "bitbucketPullRequest");
    expect(pulls).toContain("PLAT/webapp/1");
    expect(pulls).not.toContain("PLAT/web/1");
    expect((await pull("PLAT/webapp/1")).relations.repository).toBe("PLAT/webapp");
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
  });

  it("repo:modified (move to another project) re-keys the repository and its pull requests", async () => {
    const moved = await h.bitbucket.action("rename", { project: "PAY", repo: "api", toProject: "PLAT", newSlug: "payments-api" });
    // Hooks of both projects hear a move: the second delivery finds the work done.
    for (const delivery of moved.deliveries) expect((await deliver(env, delivery)).status).toBe(202);
    expect(await identifiers(h.port, "bitbucketRepository")).toEqual([...expected.bitbucketRepository.filter((id) => id !== "PAY/api"), "PLAT/payments-api"].sort());
    expect(await identifiers(h.port, "bitbucketPullRequest")).toEqual([...expected.bitbucketPullRequest.filter((id) => id !== "PAY/api/1"), "PLAT/payments-api/1"].sort());
  });

  it("project:modified reads the project back: gone means deleted", async () => {
    // DC sends nothing when a project is deleted; a project:modified that arrives after it finds it gone.
    await h.bitbucket.action("delete-project", { project: "PAY" });
    const project = { key: "PAY", id: 2, name: "Payments", public: true, type: "NORMAL" };
    const body = JSON.stringify({ eventKey: "project:modified", date: "2025-06-03T14:21:07+0000", old: project, new: { ...project, name: "Payments EU" } });
    const res = await call(env, HOOK_PATH, { method: "POST", headers: { "content-type": "application/json", "x-event-key": "project:modified", "x-hub-signature": await sign(WEBHOOK_SECRET, body) }, body });
    expect(res.status).toBe(202);
    expect(await identifiers(h.port, "bitbucketProject")).toEqual(["PLAT"]);
  });
});

describe("webhook registration", () => {
  it("completes the events of a hook an older version registered, once", async () => {
    const old = ["PLAT", "PAY"].map((project) => ({ project, url: "https://portside.example.com/webhooks/bitbucket-gitops", events: ["repo:refs_changed", "repo:modified"], secret: WEBHOOK_SECRET }));
    const fresh = await harness({ ...seed, webhooks: old });
    const registering = fresh.env({ APP_HOST: "https://portside.example.com" });
    await runCycle(registering);
    const state = await fresh.bitbucket.state();
    expect(state.webhooks.map((w: any) => [w.scope.project, w.events])).toEqual([
      ["PLAT", EVENTS],
      ["PAY", EVENTS],
    ]);
    await fresh.bitbucket.clearRequests();
    await resyncAgain(registering);
    expect((await fresh.bitbucket.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("registers per repository on Bitbucket before 8.8, detected from application-properties", async () => {
    const fresh = await harness({ ...seed, webhooks: [] });
    await fresh.bitbucket.action("configure", { version: "8.7.2" });
    const registering = fresh.env({ APP_HOST: "https://portside.example.com" });
    await runCycle(registering);
    const state = await fresh.bitbucket.state();
    const repos = state.projects.reduce((n: number, p: any) => n + p.repos.length, 0);
    expect(state.webhooks).toHaveLength(repos);
    expect(state.webhooks.every((w: any) => w.scope.repoId !== undefined && w.events.length === EVENTS.length - 1 && !w.events.includes("project:modified"))).toBe(true);
    expect((await fresh.bitbucket.requests()).some((r) => /\/projects\/[^/]+\/webhooks$/.test(r.path))).toBe(false);
    await resyncAgain(registering);
    expect((await fresh.bitbucket.state()).webhooks).toHaveLength(repos);
  });

  it("registers per repository before 8.8 with a mapping of GitOps files alone", async () => {
    const fresh = await harness({ ...seed, webhooks: [] });
    await fresh.bitbucket.action("configure", { version: "8.7.2" });
    await runCycle(fresh.env({ APP_HOST: "https://portside.example.com", BITBUCKET_GITOPS_PORT_APP_CONFIG: FILES_ONLY }));
    const state = await fresh.bitbucket.state();
    const repos = state.projects.flatMap((p: any) => p.repos.map((r: any) => r.id)).sort();
    expect(state.webhooks.map((w: any) => w.scope.repoId).sort()).toEqual(repos);
  });

  it("lists each project's webhooks once a tick, however many walks visit the project", async () => {
    const fresh = await harness({ ...seed, webhooks: [] });
    const registering = fresh.env({ APP_HOST: "https://portside.example.com" });
    await runCycle(registering);
    await fresh.bitbucket.clearRequests();
    // The file, repository and pull-request walks all reach PLAT and PAY; at this budget in one tick.
    await resyncAgain(registering);
    const listed = (await fresh.bitbucket.requests()).filter((r) => r.method === "GET" && /\/projects\/[^/]+\/webhooks$/.test(r.path)).map((r) => r.path);
    expect(listed.sort()).toEqual(["/rest/api/1.0/projects/PAY/webhooks", "/rest/api/1.0/projects/PLAT/webhooks"]);
  });
});
