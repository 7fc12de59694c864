import { beforeEach, describe, expect, it } from "vitest";
import { clock } from "../../support/clock.ts";
import { credentials, digests, expected, harborSeed } from "../../fixtures/harbor/realistic.ts";
import { harness, identifiers, lastCycle, resyncAgain, runCycle, type Harness } from "./support.ts";

/**
 * GET /projects/{id}/artifacts exists since Harbor 2.12 (goharbor/harbor#20803). Older releases
 * answer it with the router's 404, and artifacts must then be listed repository by repository.
 */

const PROJECT_ARTIFACTS = /^\/api\/v2\.0\/projects\/[^/]+\/artifacts$/;
const REPOSITORY_ARTIFACTS = /^\/api\/v2\.0\/projects\/[^/]+\/repositories\/[^/]+\/artifacts$/;

/** The realistic fixture plus a repository longer than a page, nested two levels deep. */
const BIG = Array.from({ length: 130 }, (_, i) => ({ digest: `sha256:${(0xe000 + i).toString(16).padStart(64, "0")}`, tags: [`1.0.${i}`] }));
const seed = {
  ...harborSeed,
  projects: [...harborSeed.projects, { name: "big", repositories: [{ name: "deep/nested/app", artifacts: BIG }] }],
};
const all = [...expected.artifacts, ...BIG.map((a) => `big/deep/nested/app@${a.digest}`)].sort();

async function artifactListings(h: Harness) {
  return (await h.harbor.requests()).filter((r) => r.method === "GET" && (PROJECT_ARTIFACTS.test(r.path) || REPOSITORY_ARTIFACTS.test(r.path)));
}

describe("Harbor before 2.12, without GET /projects/{id}/artifacts", () => {
  let h: Harness;
  beforeEach(async () => {
    clock.reset();
    h = await harness(seed, { version: "2.11" });
  });

  it("answers that route with the router's 404 envelope", async () => {
    const res = await fetch(`${h.harbor.url}/api/v2.0/projects/1/artifacts`, {
      headers: { authorization: `Basic ${btoa("admin:Harbor12345")}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ code: "NOT_FOUND", message: "path /api/v2.0/projects/1/artifacts was not found" }] });
  });

  it("lists artifacts repository by repository, double-encoding nested names, and syncs them all", async () => {
    const env = h.env(credentials.admin);
    await runCycle(env);
    const kinds = await lastCycle(env);
    expect(kinds.artifact).toMatchObject({ status: "done", failed: 0 });
    expect(await identifiers(h.port, "harborArtifact")).toEqual(all);

    const listings = await artifactListings(h);
    // The modern route is asked once; the cursor remembers the answer for the rest of the cycle.
    expect(listings.filter((r) => PROJECT_ARTIFACTS.test(r.path)).map((r) => r.status)).toEqual([404]);
    const perRepository = listings.filter((r) => REPOSITORY_ARTIFACTS.test(r.path));
    expect(perRepository.every((r) => r.status === 200)).toBe(true);
    expect(new Set(perRepository.map((r) => r.path))).toEqual(
      new Set([
        "/api/v2.0/projects/library/repositories/nginx/artifacts",
        "/api/v2.0/projects/library/repositories/redis/artifacts",
        "/api/v2.0/projects/team-a/repositories/service%252Fapi/artifacts",
        "/api/v2.0/projects/team-a/repositories/service%252Fworker/artifacts",
        "/api/v2.0/projects/team-a/repositories/charts%252Fweb/artifacts",
        "/api/v2.0/projects/prod-payments/repositories/api/artifacts",
        "/api/v2.0/projects/prod-web/repositories/frontend/artifacts",
        "/api/v2.0/projects/big/repositories/deep%252Fnested%252Fapp/artifacts",
      ]),
    );
    // Same keyset, order, page size and flags as the project-wide listing.
    const big = perRepository.filter((r) => r.path.includes("/big/")).map((r) => new URLSearchParams(r.query));
    expect(big.map((q) => q.get("q"))).toEqual(["id=[1~]", expect.stringMatching(/^id=\[\d+~\]$/)]);
    expect(Number(/\[(\d+)~/.exec(big[1]!.get("q")!)![1])).toBeGreaterThan(100);
    for (const q of big) {
      expect([q.get("sort"), q.get("page_size"), q.get("with_tag"), q.get("with_scan_overview")]).toEqual(["id", "100", "true", "true"]);
    }
  });

  it("keeps the fallback across ticks and asks the modern route again next cycle", async () => {
    // A tight budget spreads the cycle over many ticks: the fallback must survive in the cursor.
    const env = h.env(credentials.admin, { RESYNC_SUBREQUEST_BUDGET: "12" });
    expect(await runCycle(env, 200)).toBeGreaterThan(5);
    expect((await lastCycle(env)).artifact).toMatchObject({ status: "done" });
    expect(await identifiers(h.port, "harborArtifact")).toEqual(all);
    expect((await artifactListings(h)).filter((r) => PROJECT_ARTIFACTS.test(r.path))).toHaveLength(1);

    await h.harbor.clearRequests();
    await resyncAgain(env, 200);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(all);
    expect((await artifactListings(h)).filter((r) => PROJECT_ARTIFACTS.test(r.path))).toHaveLength(1);
  });

  it("applies the tag selector per repository too", async () => {
    const config = `resources:
  - kind: artifact
    selector:
      query: "true"
      tag: latest
    port:
      entity:
        mappings:
          identifier: .repository_name + "@" + .digest
          title: .digest
          blueprint: '"harborArtifact"'
`;
    const env = h.env(credentials.admin, { HARBOR_PORT_APP_CONFIG: config });
    await runCycle(env);
    expect((await lastCycle(env)).artifact).toMatchObject({ status: "done" });
    expect(await identifiers(h.port, "harborArtifact")).toEqual([`library/nginx@${digests.nginxLatest}`, `prod-web/frontend@${digests.frontend}`]);
    for (const r of (await artifactListings(h)).filter((r) => REPOSITORY_ARTIFACTS.test(r.path))) {
      expect(new URLSearchParams(r.query).get("q")).toMatch(/,tags=latest$/);
    }
  });
});

describe("Harbor 2.12 and later", () => {
  it("lists artifacts per project, never per repository", async () => {
    clock.reset();
    const h = await harness(seed);
    const env = h.env(credentials.admin);
    await runCycle(env);
    expect(await identifiers(h.port, "harborArtifact")).toEqual(all);
    const listings = await artifactListings(h);
    expect(listings.filter((r) => REPOSITORY_ARTIFACTS.test(r.path))).toEqual([]);
    expect(listings.filter((r) => PROJECT_ARTIFACTS.test(r.path)).length).toBeGreaterThanOrEqual(5);
  });
});
