import { beforeAll, describe, expect, it } from "vitest";
import { call, type TestEnv } from "../../support/app.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { seed as serverSeed } from "../../fixtures/bitbucket/server.ts";
import * as bitbucket from "../bitbucket/support.ts";
import { harness as harborHarness, runCycle, type Harness } from "../harbor/support.ts";
import { act, HOOK_PATH, SECRET, seedWithPolicies } from "../harbor/webhook-deliveries.ts";
import { sign } from "./signing.ts";

/** Names from webhooks never make the app request other paths than the one the name belongs to. */

describe("Harbor webhook names", () => {
  let h: Harness;
  let env: TestEnv;
  let event: any;
  beforeAll(async () => {
    h = await harborHarness(seedWithPolicies);
    env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
    await runCycle(env);
    const [delivery] = await act(h.harbor, "push", { project: "team-a", repository: "team-a/service/api", digest: `sha256:${"d1".repeat(32)}`, tags: ["x"] });
    event = JSON.parse(delivery!.body);
  });

  const cases: [string, string, string, RegExp][] = [
    ["team-a", "team-a/..", "repo_full_name", /"\.\." segments are not allowed/],
    ["team-a", "team-a/../../users", "repo_full_name", /"\.\." segments are not allowed/],
    ["team-a", "team-a/./api", "repo_full_name", /"\." segments are not allowed/],
    ["team-a", "team-a//api", "repo_full_name", /empty segments/],
    ["team-a", "team-a/api/", "repo_full_name", /empty segments/],
    ["team-a", "team-a/%2e%2e", "repo_full_name", /"%" is not allowed/],
    ["team-a", "team-a/%252e%252e", "repo_full_name", /"%" is not allowed/],
    ["team-a", "team-a/a\\..\\b", "repo_full_name", /"\\" is not allowed/],
    ["team-a", "team-a/api\r\nx", "repo_full_name", /control characters/],
    ["..", "../users", "namespace", /"\.\." segments are not allowed/],
    [".", "./api", "namespace", /"\." segments are not allowed/],
    ["%2e%2e", "%2e%2e/api", "namespace", /"%" is not allowed/],
  ];

  it.each(cases)("namespace %j, repo_full_name %j: 400 naming %s, and Harbor is never asked", async (namespace, full, field, reason) => {
    await h.harbor.clearRequests();
    const body = JSON.stringify({ ...event, event_data: { ...event.event_data, repository: { ...event.event_data.repository, namespace, repo_full_name: full } } });
    const res = await call(env, HOOK_PATH, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`event_data.repository.${field}: `);
    expect(error).toMatch(reason);
    expect(await h.harbor.requests()).toEqual([]);
  });
});

describe("Bitbucket webhook names", () => {
  let h: bitbucket.Harness;
  let env: TestEnv;
  let event: any;
  beforeAll(async () => {
    h = await bitbucket.harness();
    env = h.env();
    await bitbucket.runCycle(env);
    const { deliveries } = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-02", files: { "port.yaml": "identifier: x\ntitle: X\nblueprint: service\n" } });
    event = JSON.parse(deliveries[0].body);
  });

  const cases: [string, string, string, RegExp][] = [
    ["PLAT", "..", "repository.slug", /"\.\." segments are not allowed/],
    ["PLAT", ".", "repository.slug", /"\." segments are not allowed/],
    ["PLAT", "svc-02/../svc-01", "repository.slug", /"\/" is not allowed/],
    ["PLAT", "%2e%2e", "repository.slug", /"%" is not allowed/],
    ["PLAT", "", "repository.slug", /must not be empty/],
    ["..", "svc-02", "repository.project.key", /"\.\." segments are not allowed/],
    ["PLAT%2f..", "svc-02", "repository.project.key", /"%" is not allowed/],
  ];

  it.each(cases)("project %j, slug %j: 400 naming %s, and Bitbucket is never asked", async (key, slug, field, reason) => {
    await h.bitbucket.clearRequests();
    const body = JSON.stringify({ ...event, repository: { ...event.repository, slug, project: { ...event.repository.project, key } } });
    const headers = { "content-type": "application/json", "x-event-key": "repo:refs_changed", "x-hub-signature": await sign(bitbucket.WEBHOOK_SECRET, body) };
    const res = await call(env, bitbucket.HOOK_PATH, { method: "POST", headers, body });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`${field}: `);
    expect(error).toMatch(reason);
    expect(await h.bitbucket.requests()).toEqual([]);
  });

  it("checks a rename's old and new names alike", async () => {
    const repo = event.repository;
    const body = JSON.stringify({ eventKey: "repo:modified", date: event.date, actor: event.actor, old: repo, new: { ...repo, slug: ".." } });
    const headers = { "content-type": "application/json", "x-event-key": "repo:modified", "x-hub-signature": await sign(bitbucket.WEBHOOK_SECRET, body) };
    const res = await call(env, bitbucket.HOOK_PATH, { method: "POST", headers, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("new.slug: ");
  });
});

describe("Bitbucket pull request and project event names", () => {
  let h: bitbucket.Harness;
  let env: TestEnv;
  let opened: any;
  beforeAll(async () => {
    const hooks = [{ project: "PLAT", url: `http://portside.test${bitbucket.HOOK_PATH}`, events: bitbucket.EVENTS, secret: bitbucket.WEBHOOK_SECRET }];
    h = await bitbucket.harness({ ...serverSeed, webhooks: hooks });
    env = h.env();
    const { deliveries } = await h.bitbucket.action("pull-request", { project: "PLAT", repo: "web", event: "opened" });
    opened = JSON.parse(deliveries[0].body);
  });

  async function post(eventKey: string, body: string) {
    await h.bitbucket.clearRequests();
    const headers = { "content-type": "application/json", "x-event-key": eventKey, "x-hub-signature": await sign(bitbucket.WEBHOOK_SECRET, body) };
    return call(env, bitbucket.HOOK_PATH, { method: "POST", headers, body });
  }

  const pullCases: [string, string, string, RegExp][] = [
    ["PLAT", "..", "pullRequest.toRef.repository.slug", /"\.\." segments are not allowed/],
    ["PLAT", "web/../api", "pullRequest.toRef.repository.slug", /"\/" is not allowed/],
    ["..", "web", "pullRequest.toRef.repository.project.key", /"\.\." segments are not allowed/],
    ["PLAT%2f..", "web", "pullRequest.toRef.repository.project.key", /"%" is not allowed/],
  ];

  it.each(pullCases)("pr:opened into project %j, slug %j: 400 naming %s, and Bitbucket is never asked", async (key, slug, field, reason) => {
    const { toRef } = opened.pullRequest;
    const repository = { ...toRef.repository, slug, project: { ...toRef.repository.project, key } };
    const res = await post("pr:opened", JSON.stringify({ ...opened, pullRequest: { ...opened.pullRequest, toRef: { ...toRef, repository } } }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`${field}: `);
    expect(error).toMatch(reason);
    expect(await h.bitbucket.requests()).toEqual([]);
  });

  it.each(["old", "new"])("project:modified with %s.key \"..\": 400 naming it, and Bitbucket is never asked", async (side) => {
    const project = { key: "PLAT", id: 1, name: "Platform", public: false, type: "NORMAL" };
    const event = { eventKey: "project:modified", date: opened.date, actor: opened.actor, old: project, new: project, [side]: { ...project, key: ".." } };
    const res = await post("project:modified", JSON.stringify(event));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`${side}.key: `);
    expect(error).toMatch(/"\.\." segments are not allowed/);
    expect(await h.bitbucket.requests()).toEqual([]);
  });
});
