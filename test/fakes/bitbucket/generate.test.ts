import { describe, expect, it } from "vitest";
import { BitbucketClient } from "../../contract/bitbucket-fixture.ts";

describe("generate", () => {
  it("builds 5,000 repositories fast, deterministically, and serves them by index", async () => {
    const spec = {
      projects: 50,
      reposPerProject: 100,
      withFileRatio: 0.3,
      archivedRatio: 0.1,
      emptyRatio: 0.05,
      users: [{ name: "admin", password: "admin-pw" }],
    };
    const bb = new BitbucketClient();
    const began = performance.now();
    expect(await bb.action("generate", spec)).toEqual({ projects: 50, repos: 5000, webhooks: 0, pullRequests: 0 });
    expect(performance.now() - began).toBeLessThan(3000);

    const state = await bb.control("GET", "/_fake/state");
    const repos = state.projects.flatMap((p: any) => p.repos);
    expect(repos.filter((r: any) => r.archived)).toHaveLength(500);
    expect(repos.filter((r: any) => Object.keys(r.branches).length === 0)).toHaveLength(250);

    let withFile = 0;
    for (const key of ["P0001", "P0050"])
      for (let i = 1; i <= 100; i++) {
        const res = await bb.get(`/projects/${key}/repos/repo-${String(i).padStart(4, "0")}/raw/port.yaml`);
        if (res.status === 200) {
          withFile++;
          expect(res.text).toContain("identifier: repo-");
        }
      }
    expect(withFile).toBeGreaterThan(40);
    expect(withFile).toBeLessThan(80);

    const pageStart = performance.now();
    const page = (await bb.get("/repos?start=4000&limit=1000")).json;
    expect(performance.now() - pageStart).toBeLessThan(1000);
    expect(page.size).toBe(500);
    expect(page.isLastPage).toBe(true);

    const again = new BitbucketClient();
    await again.action("generate", spec);
    expect(await again.control("GET", "/_fake/state")).toEqual(state);
  });
});
