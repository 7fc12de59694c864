import { beforeEach, describe, expect, it } from "vitest";
import { status } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, digests, expected } from "../../fixtures/harbor/realistic.ts";
import { entities, harness, identifiers, lastCycle, resyncAgain, runCycle, type Harness } from "./support.ts";

const GENERIC = "application/vnd.security.vulnerability.report; version=1.1";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness();
});

async function catalog() {
  return {
    projects: await identifiers(h.port, "harborProject"),
    users: await identifiers(h.port, "harborUser"),
    repositories: await identifiers(h.port, "harborRepository"),
    artifacts: await identifiers(h.port, "harborArtifact"),
  };
}

describe("a full resync as admin", () => {
  it("creates the four blueprints and exactly the expected entities", async () => {
    const env = h.env(credentials.admin);
    await runCycle(env);

    const state = await h.port.state();
    expect(state.blueprints.map((b: any) => b.identifier).sort()).toEqual([
      "harborArtifact",
      "harborProject",
      "harborRepository",
      "harborUser",
    ]);
    expect(await catalog()).toEqual(expected);
    const kinds = await lastCycle(env);
    for (const kind of ["project", "user", "repository", "artifact"]) expect(kinds[kind]).toMatchObject({ status: "done", failed: 0 });
  });

  it("maps names into identifiers and relations, one entity per repository for a promoted digest", async () => {
    await runCycle(h.env(credentials.admin));
    const artifacts = await entities(h.port, "harborArtifact");
    const promoted = artifacts.filter((e) => e.properties.digest === digests.promoted);
    expect(promoted.map((e) => [e.identifier, e.title, e.relations])).toEqual(
      expect.arrayContaining([
        [
          `team-a/service/api@${digests.promoted}`,
          "team-a/service/api:v1.0.0",
          { repository: "team-a/service/api", project: "team-a" },
        ],
        [
          `prod-payments/api@${digests.promoted}`,
          "prod-payments/api:release",
          { repository: "prod-payments/api", project: "prod-payments" },
        ],
      ]),
    );
    expect(promoted).toHaveLength(2);

    const untagged = artifacts.find((e) => e.identifier === `team-a/service/api@${digests.apiUntagged}`);
    expect(untagged).toMatchObject({
      title: `team-a/service/api@${digests.apiUntagged.slice(7, 19)}`,
      properties: { tags: [], pullTime: null, scanOverview: null, severity: null },
    });

    const nginx = artifacts.find((e) => e.identifier === `library/nginx@${digests.nginxLatest}`);
    expect(nginx.properties).toMatchObject({
      tags: ["latest", "1.25"],
      type: "IMAGE",
      pullTime: "2024-06-03T10:00:00.000Z",
      scanStatus: "Success",
      severity: "Critical",
      vulnerabilities: 3,
    });
    expect(Object.keys(nginx.properties.scanOverview)).toEqual([GENERIC]);
    const redis = artifacts.find((e) => e.identifier === `library/redis@${digests.redis}`);
    expect(redis.properties).toMatchObject({ scanStatus: "Error", severity: null, vulnerabilities: null });

    const repos = await entities(h.port, "harborRepository");
    expect(repos.find((e) => e.identifier === "team-a/service/api")).toMatchObject({
      relations: { project: "team-a" },
      properties: { name: "team-a/service/api", artifactCount: 2 },
    });
    const projects = await entities(h.port, "harborProject");
    expect(projects.find((e) => e.identifier === "library").properties).toMatchObject({ public: true, repoCount: 2, ownerName: "admin" });
    expect(projects.find((e) => e.identifier === "team-a").properties).toMatchObject({ public: false, repoCount: 3 });
    const users = await entities(h.port, "harborUser");
    expect(users.find((e) => e.identifier === "alice")).toMatchObject({
      title: "Alice Doe",
      properties: { email: "alice@example.com", admin: false },
    });
    expect(users.find((e) => e.identifier === "admin").properties.admin).toBe(true);
  });

  it("lists with page_size=100, a stable id order and artifacts per project", async () => {
    await runCycle(h.env(credentials.admin));
    const listings = (await h.harbor.requests()).filter((r) => r.method === "GET" && r.path !== "/api/v2.0/users/current");
    for (const r of listings) {
      const query = new URLSearchParams(r.query);
      expect(query.get("page_size")).toBe("100");
      expect(query.get("sort")).toMatch(/^(project_id|user_id|repository_id|id)$/);
    }
    const artifactListings = listings.filter((r) => r.path.endsWith("/artifacts"));
    // One listing per project with repositories: the empty sandbox project is never asked.
    expect(artifactListings.map((r) => r.path).sort()).toEqual([
      "/api/v2.0/projects/1/artifacts",
      "/api/v2.0/projects/2/artifacts",
      "/api/v2.0/projects/3/artifacts",
      "/api/v2.0/projects/4/artifacts",
    ]);
    for (const r of artifactListings) {
      expect(r.headers["x-accept-vulnerabilities"]).toMatch(/^application\/vnd\.security\.vulnerability\.report; version=1\.1/);
      expect(new URLSearchParams(r.query).get("with_scan_overview")).toBe("true");
    }
  });
});

describe("items as Harbor returned them", () => {
  it("hands null tags, labels and references to the mapping as null, as Ocean's mappings see them", async () => {
    const config = `resources:
  - kind: artifact
    selector: {query: "true", withTag: true}
    port:
      entity:
        mappings:
          identifier: .repository_name + "@" + .digest
          blueprint: '"harborArtifact"'
          properties:
            type: .labels | type
            scanStatus: .tags | type
            digest: .references | tojson
`;
    await runCycle(h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: config }));
    const artifacts = await entities(h.port, "harborArtifact");
    const untagged = artifacts.find((e) => e.identifier === `team-a/service/api@${digests.apiUntagged}`);
    expect(untagged.properties).toEqual({ type: "null", scanStatus: "null", digest: "null" });
    const nginx = artifacts.find((e) => e.identifier === `library/nginx@${digests.nginxLatest}`);
    expect(nginx.properties.scanStatus).toBe("array");
  });
});

describe("credentials", () => {
  it("a robot without user rights syncs everything else and reports users as unavailable", async () => {
    const env = h.env(credentials.robot);
    await runCycle(env);
    const all = await catalog();
    expect(all).toEqual({ ...expected, users: [] });
    const kinds = await lastCycle(env);
    expect(kinds.user.status).toBe("unavailable");
    expect(kinds.user.error).toMatch(/may not list users \(403\)/);
    for (const kind of ["project", "repository", "artifact"]) expect(kinds[kind].status).toBe("done");
  });

  it("a robot with user:list syncs users too", async () => {
    const env = h.env(credentials.robotWithUsers);
    await runCycle(env);
    expect(await catalog()).toEqual(expected);
  });

  it("a wrong password fails every kind instead of syncing the public projects Harbor shows anonymously", async () => {
    const env = h.env({ username: "admin", password: "Harbor1234" });
    await runCycle(env);
    expect(await catalog()).toEqual({ projects: [], users: [], repositories: [], artifacts: [] });
    const kinds = await lastCycle(env);
    for (const kind of ["project", "user", "repository", "artifact"]) {
      expect(kinds[kind].status).toBe("failed");
      expect(kinds[kind].error).toMatch(/does not accept HARBOR_USERNAME "admin"/);
    }
    expect(JSON.stringify(await status(env))).not.toContain("Harbor1234");
  });

  it("a wrong password after a good cycle deletes nothing", async () => {
    const good = h.env(credentials.admin);
    await runCycle(good);
    const bad = { ...good, HARBOR_PASSWORD: "not-the-password" };
    await resyncAgain(bad);
    expect(await catalog()).toEqual(expected);
  });

  it("a project member without admin rights sees her projects and no users", async () => {
    const env = h.env(credentials.alice);
    await runCycle(env);
    const all = await catalog();
    expect(all.projects).toEqual(["library", "prod-web", "team-a"]);
    expect(all.users).toEqual([]);
    expect((await lastCycle(env)).user.status).toBe("unavailable");
  });
});

describe("a failing listing", () => {
  it("fails its kind after retries and never counts as an empty listing", async () => {
    const env = h.env(credentials.admin);
    await runCycle(env);
    await h.harbor.faults([{ path: "^/api/v2.0/projects/3/artifacts$", status: 503 }]);
    await resyncAgain(env);

    const kinds = await lastCycle(env);
    expect(kinds.artifact.status).toBe("failed");
    expect(kinds.artifact.error).toMatch(/503/);
    for (const kind of ["project", "user", "repository"]) expect(kinds[kind].status).toBe("done");
    // Artifacts of the projects before and after the failing one stay, and nothing was deleted.
    expect(await catalog()).toEqual(expected);
    const retried = (await h.harbor.requests()).filter((r) => r.path === "/api/v2.0/projects/3/artifacts");
    expect(retried.length).toBeGreaterThan(1);
  });

  it.each([401, 403, 404])("fails the kind on %i", async (code) => {
    const env = h.env(credentials.admin);
    await h.harbor.faults([{ path: "/repositories$", status: code }]);
    await runCycle(env);
    const kinds = await lastCycle(env);
    expect(kinds.repository).toMatchObject({ status: "failed", error: expect.stringContaining(String(code)) });
    expect(kinds.artifact.status).toBe("done");
  });
});
