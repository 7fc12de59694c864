import { beforeEach, describe, expect, it } from "vitest";
import { call, status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import { harness, identifiers, lastCycle, runCycle, type Harness } from "./support.ts";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness({});
  // gen-0 and gen-1, two repositories each, 100 artifacts per repository: ids 1–200 and 201–400.
  await h.harbor.action("generate", { projects: 2, reposPerProject: 2, artifactsPerRepo: 100, prefix: "gen" });
});

async function artifactCursor(env: Record<string, unknown>) {
  const s = await status(env);
  return s.plugins.harbor.cycle?.resources.find((r: any) => r.kind === "artifact")?.cursor ?? null;
}

describe("a resync spread over many ticks", () => {
  it("neither skips nor repeats artifacts when others are pushed and deleted between its pages", async () => {
    const env = h.env(credentials.admin, { RESYNC_SUBREQUEST_BUDGET: "12" });
    const before = await identifiers(h.port, "harborArtifact");
    expect(before).toEqual([]);

    // Tick until the artifact listing stands inside gen-0, past its first page.
    let cursor: any = null;
    for (let i = 0; i < 40 && !cursor; i++) {
      await tick(env);
      cursor = await artifactCursor(env);
    }
    expect(cursor).toMatchObject({ name: "gen-0", after: 100 });

    // Ten already listed artifacts go away; five arrive in each project.
    for (let i = 0; i < 10; i++) await h.harbor.action("delete", { project: "gen-0", repository: "gen-0/svc-0/app-0", tag: `1.${i}.0` });
    for (const project of ["gen-0", "gen-1"])
      for (let i = 0; i < 5; i++)
        await h.harbor.action("push", { project, repository: `${project}/svc-0/app-0`, tags: [`new-${i}`] });

    await runCycle(env, 200);
    const progress = (await lastCycle(env)).artifact;
    expect(progress).toMatchObject({ status: "done", failed: 0, listed: 410 });
    const ids = await identifiers(h.port, "harborArtifact");
    expect(ids).toHaveLength(410);
    expect(ids.filter((id) => id.startsWith("gen-0/"))).toHaveLength(205);

    // Every artifact request asked for the next id range, and none went beyond Harbor's page limit
    // (a page whose writes did not fit one tick is listed again, once per tick, to resume them).
    const listings = (await h.harbor.requests()).filter((r) => r.path.endsWith("/artifacts"));
    const ranges = listings.map((r) => [r.path, new URLSearchParams(r.query).get("q")]);
    expect(ranges.filter((range, i) => i === 0 || JSON.stringify(range) !== JSON.stringify(ranges[i - 1]))).toEqual([
      ["/api/v2.0/projects/1/artifacts", "id=[1~]"],
      ["/api/v2.0/projects/1/artifacts", "id=[101~]"],
      ["/api/v2.0/projects/1/artifacts", "id=[201~]"],
      ["/api/v2.0/projects/2/artifacts", "id=[1~]"],
      ["/api/v2.0/projects/2/artifacts", "id=[301~]"],
      ["/api/v2.0/projects/2/artifacts", "id=[401~]"],
    ]);
  });

  it("a password changed to a wrong one mid-cycle fails the kind where Harbor would answer as anonymous", async () => {
    const good = h.env(credentials.admin, { RESYNC_SUBREQUEST_BUDGET: "12" });
    await runCycle(good, 200);
    expect(await identifiers(h.port, "harborArtifact")).toHaveLength(400);

    // Unchanged pages cost one request each, so the second cycle needs a tighter budget to pause mid-kind.
    const slow = { ...good, RESYNC_SUBREQUEST_BUDGET: "8" };
    const res = await call(slow, "/admin/resync/harbor", { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
    expect(res.status).toBe(202);
    let cursor: any = await artifactCursor(slow);
    for (let i = 0; i < 100 && !cursor; i++) {
      await tick(slow);
      cursor = await artifactCursor(slow);
    }
    expect(cursor).toMatchObject({ name: expect.stringMatching(/^gen-[01]$/) });

    const bad = { ...slow, HARBOR_PASSWORD: "typo" };
    await runCycle(bad, 200);
    const progress = (await lastCycle(bad)).artifact;
    expect(progress.status).toBe("failed");
    expect(progress.error).toMatch(/does not accept HARBOR_USERNAME "admin"/);
    expect(await identifiers(h.port, "harborArtifact")).toHaveLength(400);
  });
});
