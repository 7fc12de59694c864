import { beforeAll, describe, expect, it } from "vitest";
import { call, type TestEnv } from "../../support/app.ts";
import { harness, HOOK_PATH, headersOf, identifiers, runCycle, WEBHOOK_SECRET, type Harness } from "../bitbucket/support.ts";
import { sign } from "../security/signing.ts";
import { captureLogs, catalog, expectNoSecrets, statusText } from "./corpus.ts";

/** Hostile Bitbucket deliveries: every one answered with a clear status, none writes what it should not. */

let h: Harness;
let env: TestEnv;
/** A genuine signed push of new content to PLAT/svc-04 (not yet applied), for rows to bend. */
let push: { headers: Record<string, string>; body: string };
let event: any;
const logs = captureLogs();

beforeAll(async () => {
  h = await harness();
  env = h.env();
  await runCycle(env);
  const { deliveries } = await h.bitbucket.action("push", { project: "PLAT", repo: "svc-04", files: { "port.yaml": "identifier: hostile-ok\ntitle: OK\nblueprint: service\n" } });
  push = { headers: headersOf(deliveries[0]), body: deliveries[0].body };
  event = JSON.parse(push.body);
}, 60_000);

type Body = string | Uint8Array<ArrayBuffer>;

interface Row {
  name: string;
  eventKey?: string;
  body: () => Body;
  /** The X-Hub-Signature to send for the body; by default the right one. */
  signature?: (body: Body) => Promise<string | undefined>;
  contentType?: string;
  status: number;
  says: RegExp;
}

const right = (body: Body) => sign(WEBHOOK_SECRET, body);
const withRepository = (repository: Record<string, unknown>) => JSON.stringify({ ...event, repository: { ...event.repository, ...repository } });

const refused: Row[] = [
  { name: "no signature", body: () => push.body, signature: async () => undefined, status: 401, says: /X-Hub-Signature is missing/ },
  { name: "forged signature", body: () => push.body, signature: async () => `sha256=${"0".repeat(64)}`, status: 401, says: /does not match BITBUCKET_WEBHOOK_SECRET/ },
  { name: "signed with another secret", body: () => push.body, signature: (b) => sign("another-secret", b), status: 401, says: /does not match/ },
  { name: "sha1= signature", body: () => push.body, signature: async (b) => (await right(b)).replace("sha256=", "sha1="), status: 401, says: /does not match/ },
  { name: "signature without its prefix", body: () => push.body, signature: async (b) => (await right(b)).slice("sha256=".length), status: 401, says: /does not match/ },
  { name: "signature one character short", body: () => push.body, signature: async (b) => (await right(b)).slice(0, -1), status: 401, says: /does not match/ },
  { name: "body truncated after signing", body: () => push.body.slice(0, 100), signature: () => right(push.body), status: 401, says: /does not match/ },
  { name: "body with a byte flipped", body: () => push.body.replace("svc-04", "svc-01"), signature: () => right(push.body), status: 401, says: /does not match/ },
  { name: "signed truncated body", body: () => push.body.slice(0, 100), status: 400, says: /the body is not JSON/ },
  { name: "signed bytes that are not UTF-8", body: () => new Uint8Array([0xc3, 0x28, 0xff]), status: 400, says: /the body is not JSON/ },
  { name: "signed empty body", body: () => "", status: 400, says: /the body is not JSON/ },
  { name: "changes not a list", body: () => JSON.stringify({ ...event, changes: "all" }), status: 400, says: /^not a repo:refs_changed payload: changes: / },
  { name: "no repository", body: () => JSON.stringify({ ...event, repository: undefined }), status: 400, says: /payload: repository: / },
  { name: "repository id a string", body: () => withRepository({ id: "12" }), status: 400, says: /payload: repository\.id: / },
  { name: "eventKey of another event in the body", body: () => JSON.stringify({ ...event, eventKey: "pr:merged" }), status: 400, says: /payload: eventKey: / },
  { name: "slug ..", body: () => withRepository({ slug: ".." }), status: 400, says: /repository\.slug: "\.\." segments are not allowed/ },
  { name: "slug with a slash", body: () => withRepository({ slug: "svc-04/../../admin" }), status: 400, says: /repository\.slug: "\/" is not allowed/ },
  { name: "percent-encoded project key", body: () => withRepository({ project: { ...event.repository.project, key: "%2e%2e" } }), status: 400, says: /repository\.project\.key: "%" is not allowed/ },
  { name: "body over 1 MiB", body: () => JSON.stringify({ ...event, padding: "x".repeat(1024 * 1024) }), status: 413, says: /body larger than 1 MiB/ },
  { name: "an event key not used", eventKey: "pr:comment:added", body: () => JSON.stringify({ eventKey: "pr:comment:added" }), status: 200, says: /event pr:comment:added is not used/ },
  { name: "no X-Event-Key", eventKey: "", body: () => push.body, status: 200, says: /no X-Event-Key/ },
  { name: "a tag push only", body: () => JSON.stringify({ ...event, changes: event.changes.map((c: any) => ({ ...c, refId: "refs/tags/v1", ref: { ...c.ref, id: "refs/tags/v1", type: "TAG" } })) }), status: 200, says: /changes no branch/ },
];

describe("refused Bitbucket deliveries", () => {
  let before: string[];
  beforeAll(async () => {
    before = await catalog(h.port);
  });

  it.each(refused.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    await h.bitbucket.clearRequests();
    const body = row.body();
    const signature = await (row.signature ?? right)(body);
    const headers: Record<string, string> = { "content-type": row.contentType ?? "application/json; charset=UTF-8", "x-request-id": crypto.randomUUID() };
    if (row.eventKey !== "") headers["x-event-key"] = row.eventKey ?? "repo:refs_changed";
    if (signature) headers["x-hub-signature"] = signature;
    const res = await call(env, HOOK_PATH, { method: "POST", headers, body });
    const text = await res.text();
    expect(res.status).toBe(row.status);
    expect(JSON.parse(text)[row.status === 200 ? "ignored" : "error"]).toMatch(row.says);
    expect(await h.bitbucket.requests()).toEqual([]);
    expect(await catalog(h.port)).toEqual(before);
    expectNoSecrets([text, ...logs.lines, await statusText(env)]);
  });
});

describe("authentic Bitbucket deliveries with odd shapes", () => {
  it("an upper-case hex signature and X-Hub-Signature prefix are the same signature: applied", async () => {
    const signature = (await right(push.body)).toUpperCase();
    const res = await call(env, HOOK_PATH, { method: "POST", headers: { ...push.headers, "x-hub-signature": signature, "content-type": "text/plain" }, body: push.body });
    expect(res.status).toBe(202);
    expect(await identifiers(h.port, "service")).toContain("hostile-ok");
    expectNoSecrets([await res.text(), ...logs.lines, await statusText(env)]);
  });

  it("a unicode slug Bitbucket does not have: acknowledged, the failure recorded, Port unchanged", async () => {
    const start = await catalog(h.port);
    const body = withRepository({ slug: "café-日本", name: "café" });
    const res = await call(env, HOOK_PATH, { method: "POST", headers: { ...push.headers, "x-hub-signature": await right(body) }, body });
    expect(res.status).toBe(202);
    const s = JSON.parse(await statusText(env));
    expect(s.plugins["bitbucket-gitops"].webhooks.failures[0].message).toMatch(/404/);
    expect(await catalog(h.port)).toEqual(start);
    expectNoSecrets([...logs.lines, JSON.stringify(s)]);
  });
});
