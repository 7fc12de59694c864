import { beforeEach, describe, expect, it } from "vitest";
import { clock } from "../../support/clock.ts";
import { credentials, digests } from "../../fixtures/harbor/realistic.ts";
import { status, tick } from "../../support/app.ts";
import { entities, harness, identifiers, lastCycle, runCycle, type Harness } from "./support.ts";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness();
});

const mappings: Record<string, string> = {
  project: `identifier: .name
          title: .name
          blueprint: '"harborProject"'`,
  repository: `identifier: .name
          title: .name
          blueprint: '"harborRepository"'`,
  artifact: `identifier: .repository_name + "@" + .digest
          title: .tags[0].name // (.digest | split(":")[1] | .[0:12])
          blueprint: '"harborArtifact"'
          properties:
            tags: '[.tags[]?.name] // []'
            scanOverview: .scan_overview`,
};

const blueprintOf: Record<string, string> = { project: "harborProject", repository: "harborRepository", artifact: "harborArtifact" };

/** Resync one kind with the given selector lines (YAML under `selector:`) and return what reached Port. */
async function sync(kind: string, selector: string): Promise<string[]> {
  const config = `resources:
  - kind: ${kind}
    selector:
      query: "true"
${selector
  .split("\n")
  .map((line) => `      ${line}`)
  .join("\n")}
    port:
      entity:
        mappings:
          ${mappings[kind]}
`;
  const env = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: config });
  await runCycle(env);
  const progress = (await lastCycle(env))[kind];
  expect(progress.status, progress.error).toBe("done");
  return identifiers(h.port, blueprintOf[kind]!);
}

const artifactIn = (repository: string, digest: string) => `${repository}@${digest}`;

describe("project selectors", () => {
  it.each([
    ["public: true", ["library", "prod-web"]],
    ["public: false", ["prod-payments", "sandbox", "team-a"]],
    ['name: "prod-*"', ["prod-payments", "prod-web"]],
    ['name: "team-?"', ["team-a"]],
    ['name: "*a*"', ["library", "prod-payments", "sandbox", "team-a"]],
    ['public: true\nname: "prod-*"', ["prod-web"]],
  ])("%s", async (selector, expected) => {
    expect(await sync("project", selector)).toEqual(expected);
  });

  it("lets Harbor narrow the listing with the glob's literal part", async () => {
    await sync("project", 'name: "prod-*"');
    const listings = (await h.harbor.requests()).filter((r) => r.path === "/api/v2.0/projects");
    expect(listings.map((r) => new URLSearchParams(r.query).get("name"))).toEqual(["prod-"]);
  });
});

describe("repository selectors", () => {
  it.each([
    ["projectName: team-a", ["team-a/charts/web", "team-a/service/api", "team-a/service/worker"]],
    ["nameContains: service", ["team-a/service/api", "team-a/service/worker"]],
    ["nameContains: api", ["prod-payments/api", "team-a/service/api"]],
    // The name inside the project: `service/api`, not `team-a/service/api`.
    ["nameStartsWith: api", ["prod-payments/api"]],
    ["nameStartsWith: service/w", ["team-a/service/worker"]],
    ["nameStartsWith: team-a", []],
    ["projectName: team-a\nnameContains: api", ["team-a/service/api"]],
    ["projectName: nowhere", []],
  ])("%s", async (selector, expected) => {
    expect(await sync("repository", selector)).toEqual(expected);
  });

  it("asks only the named project for its repositories", async () => {
    await sync("repository", "projectName: prod-payments");
    const listings = (await h.harbor.requests()).filter((r) => r.path.endsWith("/repositories"));
    expect(listings.map((r) => r.path)).toEqual(["/api/v2.0/projects/prod-payments/repositories"]);
  });
});

describe("artifact selectors", () => {
  it("tag keeps only artifacts carrying it", async () => {
    expect(await sync("artifact", "tag: latest")).toEqual([
      artifactIn("library/nginx", digests.nginxLatest),
      artifactIn("prod-web/frontend", digests.frontend),
    ]);
    const listings = (await h.harbor.requests()).filter((r) => r.path.endsWith("/artifacts"));
    for (const r of listings) expect(new URLSearchParams(r.query).get("q")).toMatch(/,tags=latest$/);
  });

  it("withScanOverview: false leaves scan results out", async () => {
    await sync("artifact", "withScanOverview: false");
    const nginx = (await entities(h.port, "harborArtifact")).find((e) => e.identifier === artifactIn("library/nginx", digests.nginxLatest));
    expect(nginx.properties.scanOverview).toBeNull();
    const listings = (await h.harbor.requests()).filter((r) => r.path.endsWith("/artifacts"));
    for (const r of listings) expect(new URLSearchParams(r.query).get("with_scan_overview")).toBe("false");
  });

  it("withTag: false leaves tags out, so titles fall back to the digest", async () => {
    await sync("artifact", "withTag: false");
    const nginx = (await entities(h.port, "harborArtifact")).find((e) => e.identifier === artifactIn("library/nginx", digests.nginxLatest));
    expect(nginx).toMatchObject({ title: digests.nginxLatest.slice(7, 19), properties: { tags: [] } });
    expect(Object.keys(nginx.properties.scanOverview)).toHaveLength(1);
  });

  it("scan overviews and tags are included by default", async () => {
    await sync("artifact", "");
    const nginx = (await entities(h.port, "harborArtifact")).find((e) => e.identifier === artifactIn("library/nginx", digests.nginxLatest));
    expect(nginx).toMatchObject({ title: "latest", properties: { tags: ["latest", "1.25"] } });
    expect(nginx.properties.scanOverview).not.toBeNull();
  });
});

/** A one-resource mapping of `kind` with these selector lines. */
const configWith = (kind: string, selector: string) => `resources:
  - kind: ${kind}
    selector:
      query: "true"
      ${selector}
    port:
      entity:
        mappings:
          ${mappings[kind]}
`;

describe("invalid selectors", () => {
  it.each([
    ["project", "public: yes-please", /resources\[0\]\.selector\.public of kind project: must be true or false/],
    ["repository", 'nameContains: ""', /resources\[0\]\.selector\.nameContains of kind repository: must not be empty/],
    ["artifact", 'tag: "a,b"', /resources\[0\]\.selector\.tag of kind artifact: must be a tag name/],
  ])("%s %s refuses the mapping, naming the resource, kind and field", async (kind, selector, message) => {
    const env = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: configWith(kind, selector) });
    await tick(env);
    const s = (await status(env)).plugins.harbor;
    expect(s.mapping.refused).toMatchObject({ origin: "HARBOR_PORT_APP_CONFIG", error: expect.stringMatching(message) });
    expect(s.cycle).toBeNull();
    expect(s.lastCycle).toBeNull();
    expect((await h.harbor.requests()).filter((r) => r.path.includes("/projects"))).toHaveLength(0);
  });

  it("keeps the last good mapping syncing while one with withTag: \"yes\" is refused", async () => {
    const good = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: configWith("artifact", "withTag: true") });
    await runCycle(good);
    const goodHash = (await status(good)).plugins.harbor.mapping.hash;
    const before = await identifiers(h.port, "harborArtifact");

    const bad = { ...good, HARBOR_PORT_APP_CONFIG: configWith("artifact", 'withTag: "yes"') };
    // The source changes meanwhile: the good mapping must go on syncing it, not merely stop.
    await h.harbor.action("push", { project: "library", repository: "library/nginx", tags: ["after-refusal"] });
    clock.advance(61 * 60_000);
    await runCycle(bad);

    const s = (await status(bad)).plugins.harbor;
    expect(s.mapping.hash).toBe(goodHash);
    expect(s.mapping.refused).toMatchObject({
      origin: "HARBOR_PORT_APP_CONFIG",
      error: expect.stringMatching(/^HARBOR_PORT_APP_CONFIG: resources\[0\]\.selector\.withTag of kind artifact: must be true or false$/),
    });
    expect(s.lastCycle.resources.map((r: any) => r.status)).toEqual(["done"]);
    const after = await entities(h.port, "harborArtifact");
    expect(after.some((e) => e.title === "after-refusal")).toBe(true);
    expect(after.map((e) => e.identifier)).toEqual(expect.arrayContaining(before));
    expect((await h.port.requests()).filter((r) => r.path.endsWith("/bulk/entities/delete"))).toHaveLength(0);
  });
});
