import { beforeEach, describe, expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { ALL_PULL_REQUESTS, credentials, expected, iso, libs, seed, T0 } from "../../fixtures/bitbucket/server.ts";
import defaultConfig from "../../../plugins/bitbucket-gitops/defaults/port-app-config.yml?raw";
import { pageLimit } from "../../../src/sync/cpu.ts";
import { LIST_LIMIT } from "../../../plugins/bitbucket-gitops/paging.ts";
import { entities, errors, harness, identifiers, PLUGIN, resyncAgain, runCycle, type Harness } from "./support.ts";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness(seed);
});

const KINDS = Object.keys(expected) as (keyof typeof expected)[];

async function catalog() {
  return Object.fromEntries(await Promise.all(KINDS.map(async (b) => [b, await identifiers(h.port, b)])));
}

const only = (yaml: string) => `resources:\n${yaml}`;

describe("Bitbucket's own kinds with the default mapping", () => {
  it("lands exactly the projects, users, repositories (same slug in two projects) and open pull requests, paged, with relations", async () => {
    const env = h.env();
    await runCycle(env);
    expect(await catalog()).toEqual(expected);

    const repos = await entities(h.port, "bitbucketRepository");
    expect(repos.find((e) => e.identifier === "PAY/api")).toMatchObject({
      title: "Payments API",
      properties: { slug: "api", state: "AVAILABLE", archived: false, public: false, link: `${h.bitbucket.url}/projects/PAY/repos/api/browse` },
      relations: { project: "PAY" },
    });
    expect(repos.find((e) => e.identifier === "PLAT/api")).toMatchObject({ title: "API", properties: { description: "The platform API" }, relations: { project: "PLAT" } });

    const pulls = await entities(h.port, "bitbucketPullRequest");
    expect(pulls.find((e) => e.identifier === "PLAT/web/1")).toMatchObject({
      title: "Dark mode",
      properties: {
        number: 1,
        state: "OPEN",
        draft: false,
        description: "Adds a dark theme",
        source: "feature/dark",
        destination: "main",
        createdAt: iso(T0),
        updatedAt: iso(T0 + 3_600_000),
        closedAt: null,
        approvedBy: ["bob"],
        link: `${h.bitbucket.url}/projects/PLAT/repos/web/pull-requests/1`,
      },
      relations: { repository: "PLAT/web", author: "alice", reviewers: ["bob", "carol"], participants: ["dev-01"] },
    });
    expect(pulls.find((e) => e.identifier === "PAY/api/1")).toMatchObject({ title: "Refunds", relations: { repository: "PAY/api", author: "bob", reviewers: ["alice"] } });
    expect(pulls.find((e) => e.identifier === "PLAT/api/1")).toMatchObject({ title: "API change 1", relations: { repository: "PLAT/api" } });

    const users = await entities(h.port, "bitbucketUser");
    expect(users.find((e) => e.identifier === "alice")).toMatchObject({
      title: "Alice Archer",
      properties: { username: "alice", email: "alice@example.com", active: true, link: `${h.bitbucket.url}/users/alice` },
    });

    const requests = await h.bitbucket.requests();
    const query = (r: { query: string }) => Object.fromEntries(new URLSearchParams(r.query));
    // 27 open pull requests into PLAT/api at 25 a page, newest first, OPEN only.
    const apiPulls = requests.filter((r) => r.path.endsWith("/projects/PLAT/repos/api/pull-requests")).map(query);
    expect(apiPulls).toEqual([
      { state: "OPEN", order: "NEWEST", start: "0", limit: "25" },
      { state: "OPEN", order: "NEWEST", start: "25", limit: "25" },
    ]);
    // One pull request listing per repository that has none: nothing more.
    expect(requests.filter((r) => r.path.endsWith(`/repos/${libs[0]}/pull-requests`))).toHaveLength(1);
    expect(requests.filter((r) => r.path.endsWith("/users")).map((r) => query(r).start)).toEqual(["0", "25"]);

    const s = (await status(env)).plugins[PLUGIN];
    expect(s.errors).toEqual([]);
    expect(s.lastCycle.resources.map((r: any) => [r.kind, r.status])).toEqual([
      ["file", "done"],
      ["project", "done"],
      ["user", "done"],
      ["repository", "done"],
      ["pull-request", "done"],
    ]);
  });

  it("lists users, projects and repositories in pages the free plan's CPU budget sizes, and still lands them all", async () => {
    const env = h.env({ RESYNC_CPU_BUDGET_MS: "10", RESYNC_SUBREQUEST_BUDGET: "45" });
    await h.bitbucket.clearRequests();
    await runCycle(env);
    expect(await catalog()).toEqual(expected);
    const limit = String(pageLimit(10, LIST_LIMIT));
    const listings = (await h.bitbucket.requests()).filter((r) => /^\/rest\/api\/1\.0\/(users|projects|projects\/[^/]+\/repos)$/.test(r.path));
    const asked = (path: RegExp) => listings.filter((r) => path.test(r.path)).map((r) => new URLSearchParams(r.query).get("limit"));
    expect(new Set(asked(/\/users$/))).toEqual(new Set([limit]));
    // The kinds list at the page's size; walks that only look up where to read files or pull
    // requests next ask LIST_LIMIT at a time.
    expect(asked(/\/repos$/)).toEqual(expect.arrayContaining([limit, String(LIST_LIMIT)]));
    expect(asked(/\/projects$/)).toEqual(expect.arrayContaining([limit, String(LIST_LIMIT)]));
  });

  it("lists every state with state: ALL, newest first and no more than BITBUCKET_PULL_REQUEST_LIMIT per repository", async () => {
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: ALL_PULL_REQUESTS, BITBUCKET_PULL_REQUEST_LIMIT: "4" });
    await runCycle(env);
    const pulls = await entities(h.port, "bitbucketPullRequest");
    expect(pulls.map((e) => e.identifier).sort()).toEqual(["PAY/api/1", "PAY/ledger/1", "PLAT/api/27", "PLAT/api/28", "PLAT/api/29", "PLAT/api/30", "PLAT/web/1"]);
    expect(pulls.find((e) => e.identifier === "PLAT/api/29").properties).toEqual({ state: "DECLINED", closedAt: iso(T0 + 29 * 60_000 + 45_000) });
    expect(pulls.find((e) => e.identifier === "PAY/ledger/1").properties.state).toBe("MERGED");
    // Four of PLAT/api's thirty: one page, never the older ones.
    const listed = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/projects/PLAT/repos/api/pull-requests"));
    expect(listed.map((r) => new URLSearchParams(r.query).get("state"))).toEqual(["ALL"]);
  });

  it("applies Ocean's projects and projectFilterRegex selectors and BITBUCKET_PROJECTS_FILTER to every kind", async () => {
    const config = only(`  - kind: project
    selector:
      query: "true"
      projectFilterRegex: "PA"
    port:
      entity:
        mappings:
          identifier: .key
          title: .name
          blueprint: '"bitbucketProject"'
  - kind: repository
    selector:
      query: "true"
      projects: [PAY]
    port:
      entity:
        mappings:
          identifier: .project.key + "/" + .slug
          title: .name
          blueprint: '"bitbucketRepository"'
  - kind: pull-request
    selector:
      query: "true"
      projectFilterRegex: "^PL"
    port:
      entity:
        mappings:
          identifier: .toRef.repository.project.key + "/" + .toRef.repository.slug + "/" + (.id | tostring)
          title: .title
          blueprint: '"bitbucketPullRequest"'
`);
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: config });
    await runCycle(env);
    // re.match semantics: "PA" matches at the start of PAY only.
    expect(await identifiers(h.port, "bitbucketProject")).toEqual(["PAY"]);
    expect(await identifiers(h.port, "bitbucketRepository")).toEqual(["PAY/api", "PAY/ledger"]);
    expect((await identifiers(h.port, "bitbucketPullRequest")).every((id) => id.startsWith("PLAT/"))).toBe(true);
    // A named project is read directly: the repository kind never lists PLAT, the pull requests' walk does (two pages).
    const starts = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/projects/PLAT/repos")).map((r) => new URLSearchParams(r.query).get("start"));
    expect(starts).toEqual(["0", "25"]);

    // BITBUCKET_PROJECTS_FILTER narrows every kind further: nothing of PAY is read again.
    await h.bitbucket.clearRequests();
    await resyncAgain(h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: config, BITBUCKET_PROJECTS_FILTER: "plat" }));
    const read = (await h.bitbucket.requests()).map((r) => r.path);
    expect(read.some((p) => p.includes("/projects/PAY"))).toBe(false);
    expect(read.some((p) => p.endsWith("/projects"))).toBe(false);
    expect(read.filter((p) => p.endsWith("/projects/PLAT/repos/api/pull-requests"))).toHaveLength(2);
  });

  it("refuses a selector that is not Ocean's, naming the kind and the field", async () => {
    const config = only(`  - kind: pull-request
    selector:
      query: "true"
      state: CLOSED
    port:
      entity:
        mappings:
          identifier: .title
          title: .title
          blueprint: '"bitbucketPullRequest"'
`);
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: config });
    await tick(env);
    const s = (await status(env)).plugins[PLUGIN];
    // Refused with the mapping, as a jq error is: no cycle runs with it.
    expect(s.lastCycle).toBeNull();
    expect(s.mapping.refused.error).toContain("resources[0].selector.state of kind pull-request: must be one of ALL, OPEN, MERGED, DECLINED");
    expect(JSON.stringify(s.errors)).toContain("selector.state of kind pull-request: must be one of ALL, OPEN, MERGED, DECLINED");
  });
});

describe("Ocean's settings", () => {
  it("runs on Ocean's bitbucket-server setting names alone", async () => {
    const env = h.env({
      BITBUCKET_HOST: "",
      BITBUCKET_USERNAME: "",
      BITBUCKET_PASSWORD: "",
      OCEAN__INTEGRATION__CONFIG__BITBUCKET_BASE_URL: h.bitbucket.url,
      OCEAN__INTEGRATION__CONFIG__BITBUCKET_USERNAME: credentials.user.username,
      OCEAN__INTEGRATION__CONFIG__BITBUCKET_PASSWORD: credentials.user.password,
    });
    await runCycle(env);
    expect(await identifiers(h.port, "bitbucketProject")).toEqual(expected.bitbucketProject);
  });
});

describe("deletion after a complete cycle", () => {
  it("deletes a deleted repository's entity, its pull requests and its GitOps entities; a deleted project's; a closed pull request", async () => {
    const env = h.env();
    await runCycle(env);
    // Silent on DC: no event for a deleted repository or project; a merge not delivered here.
    await h.bitbucket.action("delete-repo", { project: "PLAT", repo: "web" });
    await h.bitbucket.action("delete-project", { project: "PAY" });
    await h.bitbucket.action("pull-request", { project: "PLAT", repo: "api", event: "merged", id: 27, deliver: "return" });
    expect(await catalog()).toEqual(expected);

    await resyncAgain(env);
    expect(await catalog()).toEqual({
      bitbucketProject: ["PLAT"],
      bitbucketRepository: expected.bitbucketRepository.filter((id) => id.startsWith("PLAT/") && id !== "PLAT/web"),
      bitbucketPullRequest: expected.bitbucketPullRequest.filter((id) => id.startsWith("PLAT/api/") && id !== "PLAT/api/27"),
      bitbucketUser: expected.bitbucketUser,
      service: expected.service.filter((id) => id !== "web"),
    });
  });

  it("keeps a repository's pull requests when listing them fails, and deletes nothing after a failed listing", async () => {
    const env = h.env();
    await runCycle(env);
    await h.bitbucket.action("pull-request", { project: "PLAT", repo: "web", event: "declined", id: 1, deliver: "return" });
    // Every pull request listing of PLAT/api now fails; PLAT/web's still works.
    await h.bitbucket.faults([{ method: "GET", path: "/projects/PLAT/repos/api/pull-requests$", status: 500 }]);
    await resyncAgain(env);
    const ids = await identifiers(h.port, "bitbucketPullRequest");
    expect(ids).toEqual(expected.bitbucketPullRequest.filter((id) => id !== "PLAT/web/1"));
    const errors = (await status(env)).plugins[PLUGIN].errors.map((e: any) => e.message);
    expect(errors).toContainEqual(expect.stringMatching(/^PLAT\/api: listing its pull requests failed: .*its pull requests are kept$/));
  });
});

describe("relation targets Port created for another kind of this deployment", () => {
  /** The default mapping's resources of `kinds`, in its order. */
  const defaultResources = (kinds: string[]) => {
    const [head, ...resources] = defaultConfig.split(/\n(?=  - kind: )/);
    return [head!.slice(head!.indexOf("resources:")), ...resources.filter((r) => kinds.some((k) => r.startsWith(`  - kind: ${k}\n`)))].join("\n");
  };

  it("are taken over by the kind that declares them: the users pull requests named get their properties, no conflict", async () => {
    const first = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: defaultResources(["pull-request"]) });
    await runCycle(first);
    // Port made the authors, reviewers and participants as bare placeholders, under the pull-request kind's User-Agent.
    expect((await entities(h.port, "bitbucketUser")).find((e) => e.identifier === "alice")).toMatchObject({ properties: {} });

    const env = { ...first, BITBUCKET_GITOPS_PORT_APP_CONFIG: defaultResources(["user", "pull-request"]) };
    await resyncAgain(env);
    await resyncAgain(env);
    console.log("DEBUG", JSON.stringify((await h.port.requests()).filter((r: any) => r.path.endsWith("/search")).slice(-1), null, 1).slice(0, 5000), JSON.stringify((await entities(h.port, "bitbucketPullRequest"))[0]));
    const users = await entities(h.port, "bitbucketUser");
    expect(users.map((e) => e.identifier).sort()).toEqual(expected.bitbucketUser);
    expect(users.find((e) => e.identifier === "alice")).toMatchObject({ title: "Alice Archer", properties: { email: "alice@example.com" } });
    expect(users.every((e) => e.datasource.endsWith("/user/gitops"))).toBe(true);
    expect(await errors(env)).toEqual([]);
  });
});

describe("conflicts between Bitbucket objects", () => {
  it("name the objects, and with Ocean's `.slug` identifiers the same repository keeps a shared slug, cycle after cycle", async () => {
    const env = h.env({
      BITBUCKET_GITOPS_PORT_APP_CONFIG: only(`  - kind: repository
    selector:
      query: "true"
    port:
      entity:
        mappings:
          identifier: .slug
          title: .name
          blueprint: '"bitbucketRepository"'
`),
    });
    // The first cycle writes both; reconciling it settles which one keeps the slug from then on.
    await runCycle(env);
    await resyncAgain(env);
    const keeper = (await entities(h.port, "bitbucketRepository")).find((e) => e.identifier === "api").title;
    for (let cycle = 0; cycle < 2; cycle++) await resyncAgain(env);
    expect((await entities(h.port, "bitbucketRepository")).find((e) => e.identifier === "api").title).toBe(keeper);

    const [kept, other] = keeper === "API" ? ["PLAT/api", "PAY/api"] : ["PAY/api", "PLAT/api"];
    const s = (await status(env)).plugins[PLUGIN];
    expect(s.conflicts).toEqual([expect.objectContaining({ kind: "repository", identifier: "api", keptBy: kept, alsoDeclaredBy: [other] })]);
    expect(s.errors.map((e: any) => e.message)).toContainEqual(`conflict: ${other} declares bitbucketRepository "api", which ${kept} declared first; ${kept} keeps it`);
  });
});
