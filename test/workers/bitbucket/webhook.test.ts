import { beforeEach, describe, expect, it } from "vitest";
import { call, callAndDefer, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { expected, seed } from "../../fixtures/bitbucket/gitops.ts";
import prMerged from "../../fixtures/bitbucket/webhooks/pr-merged.json?raw";
import repoModified from "../../fixtures/bitbucket/webhooks/repo-modified.json?raw";
import repoRefsChanged from "../../fixtures/bitbucket/webhooks/repo-refs-changed.json?raw";
import { deliver, entities, EVENTS, harness, headersOf, HOOK_PATH, identifiers, portWrites, resyncAgain, runCycle, type Delivery, type Harness } from "./support.ts";
import { sign } from "../security/signing.ts";

let h: Harness;
let env: TestEnv;

const LEDGER_ONLY = "- identifier: payments\n  title: Payments team\n  blueprint: team\n- identifier: ledger\n  title: Ledger v2\n  blueprint: service\n";

beforeEach(async () => {
  clock.reset();
  h = await harness();
  env = h.env();
  await runCycle(env);
  await h.port.clearRequests();
  // A full cycle of every kind of the default mapping, on a machine other tests share.
}, 30_000);

async function push(body: Record<string, unknown>): Promise<Delivery> {
  const result = await h.bitbucket.action("push", body);
  expect(result.deliveries).toHaveLength(1);
  return result.deliveries[0];
}

describe("push webhooks", () => {
  it("apply a signed push to the default branch without a tick: upserts and what the push dropped", async () => {
    const delivery = await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": LEDGER_ONLY } });
    expect(headersOf(delivery)["x-hub-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);

    const { res, settled } = await callAndDefer(env, HOOK_PATH, { method: "POST", headers: headersOf(delivery), body: delivery.body });
    // Acknowledged before any read or write happened.
    expect(res.status).toBe(202);
    await settled();

    expect(await identifiers(h.port, "service")).toEqual(expected.service.filter((id) => id !== "ledger-worker"));
    expect((await entities(h.port, "service")).find((e) => e.identifier === "ledger").title).toBe("Ledger v2");
    // The file was read at the pushed commit and at the one before, never at the branch name.
    const reads = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/svc-02/raw/port.yaml")).slice(-2);
    const pushed = JSON.parse(delivery.body).changes[0];
    expect(reads.map((r) => new URLSearchParams(r.query).get("at"))).toEqual([pushed.toHash, pushed.fromHash]);
  });

  it("delete every entity of a file the push removed, and create those of a new file", async () => {
    await deliver(env, await push({ project: "PLAT", repo: "svc-01", files: { "port.yaml": null } }));
    await deliver(env, await push({ project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: fresh\ntitle: Fresh\nblueprint: service\n" } }));
    const service = await identifiers(h.port, "service");
    expect(service).not.toContain("payments-api");
    expect(service).toContain("fresh");
  });

  it("refuse unsigned and wrongly signed pushes with no write", async () => {
    const delivery = await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": LEDGER_ONLY } });
    const unsigned = await deliver(env, delivery, ({ "x-hub-signature": _, ...rest }) => rest);
    expect(unsigned.status).toBe(401);
    const forged = await deliver(env, delivery, (headers) => ({ ...headers, "x-hub-signature": `sha256=${"0".repeat(64)}` }));
    expect(forged.status).toBe(401);
    const otherSignature = await sign("some-other-secret", delivery.body);
    const otherSecret = await deliver(env, delivery, (headers) => ({ ...headers, "x-hub-signature": otherSignature }));
    expect(otherSecret.status).toBe(401);
    expect(await portWrites(h.port)).toBe(0);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
  });

  it("refuse every push with 401 while no secret is configured, even a validly signed one, and say how to set one", async () => {
    const open = { ...env, BITBUCKET_WEBHOOK_SECRET: "" };
    const delivery = await push({ project: "PLAT", repo: "svc-02", files: { "port.yaml": LEDGER_ONLY } });
    const res = await deliver(open, delivery);
    // Nothing can authenticate the sender: that is a 401, as for a missing or wrong signature.
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining("BITBUCKET_WEBHOOK_SECRET") });
    const unsigned = await deliver(open, delivery, ({ "x-hub-signature": _, ...rest }) => rest);
    expect(unsigned.status).toBe(401);
    expect(await portWrites(h.port)).toBe(0);

    // "Test connection" still works, so the webhook can be set up before the secret is.
    const { deliveries } = await h.bitbucket.action("ping", { project: "PLAT" });
    expect((await deliver(open, deliveries[0])).status).toBe(200);
  });

  it("change nothing for a push to another branch", async () => {
    const delivery = await push({ project: "PLAT", repo: "svc-02", branch: "feature/x", files: { "port.yaml": LEDGER_ONLY } });
    const res = await deliver(env, delivery);
    expect(res.status).toBe(202);
    expect(await portWrites(h.port)).toBe(0);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
  });

  it("ignore pushes outside BITBUCKET_PROJECTS_FILTER", async () => {
    const filtered = h.env({ BITBUCKET_PROJECTS_FILTER: "PLAT" });
    const delivery = await push({ project: "PAY", repo: "checkout", files: { "port.yaml": null } });
    const res = await deliver(filtered, delivery);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: expect.stringContaining("outside BITBUCKET_PROJECTS_FILTER") });
    expect(await portWrites(h.port)).toBe(0);
  });
});

describe("signatures", () => {
  const SECRET = "bitbucket-webhook-secret-for-tests";
  const post = async (eventKey: string, body: Uint8Array<ArrayBuffer>, e = env) =>
    call(e, HOOK_PATH, { method: "POST", headers: { "content-type": "application/json", "x-event-key": eventKey, "x-hub-signature": await sign(SECRET, body) }, body });

  it("verify the HMAC over the body's bytes as sent, even bytes that are not UTF-8", async () => {
    // "café" in Latin-1: 0xE9 is not UTF-8, so decoding and re-encoding the body changes its bytes.
    const latin1 = new Uint8Array([...new TextEncoder().encode('{"eventKey":"repo:forked","title":"caf'), 0xe9, ...new TextEncoder().encode('"}')]);
    const res = await post("repo:forked", latin1);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: "event repo:forked is not used" });

    // Authentic but not JSON: the signature passes, then the body is refused as what it is.
    const notJson = await post("repo:refs_changed", new Uint8Array([0xff]));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: "the body is not JSON" });
    expect(await portWrites(h.port)).toBe(0);
  });

  it("accept the documented example deliveries with their published signatures over the exact file bytes", async () => {
    const vectors = [
      { text: repoRefsChanged, eventKey: "repo:refs_changed", bytes: 2086, signature: "sha256=fdad889b41d9831f1970eb486df5dfcd4984f9549bba977416819be66f188b55", status: 202 },
      { text: repoModified, eventKey: "repo:modified", bytes: 2239, signature: "sha256=eeb71c0abb81d825b74624504a92473a19958a84e1a21a9f2bc08943f5941005", status: 202 },
      { text: prMerged, eventKey: "pr:merged", bytes: 4719, signature: "sha256=62cd883e33c334539cfaa14b6a668e028d7822bc136ce30c8f5b78212304e3b2", status: 202 },
    ];
    const signed = h.env({ BITBUCKET_WEBHOOK_SECRET: "port-fake-webhook-secret" });
    for (const v of vectors) {
      const body = new TextEncoder().encode(v.text);
      // A reformatted fixture would fail here, not as a mysterious signature mismatch below.
      expect(body.length, v.eventKey).toBe(v.bytes);
      const headers = { "content-type": "application/json; charset=UTF-8", "x-event-key": v.eventKey, "x-hub-signature": v.signature };
      const res = await call(signed, HOOK_PATH, { method: "POST", headers, body });
      expect(res.status, v.eventKey).toBe(v.status);
      // One changed byte is refused: the vectors prove the check, not just its absence.
      const tampered = await call(signed, HOOK_PATH, { method: "POST", headers, body: body.map((b, i) => (i === 3 ? b ^ 1 : b)) });
      expect(tampered.status, v.eventKey).toBe(401);
    }
  });
});

describe("other events", () => {
  it("answer an unsigned diagnostics:ping with 200 and do nothing", async () => {
    const { deliveries } = await h.bitbucket.action("ping", { project: "PLAT" });
    expect(headersOf(deliveries[0])["x-hub-signature"]).toBeUndefined();
    const res = await deliver(env, deliveries[0]);
    expect(res.status).toBe(200);
    expect(await portWrites(h.port)).toBe(0);
  });

  it("acknowledge and ignore signed events portside does not use", async () => {
    const body = JSON.stringify({ eventKey: "pr:comment:added", date: "2025-06-03T14:21:07+0000" });
    const res = await call(env, HOOK_PATH, {
      method: "POST",
      headers: { "content-type": "application/json", "x-event-key": "pr:comment:added", "x-hub-signature": await sign("bitbucket-webhook-secret-for-tests", body) },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: "event pr:comment:added is not used" });
  });

  it("refuse a signed body that is not the event it claims", async () => {
    const body = JSON.stringify({ eventKey: "repo:refs_changed", changes: "none" });
    const res = await call(env, HOOK_PATH, {
      method: "POST",
      headers: { "x-event-key": "repo:refs_changed", "x-hub-signature": await sign("bitbucket-webhook-secret-for-tests", body) },
      body,
    });
    expect(res.status).toBe(400);
  });

  it("keep a renamed repository's entities through repo:modified and the next resync", async () => {
    const before = (await entities(h.port, "service")).find((e) => e.identifier === "web");
    const { deliveries } = await h.bitbucket.action("rename", { project: "PLAT", repo: "svc-03", newName: "Web Frontend" });
    expect(deliveries).toHaveLength(1);
    expect((await deliver(env, deliveries[0])).status).toBe(202);
    expect((await h.bitbucket.requests()).some((r) => r.path.endsWith("/repos/web-frontend/raw/port.yml"))).toBe(true);

    // A later push to the renamed repository is read under its new slug.
    await deliver(env, await push({ project: "PLAT", repo: "web-frontend", files: { "port.yml": "identifier: web\ntitle: Web v2\nblueprint: service\n" } }));
    expect(await identifiers(h.port, "team")).toEqual(expected.team.filter((id) => id !== "web-team"));
    await resyncAgain(env);
    const web = (await entities(h.port, "service")).find((e) => e.identifier === "web");
    expect(web).toMatchObject({ title: "Web v2", createdAt: before.createdAt });
  });
});

describe("webhook registration", () => {
  it("registers one signed project webhook per project when APP_HOST is set, and only once", async () => {
    const fresh = await harness({ ...seed, webhooks: [] });
    const registering = fresh.env({ APP_HOST: "https://portside.example.com" });
    await runCycle(registering);
    await resyncAgain(registering);
    const state = await fresh.bitbucket.state();
    expect(state.webhooks.map((w: any) => [w.scope.project, w.url, w.events]).sort()).toEqual(
      ["OPS", "PAY", "PLAT"].map((project) => [project, "https://portside.example.com/webhooks/bitbucket-gitops", EVENTS]),
    );
    expect(state.webhooks.every((w: any) => w.configuration.secret === "bitbucket-webhook-secret-for-tests")).toBe(true);
  });
});
