import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BitbucketClient, SECRET } from "../../contract/bitbucket-fixture.ts";
import { specsDir } from "../../contract/bitbucket-spec.ts";
import { defineFake } from "../base.ts";
import { serve, type Served } from "../serve.ts";
import { hubSignature } from "./sign.ts";

const REPO_HOOKS = "/projects/PLAT/repos/payments-api/webhooks";
const sampleBytes = (name: string) => readFile(resolve(specsDir(), "bitbucket-webhooks", name));
const sample = async (name: string) => JSON.parse((await sampleBytes(name)).toString("utf8"));
const hook = (over: Record<string, unknown> = {}) => ({
  name: "port",
  url: "https://portside.example/webhooks/bitbucket",
  events: ["repo:refs_changed", "repo:modified"],
  active: true,
  configuration: { secret: SECRET },
  ...over,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keys and value types of a JSON value, recursively (arrays by their first element). */
function shape(v: unknown): any {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v === null ? "null" : typeof v;
}

describe("HMAC signatures", () => {
  it("match the README's vectors over the exact sample bytes", async () => {
    const vectors: Record<string, string> = {
      "repo-refs-changed.json": "sha256=fdad889b41d9831f1970eb486df5dfcd4984f9549bba977416819be66f188b55",
      "repo-modified.json": "sha256=eeb71c0abb81d825b74624504a92473a19958a84e1a21a9f2bc08943f5941005",
      "pr-merged.json": "sha256=62cd883e33c334539cfaa14b6a668e028d7822bc136ce30c8f5b78212304e3b2",
    };
    for (const [file, expected] of Object.entries(vectors))
      expect(await hubSignature(SECRET, new Uint8Array(await sampleBytes(file)))).toBe(expected);
    expect(await hubSignature(SECRET, '{"eventKey":"repo:refs_changed"}')).toBe(
      "sha256=0138df5c15a44a96f8456ab6c3f7f0f205b7ce4f6ae73353fe36a71204d9461d",
    );
  });
});

describe("webhook CRUD", () => {
  it("creates, reads, lists, replaces and deletes repository webhooks with real-shaped JSON", async () => {
    const bb = new BitbucketClient();
    const created = await bb.call("POST", bb.api(REPO_HOOKS), { body: hook() });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      id: 1,
      name: "port",
      events: ["repo:refs_changed", "repo:modified"],
      active: true,
      scopeType: "repository",
      url: "https://portside.example/webhooks/bitbucket",
    });
    expect(created.json.createdDate).toBe(created.json.updatedDate);
    expect((await bb.get(`${REPO_HOOKS}/1`)).json).toEqual(created.json);
    expect((await bb.get(`${REPO_HOOKS}?event=repo:modified`)).json.values).toHaveLength(1);
    expect((await bb.get(`${REPO_HOOKS}?event=pr:merged`)).json.values).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 5));
    const replaced = await bb.call("PUT", bb.api(`${REPO_HOOKS}/1`), { body: hook({ events: ["repo:modified"], active: false }) });
    expect(replaced.json).toMatchObject({ id: 1, events: ["repo:modified"], active: false, createdDate: created.json.createdDate });
    expect(replaced.json.updatedDate).toBeGreaterThan(created.json.updatedDate);
    expect((await bb.call("DELETE", bb.api(`${REPO_HOOKS}/1`))).status).toBe(204);
    expect((await bb.get(`${REPO_HOOKS}/1`)).status).toBe(404);
  });

  it("keeps project webhooks apart from repository ones", async () => {
    const bb = new BitbucketClient();
    const created = await bb.call("POST", bb.api("/projects/PLAT/webhooks"), { body: hook() });
    expect(created.json.scopeType).toBe("project");
    expect((await bb.get(`/projects/PLAT/webhooks/${created.json.id}`)).status).toBe(200);
    expect((await bb.get(`${REPO_HOOKS}/${created.json.id}`)).status).toBe(404);
    expect((await bb.get(REPO_HOOKS)).json.values).toEqual([]);
  });

  it("rejects unknown event keys and missing fields with 400 and a context", async () => {
    const bb = new BitbucketClient();
    for (const key of ["repo:push", "pr:to_ref_updated", "pr:reviewer:changes_requested", "diagnostics:ping"]) {
      const res = await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ events: [key] }) });
      expect(res.status, key).toBe(400);
      expect(res.json.errors[0].context).toBe("events");
    }
    expect((await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ url: "nope" }) })).json.errors[0].context).toBe("url");
    expect((await bb.call("POST", bb.api(REPO_HOOKS), { body: "{" })).status).toBe(400);
    const all = ["pr:reviewer:needs_work", "mirror:repo_synchronized", "project:modified", "repo:secret_detected"];
    expect((await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ events: all }) })).status).toBe(200);
  });

  it("needs admin rights", async () => {
    const bb = new BitbucketClient();
    const jdoe = "Basic " + btoa("jdoe:jdoe-pw");
    expect((await bb.call("POST", bb.api(REPO_HOOKS), { body: hook(), auth: jdoe })).status).toBe(401);
    expect((await bb.call("GET", bb.api(REPO_HOOKS), { auth: "Bearer payments-token" })).status).toBe(401);
    expect((await bb.call("GET", bb.api(REPO_HOOKS), { auth: "Bearer plat-token" })).status).toBe(200);
  });
});

describe("webhook sender", () => {
  it("emits repo:refs_changed shaped like the sample, signed only with a secret", async () => {
    const bb = new BitbucketClient({ deliver: "return" });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook() });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ configuration: {}, url: "https://other.example/h" }) });
    await bb.call("POST", bb.api("/projects/PLAT/webhooks"), { body: hook({ url: "https://project.example/h" }) });
    await bb.call("POST", bb.api("/projects/SEC/webhooks"), { body: hook({ url: "https://elsewhere.example/h" }) });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ events: ["pr:merged"], url: "https://pr.example/h" }) });
    const out = await bb.action("push", { project: "PLAT", repo: "payments-api", files: { "port.yaml": "a: 1\n" } });
    expect(out.deliveries.map((d: any) => d.url).sort()).toEqual([
      "https://other.example/h",
      "https://portside.example/webhooks/bitbucket",
      "https://project.example/h",
    ]);
    const [signed] = out.deliveries.filter((d: any) => d.url.startsWith("https://portside"));
    expect(signed.headers["Content-Type"]).toBe("application/json; charset=utf-8");
    expect(signed.headers["X-Event-Key"]).toBe("repo:refs_changed");
    expect(signed.headers["X-Request-Id"]).toMatch(UUID);
    expect(signed.headers["X-Hub-Signature"]).toBe("sha256=" + createHmac("sha256", SECRET).update(signed.body).digest("hex"));
    const unsigned = out.deliveries.find((d: any) => d.url === "https://other.example/h");
    expect(unsigned.headers).not.toHaveProperty("X-Hub-Signature");
    expect(new Set(out.deliveries.map((d: any) => d.headers["X-Request-Id"])).size).toBe(3);

    const body = JSON.parse(signed.body);
    expect(shape(body)).toMatchObject(shape(await sample("repo-refs-changed.json")));
    expect(body.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(body.changes).toEqual([
      {
        ref: { id: "refs/heads/main", displayId: "main", type: "BRANCH" },
        refId: "refs/heads/main",
        fromHash: expect.stringMatching(/^[0-9a-f]{40}$/),
        toHash: out.changes[0].toHash,
        type: "UPDATE",
      },
    ]);
    expect(body.repository.id).toBe(42);
  });

  it("reports ADD for a new branch, DELETE with zero hashes, and several refs in one event", async () => {
    const bb = new BitbucketClient({ deliver: "return" });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook() });
    const zero = "0".repeat(40);
    const added = await bb.action("push", { project: "PLAT", repo: "payments-api", branch: "feature/x", files: { a: "1" } });
    expect(added.changes[0]).toMatchObject({ type: "ADD", fromHash: zero, refId: "refs/heads/feature/x" });
    expect(added.changes[0].ref.displayId).toBe("feature/x");
    const deleted = await bb.action("push", { project: "PLAT", repo: "payments-api", branch: "feature/x", deleteBranch: true });
    expect(deleted.changes[0]).toMatchObject({ type: "DELETE", toHash: zero, fromHash: added.changes[0].toHash });
    const multi = await bb.action("push", {
      project: "PLAT",
      repo: "payments-api",
      refs: [{ files: { "port.yaml": "b: 2\n" } }, { branch: "develop", files: { c: "3" } }],
    });
    expect(multi.deliveries).toHaveLength(1);
    expect(JSON.parse(multi.deliveries[0].body).changes.map((c: any) => [c.refId, c.type])).toEqual([
      ["refs/heads/main", "UPDATE"],
      ["refs/heads/develop", "UPDATE"],
    ]);
  });

  it("turns a first push into an empty repository into an ADD readable at toHash", async () => {
    const bb = new BitbucketClient({ deliver: "return" });
    const out = await bb.action("push", { project: "PLAT", repo: "empty-one", files: { "port.yaml": "first: true\n" } });
    expect(out.changes[0]).toMatchObject({ type: "ADD", refId: "refs/heads/trunk" });
    expect((await bb.get(`/projects/PLAT/repos/empty-one/raw/port.yaml?at=${out.changes[0].toHash}`)).text).toBe("first: true\n");
    expect((await bb.get("/projects/PLAT/repos/empty-one/branches/default")).status).toBe(200);
  });

  it("emits repo:modified on rename and move with the same id, shaped like the sample", async () => {
    const bb = new BitbucketClient({ deliver: "return" });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook() });
    const out = await bb.action("rename", { project: "PLAT", repo: "payments-api", newName: "Payments Service" });
    const body = JSON.parse(out.deliveries[0].body);
    expect(out.deliveries[0].headers["X-Event-Key"]).toBe("repo:modified");
    expect(shape(body)).toMatchObject(shape(await sample("repo-modified.json")));
    expect([body.old.slug, body.new.slug, body.old.id, body.new.id]).toEqual(["payments-api", "payments-service", 42, 42]);
    expect(body.new.links.self[0].href).toMatch(/\/projects\/PLAT\/repos\/payments-service\/browse$/);
    expect((await bb.get("/projects/PLAT/repos/payments-api")).status).toBe(404);
    const moved = await bb.action("rename", { project: "PLAT", repo: "payments-service", toProject: "SEC" });
    expect(JSON.parse(moved.deliveries[0].body).new.project.key).toBe("SEC");
    expect((await bb.get("/projects/SEC/repos/payments-service")).json.id).toBe(42);
  });

  it("pings unsigned unless asked, and creates/deletes repositories silently", async () => {
    const bb = new BitbucketClient({ deliver: "return" });
    await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ events: ["pr:merged"] }) });
    const ping = await bb.action("ping", { project: "PLAT", repo: "payments-api" });
    expect(ping.deliveries).toHaveLength(1);
    expect(ping.deliveries[0].headers["X-Event-Key"]).toBe("diagnostics:ping");
    expect(ping.deliveries[0].headers).not.toHaveProperty("X-Hub-Signature");
    expect(JSON.parse(ping.deliveries[0].body)).not.toHaveProperty("eventKey");
    const signedPing = await bb.action("ping", { project: "PLAT", repo: "payments-api", sign: true });
    expect(signedPing.deliveries[0].headers["X-Hub-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    await bb.action("create-repo", { project: "PLAT", slug: "fresh", files: { "port.yaml": "n: 1\n" } });
    expect((await bb.get("/projects/PLAT/repos/fresh/raw/port.yaml")).text).toBe("n: 1\n");
    await bb.action("delete-repo", { project: "PLAT", repo: "payments-api" });
    expect((await bb.get("/projects/PLAT/repos/payments-api")).status).toBe(404);
    expect((await bb.control("GET", "/_fake/state")).webhooks).toEqual([]);
  });

  describe("send mode", () => {
    let receiver: Served | undefined;
    afterEach(async () => receiver?.close());

    it("POSTs deliveries and opens a circuit after five failures", async () => {
      const got: { headers: Headers; body: string }[] = [];
      let status = 200;
      receiver = await serve(
        defineFake({
          name: "receiver",
          seed() {},
          state: () => null,
          async route(req, body) {
            got.push({ headers: req.headers, body });
            return new Response(null, { status });
          },
        }),
      );
      const bb = new BitbucketClient();
      await bb.call("POST", bb.api(REPO_HOOKS), { body: hook({ url: `${receiver.url}/hook` }) });
      const ok = await bb.action("push", { project: "PLAT", repo: "payments-api", files: { x: "1" } });
      expect(ok.deliveries).toEqual([{ webhookId: 1, url: `${receiver.url}/hook`, status: 200 }]);
      expect(got[0]!.headers.get("x-hub-signature")).toBe(await hubSignature(SECRET, got[0]!.body));
      expect(got[0]!.headers.get("content-type")).toBe("application/json; charset=utf-8");
      status = 500;
      for (let i = 0; i < 5; i++) await bb.action("push", { project: "PLAT", repo: "payments-api", files: { x: `${i}` } });
      const skipped = await bb.action("push", { project: "PLAT", repo: "payments-api", files: { x: "z" } });
      expect(skipped.deliveries[0].error).toBe("circuit open");
      expect(got).toHaveLength(6);
      expect((await bb.control("GET", "/_fake/state")).deliveries).toHaveLength(7);
    });

    it("answers the REST test-connection call with an unsigned ping", async () => {
      const got: Headers[] = [];
      receiver = await serve(
        defineFake({
          name: "receiver",
          seed() {},
          state: () => null,
          route(req) {
            got.push(req.headers);
            return new Response("ok");
          },
        }),
      );
      const bb = new BitbucketClient();
      await bb.call("POST", bb.api(REPO_HOOKS), { body: hook() });
      const res = await bb.call("POST", bb.api(`${REPO_HOOKS}/test?url=${encodeURIComponent(receiver.url)}`));
      expect(res.status).toBe(200);
      expect(res.json.response.statusCode).toBe(200);
      expect(got[0]!.get("x-event-key")).toBe("diagnostics:ping");
      expect(got[0]!.has("x-hub-signature")).toBe(false);
    });
  });
});
