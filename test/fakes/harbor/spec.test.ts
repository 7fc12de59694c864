import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResponse, declaredResponse, HARBOR_SPEC_SHA256, harborSpecBytes, sha256 } from "../../contract/harbor-spec.ts";
import { ADMIN, SAMPLE, startHarbor, type Harbor } from "./harness.ts";

const ALICE: [string, string] = ["alice", "alice-pw"];
const BOB: [string, string] = ["bob", "bob-pw"];
const ROBOT: [string, string] = ["robot$sync", "robot-secret"];
const PROJECT_ROBOT: [string, string] = ["robot$team-a+ci", "ci-secret"];
const API = "/api/v2.0";
const ART = `${API}/projects/team-a/repositories/service%252Fapi/artifacts`;

let harbor: Harbor;
let digest: string;

beforeAll(async () => {
  harbor = await startHarbor({ seed: SAMPLE });
  const res = await harbor.get(`${ART}/1.4.2`, { auth: ADMIN });
  digest = ((await res.json()) as { digest: string }).digest;
  const policy = { name: "sync", enabled: true, event_types: ["PUSH_ARTIFACT"], targets: [{ type: "http", address: "http://hook.example/x", auth_header: "Bearer s" }] };
  expect((await harbor.call("POST", `${API}/projects/team-a/webhook/policies`, { auth: ADMIN, body: policy })).status).toBe(201);
});

afterAll(() => harbor.close());

it("pins the vendored swagger by sha256", () => {
  expect(sha256(harborSpecBytes())).toBe(HARBOR_SPEC_SHA256);
});

type Case = [method: string, path: string, auth: [string, string] | undefined, status: number, headers?: Record<string, string>];

const cases = (): Case[] => [
  ["GET", `${API}/projects`, undefined, 200],
  ["GET", `${API}/projects?with_detail=false`, ALICE, 200],
  ["GET", `${API}/projects?page_size=1&page=2`, ADMIN, 200],
  ["GET", `${API}/projects?page_size=101`, ADMIN, 422],
  ["GET", `${API}/projects/team-a`, ADMIN, 200],
  ["GET", `${API}/projects/2`, ROBOT, 200],
  ["GET", `${API}/projects/team-a`, undefined, 401],
  ["GET", `${API}/projects/team-a`, BOB, 403],
  ["GET", `${API}/projects/nope`, ADMIN, 404],
  ["GET", `${API}/users`, ADMIN, 200],
  ["GET", `${API}/users`, ROBOT, 200],
  ["GET", `${API}/users`, undefined, 401],
  ["GET", `${API}/users`, ALICE, 403],
  ["GET", `${API}/users/current`, ALICE, 200],
  ["GET", `${API}/users/current`, ROBOT, 412],
  ["GET", `${API}/users/current`, undefined, 401],
  ["GET", `${API}/repositories`, undefined, 200],
  ["GET", `${API}/repositories?page_size=1`, ADMIN, 200],
  ["GET", `${API}/projects/team-a/repositories`, PROJECT_ROBOT, 200],
  ["GET", `${API}/projects/team-a/repositories`, undefined, 401],
  ["GET", `${API}/projects/team-a/repositories`, BOB, 403],
  ["GET", `${API}/projects/team-a/repositories?page_size=500`, ADMIN, 422],
  ["GET", `${API}/projects/team-a/repositories/service%252Fapi`, ALICE, 200],
  ["GET", `${API}/projects/team-a/repositories/missing`, ALICE, 404],
  ["GET", `${ART}?with_scan_overview=true&with_label=true&with_accessory=true`, ADMIN, 200],
  ["GET", `${ART}?q=tags%3Dnil%2Cbase%3D*`, ADMIN, 200],
  ["GET", `${API}/projects/team-a/repositories/unknown/artifacts`, ADMIN, 200],
  ["GET", `${ART}`, undefined, 401],
  ["GET", `${ART}?page_size=101`, ADMIN, 422],
  ["GET", `${ART}/1.4.2?with_scan_overview=true`, ALICE, 200],
  ["GET", `${ART}/1.4.1?with_scan_overview=true`, ALICE, 200],
  ["GET", `${ART}/multi`, ALICE, 200],
  ["GET", `${ART}/0.1.0?with_scan_overview=true`, ALICE, 200],
  ["GET", `${ART}/nope`, ALICE, 404],
  ["GET", `${ART}/1.4.2/tags`, ALICE, 200],
  ["GET", `${ART}/1.4.2/additions/vulnerabilities`, ALICE, 200],
  ["GET", `${API}/projects/team-a/artifacts?with_scan_overview=true`, ALICE, 200],
  ["GET", `${API}/projects/team-a/artifacts`, undefined, 401],
  ["GET", `${API}/projects/team-a/webhook/policies`, ADMIN, 200],
  ["GET", `${API}/projects/team-a/webhook/policies/1`, ADMIN, 200],
  ["GET", `${API}/projects/team-a/webhook/policies`, ALICE, 403],
  ["GET", `${API}/projects/team-a/webhook/policies/99`, ADMIN, 404],
  ["GET", `${API}/projects/team-a/webhook/events`, ADMIN, 200],
  ["GET", `${API}/systeminfo`, undefined, 200],
  ["GET", `${API}/systeminfo`, ADMIN, 200],
  ["GET", `${API}/ping`, undefined, 200],
];

describe("every response validates against the swagger's declared schema", () => {
  it.each(cases().map((c) => [`${c[0]} ${c[1]} as ${c[2]?.[0] ?? "anonymous"} → ${c[3]}`, c] as const))("%s", async (_, [method, path, auth, status]) => {
    const res = await harbor.call(method, path, { auth });
    expect(res.status).toBe(status);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const text = await res.text();
    const json = (res.headers.get("content-type") ?? "").includes("json");
    const body = json ? JSON.parse(text) : text;
    const check = checkResponse(method, path, status, res.headers, body);
    expect(check.errors).toEqual([]);
    if (status >= 400) {
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(text.endsWith("}\n")).toBe(true);
    }
  });

  it("validates the digest-addressed artifact and the Errors envelope on 404 by digest", async () => {
    for (const [ref, status] of [
      [digest, 200],
      [`sha256:${"0".repeat(64)}`, 404],
    ] as const) {
      const res = await harbor.get(`${ART}/${ref}?with_scan_overview=true`, { auth: ALICE });
      expect(res.status).toBe(status);
      expect(checkResponse("GET", `${ART}/${ref}`, status, res.headers, await res.json()).errors).toEqual([]);
    }
  });

  it("policy writes: POST 201 with Location and no body, PUT/DELETE 200 with no body", async () => {
    const body = { name: "tmp", event_types: ["PULL_ARTIFACT"], targets: [{ type: "http", address: "http://h.example" }] };
    const created = await harbor.call("POST", `${API}/projects/team-a/webhook/policies`, { auth: ADMIN, body });
    expect(checkResponse("POST", `${API}/projects/team-a/webhook/policies`, 201, created.headers, undefined).errors).toEqual([]);
    expect(await created.text()).toBe("");
    const location = created.headers.get("location")!;
    const put = await harbor.call("PUT", location, { auth: ADMIN, body: { ...body, enabled: true } });
    expect(put.status).toBe(200);
    expect(declaredResponse("PUT", location, 200)?.schema).toBeUndefined();
    expect((await harbor.call("DELETE", location, { auth: ADMIN })).status).toBe(200);
    expect((await harbor.get(location, { auth: ADMIN })).status).toBe(404);
  });
});

describe("the spec patches are what make real-shaped bodies pass", () => {
  it("rejects a repository without artifact_count (x-omitempty:false → required)", () => {
    const repo = { id: 1, name: "p/r", project_id: 1, pull_count: 0 };
    expect(checkResponse("GET", `${API}/repositories`, 200, new Headers({ "x-total-count": "1" }), [repo]).ok).toBe(false);
  });

  it("accepts null tags but not a string", () => {
    const headers = new Headers({ "x-total-count": "1" });
    expect(checkResponse("GET", ART, 200, headers, [{ id: 1, tags: null, labels: null, references: null, accessories: null }]).ok).toBe(true);
    expect(checkResponse("GET", ART, 200, headers, [{ id: 1, tags: "x" }]).ok).toBe(false);
  });

  it("requires X-Total-Count on lists", () => {
    expect(checkResponse("GET", `${API}/repositories`, 200, new Headers(), []).errors).toEqual(["missing header X-Total-Count"]);
  });
});
