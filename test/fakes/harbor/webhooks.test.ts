import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specsDir } from "../../contract/harbor-spec.ts";
import { ADMIN, SAMPLE, startHarbor, type Harbor } from "./harness.ts";

const API = "/api/v2.0";
const POLICIES = `${API}/projects/team-a/webhook/policies`;
const json = async (res: Response) => (await res.json()) as any;
const sample = (name: string) => JSON.parse(readFileSync(resolve(specsDir(), "harbor-webhooks", name), "utf8"));

/** Keys and value types, recursively: what the delivery must share with Harbor's samples. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  return v === null ? "null" : typeof v;
}

interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

let harbor: Harbor;

const policy = (name: string, format: string, enabled = true, events = ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_COMPLETED", "SCANNING_FAILED"]) => ({
  name,
  enabled,
  event_types: events,
  targets: [{ type: "http", address: `http://receiver.example/${name}`, auth_header: `Bearer ${name}-secret`, payload_format: format }],
});

async function act(name: string, body: Record<string, unknown>): Promise<Delivery[]> {
  return (await harbor.action(name, { deliver: "return", ...body })).deliveries;
}

const byUrl = (ds: Delivery[], suffix: string) => ds.filter((d) => d.url.endsWith(suffix)).map((d) => ({ ...d, json: JSON.parse(d.body) }));

beforeAll(async () => {
  harbor = await startHarbor({ seed: SAMPLE, externalHost: "harbor.example.com" });
  for (const p of [policy("default", "Default"), policy("cloud", "CloudEvents"), policy("off", "Default", false)]) {
    expect((await harbor.call("POST", POLICIES, { auth: ADMIN, body: p })).status).toBe(201);
  }
});

afterAll(() => harbor.close());

describe("webhook policy API", () => {
  it("creates with 201, an empty body and a Location ending in the new id; enabled defaults to false", async () => {
    const res = await harbor.call("POST", POLICIES, { auth: ADMIN, body: { name: "quiet", event_types: ["PUSH_ARTIFACT"], targets: [{ type: "http", address: "receiver.example/q?token=x" }] } });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("");
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/api\/v2\.0\/projects\/team-a\/webhook\/policies\/\d+$/);
    const created = await json(await harbor.get(location, { auth: ADMIN }));
    expect(created.enabled).toBe(false);
    // No scheme means http://, the query string is dropped, an empty format means Default.
    expect(created.targets[0]).toMatchObject({ address: "http://receiver.example/q", payload_format: "Default" });
    expect((await harbor.call("DELETE", location, { auth: ADMIN })).status).toBe(200);
  });

  it("shows auth_header in clear text", async () => {
    const list = await json(await harbor.get(`${POLICIES}?q=name%3Ddefault`, { auth: ADMIN }));
    expect(list.map((p: any) => p.targets[0].auth_header)).toEqual(["Bearer default-secret"]);
  });

  it("rejects unsupported event types with 400 and a duplicate name with 409", async () => {
    const bad = await harbor.call("POST", POLICIES, { auth: ADMIN, body: policy("x", "Default", true, ["PUSH_ARTIFACT", "DELETE_REPOSITORY"]) });
    expect([bad.status, await json(bad)]).toEqual([400, { errors: [{ code: "BAD_REQUEST", message: "unsupported event type DELETE_REPOSITORY" }] }]);
    const dup = await harbor.call("POST", POLICIES, { auth: ADMIN, body: policy("default", "Default") });
    expect([dup.status, await json(dup)]).toEqual([409, { errors: [{ code: "CONFLICT", message: "notification policy named default already exists" }] }]);
  });

  it("needs a project admin to write and lists the supported event types", async () => {
    expect((await harbor.call("POST", POLICIES, { auth: ["alice", "alice-pw"], body: policy("y", "Default") })).status).toBe(403);
    expect((await harbor.call("POST", POLICIES, { body: policy("y", "Default") })).status).toBe(401);
    const events = await json(await harbor.get(`${API}/projects/team-a/webhook/events`, { auth: ADMIN }));
    expect(events.event_type).toContain("SCANNING_COMPLETED");
    expect(events.payload_formats).toEqual([{ formats: ["Default", "CloudEvents"], notify_type: "http" }]);
  });
});

describe("deliveries", () => {
  it("push: Default and CloudEvents bodies shaped like Harbor's, headers verbatim, disabled policies silent", async () => {
    const ds = await act("push", { project: "team-a", repository: "team-a/service/api", tags: ["2.0.0"], operator: "robot$team-a+ci" });
    expect(ds.map((d) => d.url).sort()).toEqual(["http://receiver.example/cloud", "http://receiver.example/default"]);
    const [plain] = byUrl(ds, "/default");
    expect(plain!.headers).toEqual({ "content-type": "application/json", "user-agent": "Go-http-client/1.1", "accept-encoding": "gzip", authorization: "Bearer default-secret" });
    expect(shape(plain!.json)).toEqual(shape(sample("default-push-artifact.json")));
    expect(plain!.body).not.toMatch(/\n|": /);
    expect(plain!.json.event_data.resources[0]).toMatchObject({ tag: "2.0.0", resource_url: "harbor.example.com/team-a/service/api:2.0.0" });
    expect(plain!.json.event_data.repository).toMatchObject({ name: "service/api", namespace: "team-a", repo_full_name: "team-a/service/api", repo_type: "private" });
    const [cloud] = byUrl(ds, "/cloud");
    expect(cloud!.headers["content-type"]).toBe("application/cloudevents+json");
    expect(Object.keys(cloud!.headers).filter((h) => h.startsWith("ce-"))).toEqual([]);
    expect(shape(cloud!.json)).toEqual(shape(sample("cloudevents-push-artifact.json")));
    expect(cloud!.json).toMatchObject({ specversion: "1.0", type: "harbor.artifact.pushed", source: `/projects/2/webhook/policies/2`, operator: "robot$team-a+ci" });
    expect(cloud!.json.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("pull by digest names the digest as tag and uses @ in resource_url", async () => {
    const a = await json(await harbor.get(`${API}/projects/team-a/repositories/service%252Fapi/artifacts/1.4.2`, { auth: ADMIN }));
    const [plain] = byUrl(await act("pull", { project: "team-a", repository: "team-a/service/api", digest: a.digest }), "/default");
    expect(shape(plain!.json)).toEqual(shape(sample("default-pull-artifact.json")));
    expect(plain!.json.event_data.resources[0]).toEqual({ digest: a.digest, tag: a.digest, resource_url: `harbor.example.com/team-a/service/api@${a.digest}` });
    const after = await json(await harbor.get(`${API}/projects/team-a/repositories/service%252Fapi/artifacts/1.4.2`, { auth: ADMIN }));
    expect(after.pull_time).not.toBe("0001-01-01T00:00:00.000Z");
  });

  it("scan events carry scan_overview and scan, never date_created; untagged scans have no tag", async () => {
    const done = byUrl(await act("scan", { project: "team-a", repository: "team-a/service/api", tag: "1.4.2", status: "Success", counts: { Critical: 1, High: 4, Medium: 6, Low: 11, Unknown: 1 }, fixable: 9 }), "");
    const plain = done.find((d) => d.url.endsWith("/default"))!;
    expect(shape(plain.json)).toEqual(shape(sample("default-scanning-completed.json")));
    const cloud = done.find((d) => d.url.endsWith("/cloud"))!;
    expect(shape(cloud.json)).toEqual(shape(sample("cloudevents-scanning-completed.json")));
    const worker = (await harbor.state()).projects[1].repositories[1].artifacts[0].digest;
    const [failed] = byUrl(await act("scan", { project: "team-a", repository: "team-a/batch/worker", digest: worker, status: "Error" }), "/default");
    expect(shape(failed!.json)).toEqual(shape(sample("default-scanning-failed.json")));
    expect("tag" in failed!.json.event_data.resources[0]).toBe(false);
  });

  it("delete fires for the root artifact with its first tag, and later GETs 404", async () => {
    const [plain] = byUrl(await act("delete", { project: "team-a", repository: "team-a/service/api", tag: "1.4.1", operator: "admin" }), "/default");
    expect(shape(plain!.json)).toEqual(shape(sample("default-delete-artifact.json")));
    expect(plain!.json).toMatchObject({ type: "DELETE_ARTIFACT", event_data: { resources: [{ tag: "1.4.1" }] } });
    expect((await harbor.get(`${API}/projects/team-a/repositories/service%252Fapi/artifacts/1.4.1`, { auth: ADMIN })).status).toBe(404);
  });

  it("tag deletion fires nothing", async () => {
    expect(await act("untag", { project: "team-a", repository: "team-a/service/api", tag: "2.0.0" })).toEqual([]);
  });

  it("a multi-arch push fires one PUSH per child (tag = digest) before the index", async () => {
    const ds = byUrl(
      await act("push", { project: "team-a", repository: "team-a/service/api", tags: ["3.0.0"], children: [{ platform: { architecture: "amd64", os: "linux" } }, { platform: { architecture: "arm64", os: "linux" } }] }),
      "/default",
    );
    const resources = ds.map((d) => d.json.event_data.resources[0]);
    expect(resources.map((r) => r.tag === r.digest)).toEqual([true, true, false]);
    expect(resources[2].tag).toBe("3.0.0");
  });

  it("switches: duplicate, omitTag, omitDateCreated, omitScanOverview, shuffle", async () => {
    const base = { project: "team-a", repository: "team-a/service/api", tags: ["4.0.0"] };
    expect(byUrl(await act("push", { ...base, duplicate: 2 }), "/default")).toHaveLength(3);
    const [bare] = byUrl(await act("push", { ...base, omitTag: true, omitDateCreated: true }), "/default");
    expect("tag" in bare!.json.event_data.resources[0]).toBe(false);
    expect("date_created" in bare!.json.event_data.repository).toBe(false);
    const [scanAll] = byUrl(await act("scan", { project: "team-a", repository: "team-a/service/api", tag: "4.0.0", omitScanOverview: true }), "/default");
    expect(scanAll!.json.event_data.scan).toEqual({});
    expect("scan_overview" in scanAll!.json.event_data.resources[0]).toBe(false);
    const tagOf = (d: Delivery) => `${d.url} ${JSON.parse(d.body).event_data?.resources[0].tag ?? JSON.parse(d.body).data.resources[0].tag}`;
    const tags = ["a", "b", "c", "d", "e", "f"];
    const ordered = (await act("push", { ...base, tags })).map(tagOf);
    const shuffled = (await act("push", { ...base, tags, shuffle: true, seed: 3 })).map(tagOf);
    expect(shuffled).not.toEqual(ordered);
    expect([...shuffled].sort()).toEqual([...ordered].sort());
  });
});

describe("sending", () => {
  let receiver: Server;
  let url = "";
  const seen: { status: number; auth?: string; ua?: string; body: string }[] = [];
  let failFirst = 0;
  let delayMs = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const status = failFirst-- > 0 ? 500 : 200;
        seen.push({ status, auth: req.headers.authorization, ua: req.headers["user-agent"], body });
        setTimeout(() => res.writeHead(status).end(), delayMs);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const body = { name: "live", enabled: true, event_types: ["PUSH_ARTIFACT"], targets: [{ type: "http", address: url, auth_header: "Bearer live" }] };
    expect((await harbor.call("POST", `${API}/projects/library/webhook/policies`, { auth: ADMIN, body })).status).toBe(201);
  });

  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it("POSTs with the verbatim Authorization and retries non-2xx up to 3 times", async () => {
    failFirst = 2;
    const { deliveries } = await harbor.action("push", { project: "library", repository: "library/nginx", tags: ["live"], retryDelayMs: 1 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ delivered: true, attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] });
    expect(seen.map((s) => [s.auth, s.ua])).toEqual(Array(3).fill(["Bearer live", "Go-http-client/1.1"]));
    expect(JSON.parse(seen[2]!.body).event_data.resources[0].tag).toBe("live");
  });

  it("gives up after the retries, and times out slow receivers", async () => {
    failFirst = 10;
    const failed = (await harbor.action("push", { project: "library", repository: "library/nginx", tags: ["x"], retryDelayMs: 1 })).deliveries[0];
    expect(failed.delivered).toBe(false);
    expect(failed.attempts).toHaveLength(4);
    failFirst = 0;
    delayMs = 300;
    const slow = (await harbor.action("push", { project: "library", repository: "library/nginx", tags: ["y"], timeoutMs: 50, maxRetries: 1, retryDelayMs: 1 })).deliveries[0];
    delayMs = 0;
    expect(slow.delivered).toBe(false);
    expect(slow.attempts.every((a: { error?: string }) => a.error)).toBe(true);
  });
});
