import { beforeAll, describe, expect, it } from "vitest";
import { call, type TestEnv } from "../../support/app.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { entities, harness, runCycle, type Harness } from "../harbor/support.ts";
import { act, HOOK_PATH, SECRET, seedWithPolicies } from "../harbor/webhook-deliveries.ts";
import { captureLogs, catalog, expectNoSecrets, statusText } from "./corpus.ts";

/** Hostile Harbor deliveries: every one answered with a clear status, none writes what it should not. */

const API = "team-a/service/api";
const NEW = `sha256:${"c4".repeat(32)}`;

let h: Harness;
let env: TestEnv;
/** A genuine PUSH_ARTIFACT delivery body (Default format), for rows to bend. */
let event: any;
let cloud: any;
let before: string[];
const logs = captureLogs();

beforeAll(async () => {
  h = await harness(seedWithPolicies);
  env = h.env(credentials.admin, { HARBOR_WEBHOOK_SECRET: SECRET });
  await runCycle(env);
  const [pushed] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["hostile"] });
  const [pushedCloud] = await act(h.harbor, "push", { project: "team-a", repository: API, digest: NEW, tags: ["hostile"] }, "CloudEvents");
  event = JSON.parse(pushed!.body);
  cloud = JSON.parse(pushedCloud!.body);
}, 60_000);

const withRepository = (repository: Record<string, unknown>) =>
  JSON.stringify({ ...event, event_data: { ...event.event_data, repository: { ...event.event_data.repository, ...repository } } });

interface Row {
  name: string;
  headers?: Record<string, string>;
  body: () => string | Uint8Array<ArrayBuffer>;
  status: number;
  /** What the response says: the reason, naming the field or header. */
  says: RegExp;
}

const json = { "content-type": "application/json" };
const signed = { ...json, authorization: SECRET };

/** Refused or ignored: Port must hold exactly what it held before. */
const refused: Row[] = [
  { name: "no Authorization", headers: json, body: () => JSON.stringify(event), status: 401, says: /Authorization is missing/ },
  { name: "wrong secret", headers: { ...json, authorization: "not-the-secret" }, body: () => JSON.stringify(event), status: 401, says: /does not match HARBOR_WEBHOOK_SECRET/ },
  { name: "secret in the wrong case", headers: { ...json, authorization: SECRET.toUpperCase() }, body: () => JSON.stringify(event), status: 401, says: /does not match/ },
  { name: "secret behind Bearer", headers: { ...json, authorization: `Bearer ${SECRET}` }, body: () => JSON.stringify(event), status: 401, says: /does not match/ },
  { name: "secret as Basic credentials", headers: { ...json, authorization: `Basic ${btoa(`harbor:${SECRET}`)}` }, body: () => JSON.stringify(event), status: 401, says: /does not match/ },
  { name: "secret minus its last character", headers: { ...json, authorization: SECRET.slice(0, -1) }, body: () => JSON.stringify(event), status: 401, says: /does not match/ },
  { name: "empty body", headers: signed, body: () => "", status: 400, says: /the body is not JSON/ },
  { name: "truncated body", headers: signed, body: () => JSON.stringify(event).slice(0, 80), status: 400, says: /the body is not JSON/ },
  { name: "bytes that are not UTF-8", headers: signed, body: () => new Uint8Array([0xff, 0xfe, 0x7b, 0xc3, 0x28]), status: 400, says: /the body is not JSON/ },
  { name: "JSON null", headers: signed, body: () => "null", status: 400, says: /^payload: / },
  { name: "a JSON array", headers: signed, body: () => "[1,2]", status: 400, says: /^payload\.type: / },
  { name: "nested 5,000 deep", headers: signed, body: () => `${"[".repeat(5000)}${"]".repeat(5000)}`, status: 400, says: /^payload\.type: / },
  { name: "no type", headers: signed, body: () => JSON.stringify({ ...event, type: undefined }), status: 400, says: /^payload\.type: / },
  { name: "type smuggled through __proto__", headers: signed, body: () => `{"__proto__":{"type":"PUSH_ARTIFACT"},"event_data":${JSON.stringify(event.event_data)}}`, status: 400, says: /^payload\.type: / },
  { name: "no event_data", headers: signed, body: () => JSON.stringify({ ...event, event_data: undefined }), status: 400, says: /^payload\.event_data: / },
  { name: "resources not a list", headers: signed, body: () => JSON.stringify({ ...event, event_data: { ...event.event_data, resources: "all" } }), status: 400, says: /^event_data\.resources: / },
  { name: "21 artifacts in one event", headers: signed, body: () => JSON.stringify({ ...event, event_data: { ...event.event_data, resources: Array.from({ length: 21 }, () => event.event_data.resources[0]) } }), status: 400, says: /names more than 20 artifacts/ },
  { name: "digest with a path in it", headers: signed, body: () => JSON.stringify({ ...event, event_data: { ...event.event_data, resources: [{ digest: "sha256:abc/../../users" }] } }), status: 400, says: /resources\.0\.digest: must be a digest/ },
  { name: "repository outside its project", headers: signed, body: () => withRepository({ namespace: "team-a", repo_full_name: "library/nginx" }), status: 400, says: /repo_full_name must be <namespace>\/<name>/ },
  { name: "repository name with ..", headers: signed, body: () => withRepository({ repo_full_name: "team-a/.." }), status: 400, says: /repository\.repo_full_name: "\.\." segments are not allowed/ },
  { name: "project name ..", headers: signed, body: () => withRepository({ namespace: "..", repo_full_name: "../users" }), status: 400, says: /repository\.namespace: "\.\." segments/ },
  { name: "percent-encoded ..", headers: signed, body: () => withRepository({ repo_full_name: "team-a/%2e%2e/%2e%2e" }), status: 400, says: /"%" is not allowed/ },
  { name: "CloudEvent of another specversion", headers: { ...signed, "content-type": "application/cloudevents+json" }, body: () => JSON.stringify({ ...cloud, specversion: "0.3" }), status: 400, says: /^CloudEvent\.specversion: / },
  { name: "CloudEvent without data", headers: { ...signed, "content-type": "application/cloudevents+json" }, body: () => JSON.stringify({ ...cloud, data: undefined }), status: 400, says: /^CloudEvent\.data: / },
  { name: "body over 1 MiB", headers: signed, body: () => JSON.stringify({ ...event, padding: "x".repeat(1024 * 1024) }), status: 413, says: /body larger than 1 MiB/ },
  { name: "an event type not used", headers: signed, body: () => JSON.stringify({ ...event, type: "QUOTA_EXCEED" }), status: 200, says: /event QUOTA_EXCEED is not used/ },
];

describe("refused Harbor deliveries", () => {
  beforeAll(async () => {
    before = await catalog(h.port);
  });

  it.each(refused.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    await h.harbor.clearRequests();
    const res = await call(env, HOOK_PATH, { method: "POST", headers: row.headers, body: row.body() });
    const text = await res.text();
    expect(res.status).toBe(row.status);
    expect(JSON.parse(text)[row.status === 200 ? "ignored" : "error"]).toMatch(row.says);
    // Forged or malformed: Harbor is never asked, and Port holds what it held.
    expect(await h.harbor.requests()).toEqual([]);
    expect(await catalog(h.port)).toEqual(before);
    expectNoSecrets([text, ...logs.lines, await statusText(env)]);
  });
});

/** Odd but authentic: acknowledged, and Port ends as Harbor says. */
describe("authentic Harbor deliveries with odd shapes", () => {
  it("a push sent as text/plain is still the push: applied", async () => {
    const res = await call(env, HOOK_PATH, { method: "POST", headers: { authorization: SECRET, "content-type": "text/plain" }, body: JSON.stringify(event) });
    expect(res.status).toBe(202);
    expect((await entities(h.port, "harborArtifact")).map((e) => e.identifier)).toContain(`${API}@${NEW}`);
    expectNoSecrets([await res.text(), ...logs.lines, await statusText(env)]);
  });

  it("the same delivery replayed three times: acknowledged each time, the artifact written once", async () => {
    for (let i = 0; i < 3; i++) expect((await call(env, HOOK_PATH, { method: "POST", headers: signed, body: JSON.stringify(event) })).status).toBe(202);
    expect((await entities(h.port, "harborArtifact")).filter((e) => e.identifier === `${API}@${NEW}`)).toHaveLength(1);
  });

  it("unicode project and repository names Harbor does not have: acknowledged, Harbor says gone, Port unchanged", async () => {
    const start = await catalog(h.port);
    await h.harbor.clearRequests();
    const res = await call(env, HOOK_PATH, { method: "POST", headers: signed, body: withRepository({ namespace: "tëam-ä", repo_full_name: "tëam-ä/ñame/日本" }) });
    expect(res.status).toBe(202);
    // Asked under its own, encoded path only.
    const paths = (await h.harbor.requests()).map((r) => r.path);
    expect(paths.filter((p) => p.includes("/projects/") && !p.startsWith("/api/v2.0/projects/t%C3%ABam-%C3%A4/")), JSON.stringify(paths)).toEqual([]);
    expect(await catalog(h.port)).toEqual(start);
    expectNoSecrets([await res.text(), ...logs.lines, await statusText(env)]);
  });
});
