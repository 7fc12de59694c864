import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, SAMPLE, startHarbor, type Harbor } from "./harness.ts";

const API = "/api/v2.0";
const ALICE: [string, string] = ["alice", "alice-pw"];
const REPO = `${API}/projects/team-a/repositories/service%252Fapi`;
const GENERIC = "application/vnd.security.vulnerability.report; version=1.1";
const NATIVE = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";

let harbor: Harbor;
const json = async (res: Response) => (await res.json()) as any;

beforeAll(async () => {
  harbor = await startHarbor({
    seed: {
      ...SAMPLE,
      projects: [
        ...SAMPLE.projects!,
        { name: "many", public: true, repositories: Array.from({ length: 23 }, (_, i) => ({ name: `many/r${i}` })) },
      ],
    },
  });
});

afterAll(() => harbor.close());

describe("paging", () => {
  it("defaults to page 1 of 10, always sends X-Total-Count and a relative, ' , '-joined Link", async () => {
    const first = await harbor.get(`${API}/projects/many/repositories`);
    expect((await json(first)).length).toBe(10);
    expect(first.headers.get("x-total-count")).toBe("23");
    expect(first.headers.get("link")).toBe('</api/v2.0/projects/many/repositories?page=2&page_size=10>; rel="next"');
    const middle = await harbor.get(`${API}/projects/many/repositories?sort=name&page=2&page_size=10`);
    expect(middle.headers.get("link")).toBe(
      '</api/v2.0/projects/many/repositories?page=1&page_size=10&sort=name>; rel="prev" , </api/v2.0/projects/many/repositories?page=3&page_size=10&sort=name>; rel="next"',
    );
    const last = await harbor.get(`${API}/projects/many/repositories?page=3`);
    expect((await json(last)).length).toBe(3);
    expect(last.headers.get("link")).toBe('</api/v2.0/projects/many/repositories?page=2&page_size=10>; rel="prev"');
  });

  it("omits Link when there is neither a previous nor a next page, but keeps X-Total-Count: 0", async () => {
    const res = await harbor.get(`${API}/projects/team-b/repositories`, { auth: ADMIN });
    expect(await json(res)).toEqual([]);
    expect(res.headers.get("x-total-count")).toBe("0");
    expect(res.headers.has("link")).toBe(false);
  });

  it("keeps the query unescaped in Link, as Harbor does", async () => {
    const res = await harbor.get(`${API}/projects/many/repositories?q=name%3D~many%2Fr&page_size=5`);
    expect(res.headers.get("link")).toBe('</api/v2.0/projects/many/repositories?page=2&page_size=5&q=name=~many/r>; rel="next"');
  });

  it("rejects page_size over 100 with Harbor's exact 422 envelope", async () => {
    const res = await harbor.get(`${API}/repositories?page_size=101`);
    expect(res.status).toBe(422);
    expect(await res.text()).toBe(
      '{"errors":[{"code":"UNPROCESSABLE_ENTITY","message":"validation failure list:\\npage_size in query should be less than or equal to 100"}]}\n',
    );
    expect((await harbor.get(`${API}/repositories?page_size=100`)).status).toBe(200);
    expect((await harbor.get(`${API}/repositories?page=abc`)).status).toBe(422);
  });
});

describe("q and sort", () => {
  const names = async (path: string) => (await json(await harbor.get(path, { auth: ADMIN }))).map((r: { name: string }) => r.name);

  it("lists repositories newest first by default, and sorts by column names", async () => {
    const byDefault = await names(`${API}/projects/many/repositories?page_size=3`);
    expect(byDefault).toEqual(["many/r22", "many/r21", "many/r20"]);
    expect(await names(`${API}/projects/many/repositories?page_size=3&sort=repository_id`)).toEqual(["many/r0", "many/r1", "many/r2"]);
    expect(await names(`${API}/projects/many/repositories?page_size=3&sort=-name`)).toEqual(["many/r9", "many/r8", "many/r7"]);
  });

  it("ignores unknown sort keys and unknown q keys silently (repositories have no `id` column)", async () => {
    const byDefault = await names(`${API}/projects/many/repositories?page_size=3`);
    expect(await names(`${API}/projects/many/repositories?page_size=3&sort=id,bogus`)).toEqual(byDefault);
    expect(await names(`${API}/projects/many/repositories?page_size=3&q=bogus%3D1`)).toEqual(byDefault);
  });

  it("supports exact, fuzzy, range (open-ended too), or-lists", async () => {
    const state = await harbor.state();
    const ids: number[] = state.projects.find((p: any) => p.name === "many").repositories.map((r: any) => r.id);
    expect(await names(`${API}/projects/many/repositories?q=name%3Dmany%2Fr3`)).toEqual(["many/r3"]);
    expect(await names(`${API}/projects/many/repositories?q=name%3D~R2&sort=name`)).toEqual(["many/r2", "many/r20", "many/r21", "many/r22"]);
    expect(await names(`${API}/projects/many/repositories?q=repository_id%3D%5B${ids[20]}~%5D&sort=repository_id`)).toEqual(["many/r20", "many/r21", "many/r22"]);
    expect(await names(`${API}/projects/many/repositories?q=repository_id%3D%5B${ids[1]}~${ids[2]}%5D&sort=repository_id`)).toEqual(["many/r1", "many/r2"]);
    expect(await names(`${API}/projects/many/repositories?q=repository_id%3D%7B${ids[4]}%20${ids[7]}%7D&sort=repository_id`)).toEqual(["many/r4", "many/r7"]);
  });

  it("answers a malformed q with 400", async () => {
    const res = await harbor.get(`${API}/repositories?q=name`);
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].code).toBe("BAD_REQUEST");
  });

  it("filters artifacts by tags=*, tags=nil and fuzzy tags, hiding untagged index children unless base=*", async () => {
    const digests = async (q: string) => (await json(await harbor.get(`${REPO}/artifacts?q=${q}`, { auth: ADMIN }))).map((a: any) => a.tags?.[0]?.name ?? null);
    expect(await digests("tags%3D*")).toEqual(["0.1.0", "multi", "1.4.1", "1.4.2"]);
    expect(await digests("tags%3Dnil")).toEqual([]);
    expect((await digests("tags%3Dnil%2Cbase%3D*")).length).toBe(2);
    expect(await digests("tags%3D~1.4")).toEqual(["1.4.1", "1.4.2"]);
  });
});

describe("repository names in paths", () => {
  it("needs the slash double-encoded; single encoding is a 404 for the whole path", async () => {
    expect((await harbor.get(`${REPO}/artifacts`, { auth: ADMIN })).status).toBe(200);
    const single = await harbor.get(`${API}/projects/team-a/repositories/service%2Fapi/artifacts`, { auth: ADMIN });
    expect(single.status).toBe(404);
    expect(await json(single)).toEqual({
      errors: [{ code: "NOT_FOUND", message: "path /api/v2.0/projects/team-a/repositories/service/api/artifacts was not found" }],
    });
  });

  it("lists an unknown (or triple-encoded) repository as 200 [] with X-Total-Count 0", async () => {
    for (const name of ["nope", "service%25252Fapi"]) {
      const res = await harbor.get(`${API}/projects/team-a/repositories/${name}/artifacts`, { auth: ADMIN });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual([]);
      expect(res.headers.get("x-total-count")).toBe("0");
    }
  });
});

describe("authentication", () => {
  it("falls back to anonymous on bad credentials: public projects only, 401 where login is needed", async () => {
    const projects = await json(await harbor.get(`${API}/projects`, { auth: ["admin", "typo"] }));
    expect(projects.map((p: { name: string }) => p.name)).toEqual(["library", "many"]);
    const users = await harbor.get(`${API}/users`, { auth: ["admin", "typo"] });
    expect(users.status).toBe(401);
    expect(await json(users)).toEqual({ errors: [{ code: "UNAUTHORIZED", message: "unauthorized" }] });
  });

  it("shows members their private projects with their role, and hides the others", async () => {
    const projects = await json(await harbor.get(`${API}/projects?name=team`, { auth: ALICE }));
    expect(projects.map((p: any) => [p.name, p.current_user_role_ids])).toEqual([["team-a", [2]]]);
  });

  it("403 for non-admins and robots without user:list on /users, 200 with it; 412 for robots on /users/current", async () => {
    expect((await harbor.get(`${API}/users`, { auth: ALICE })).status).toBe(403);
    expect((await harbor.get(`${API}/users`, { auth: ["robot$reader", "reader-secret"] })).status).toBe(403);
    expect((await harbor.get(`${API}/users`, { auth: ["robot$sync", "robot-secret"] })).status).toBe(200);
    const current = await harbor.get(`${API}/users/current`, { auth: ["robot$sync", "robot-secret"] });
    expect(current.status).toBe(412);
    expect((await json(current)).errors[0].code).toBe("PRECONDITION");
  });

  it("lets a project robot read its own project only", async () => {
    const robot: [string, string] = ["robot$team-a+ci", "ci-secret"];
    expect((await harbor.get(`${REPO}/artifacts`, { auth: robot })).status).toBe(200);
    expect((await harbor.get(`${API}/projects/team-b/repositories`, { auth: robot })).status).toBe(403);
    const names = (await json(await harbor.get(`${API}/projects`, { auth: robot }))).map((p: any) => p.name);
    expect(names).toEqual(["library", "many", "team-a"]);
  });

  it("ignores cookies and always answers with an X-Request-Id, echoing the caller's", async () => {
    const res = await harbor.get(`${API}/projects`, { headers: { "x-request-id": "req-1", cookie: "sid=abc" } });
    expect(res.headers.get("x-request-id")).toBe("req-1");
    expect(res.headers.has("set-cookie")).toBe(false);
  });
});

describe("models", () => {
  it("projects carry string metadata and repo_count", async () => {
    const p = await json(await harbor.get(`${API}/projects/team-a`, { auth: ADMIN }));
    expect(p.metadata).toEqual({ public: "false", auto_scan: "true" });
    expect(p.repo_count).toBe(2);
    const byId = await harbor.get(`${API}/projects/${p.project_id}`, { auth: ADMIN });
    expect((await json(byId)).name).toBe("team-a");
  });

  it("reads a numeric project name as a name with X-Is-Resource-Name", async () => {
    const res = await harbor.get(`${API}/projects/2`, { auth: ADMIN, headers: { "x-is-resource-name": "true" } });
    expect(res.status).toBe(404);
    expect((await json(res)).errors[0].message).toBe("project 2 not found");
  });

  it("repositories omit an empty description but always carry artifact_count and pull_count", async () => {
    const repos = await json(await harbor.get(`${API}/repositories?sort=repository_id`, { auth: ADMIN }));
    expect(repos[0]).toMatchObject({ name: "library/nginx", description: "web server", artifact_count: 2, pull_count: 0 });
    expect("description" in repos[1]).toBe(false);
  });

  it("artifacts: null arrays, zero pull_time, ms timestamps; tags only with with_tag", async () => {
    const a = await json(await harbor.get(`${REPO}/artifacts/1.4.2`, { auth: ADMIN }));
    expect(a).toMatchObject({ labels: null, references: null, accessories: null, pull_time: "0001-01-01T00:00:00.000Z", repository_name: "team-a/service/api" });
    expect(a.push_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(a.tags.map((t: any) => t.name)).toEqual(["1.4.2"]);
    expect("scan_overview" in a).toBe(false);
    expect((await json(await harbor.get(`${REPO}/artifacts/1.4.2?with_tag=false`, { auth: ADMIN }))).tags).toBeNull();
    const index = await json(await harbor.get(`${REPO}/artifacts/multi`, { auth: ADMIN }));
    expect(index.references.map((r: any) => r.platform.architecture)).toEqual(["amd64", "arm64"]);
  });

  it("keys scan_overview by the first accepted MIME type that has a report", async () => {
    const get = async (accept?: string) =>
      (await json(await harbor.get(`${REPO}/artifacts/1.4.2?with_scan_overview=true`, { auth: ADMIN, headers: accept ? { "x-accept-vulnerabilities": accept } : {} }))).scan_overview;
    const byDefault = await get();
    expect(Object.keys(byDefault)).toEqual([GENERIC]);
    expect(byDefault[GENERIC]).toMatchObject({ scan_status: "Success", severity: "Critical", summary: { total: 23, fixable: 9, summary: { Critical: 1, High: 4, Low: 11, Medium: 6, Unknown: 1 } } });
    expect(Object.keys(await get(`${NATIVE}, ${GENERIC}`))).toEqual([GENERIC]);
    // Unknown types fall back to native 1.0, for which this scanner wrote no report.
    expect(await get("application/x-unknown")).toBeUndefined();
    const failed = (await json(await harbor.get(`${REPO}/artifacts/1.4.1?with_scan_overview=true`, { auth: ADMIN }))).scan_overview[GENERIC];
    expect(failed).toMatchObject({ scan_status: "Error", severity: "", summary: null, complete_percent: 0 });
    const chart = await json(await harbor.get(`${REPO}/artifacts/0.1.0?with_scan_overview=true`, { auth: ADMIN }));
    expect("scan_overview" in chart).toBe(false);
  });

  it("finds artifacts by digest or tag, with Harbor's not-found messages", async () => {
    const a = await json(await harbor.get(`${REPO}/artifacts/1.4.2`, { auth: ADMIN }));
    expect((await json(await harbor.get(`${REPO}/artifacts/${a.digest}`, { auth: ADMIN }))).id).toBe(a.id);
    const missing = `sha256:${"a".repeat(64)}`;
    expect((await json(await harbor.get(`${REPO}/artifacts/${missing}`, { auth: ADMIN }))).errors[0].message).toBe(`artifact team-a/service/api@${missing} not found`);
    expect((await json(await harbor.get(`${REPO}/artifacts/9.9`, { auth: ADMIN }))).errors[0].message).toBe("artifact team-a/service/api:9.9 not found");
  });

  it("serves the vulnerability report under the MIME type that has it", async () => {
    const report = await json(await harbor.get(`${REPO}/artifacts/1.4.2/additions/vulnerabilities`, { auth: ADMIN }));
    expect(Object.keys(report)).toEqual([GENERIC]);
    expect(report[GENERIC].vulnerabilities).toHaveLength(23);
    expect(await json(await harbor.get(`${REPO}/artifacts/0.1.0/additions/vulnerabilities`, { auth: ADMIN }))).toEqual({});
  });

  it("answers unknown paths and wrong methods in the error envelope", async () => {
    expect((await harbor.get(`${API}/nothing`)).status).toBe(404);
    const res = await harbor.call("PATCH", `${API}/projects`);
    expect(res.status).toBe(405);
    expect((await json(res)).errors[0].code).toBe("METHOD_NOT_ALLOWED");
  });

  it("uses Harbor's envelope for injected faults", async () => {
    await fetch(`${harbor.url}/_fake/faults`, { method: "POST", body: JSON.stringify({ rules: [{ path: "^/api/v2.0/ping$", status: 429, times: 1 }, { path: "^/api/v2.0/ping$", status: 500, times: 1 }] }) });
    const limited = await harbor.get(`${API}/ping`);
    expect([limited.status, await json(limited)]).toEqual([429, { errors: [{ code: "TOO_MANY_REQUEST", message: "too many requests" }] }]);
    const broken = await harbor.get(`${API}/ping`);
    expect([broken.status, await json(broken)]).toEqual([500, { errors: [{ code: "UNKNOWN", message: "internal server error" }] }]);
    expect(await (await harbor.get(`${API}/ping`)).text()).toBe("Pong");
  });
});
