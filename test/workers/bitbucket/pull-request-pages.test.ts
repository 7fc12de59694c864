import { beforeEach, describe, expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { ALL_PULL_REQUESTS, credentials } from "../../fixtures/bitbucket/server.ts";
import { harness, identifiers, PLUGIN, type Harness } from "./support.ts";

const REPOS = 12;
const PULLS = 100;
const STATES = ["OPEN", "MERGED", "DECLINED"] as const;

/** One project of repositories with a long history each: every one needs four listings of 25 at the default limit of 100. */
const seed = {
  users: [{ name: credentials.user.username, password: credentials.user.password, permission: "ADMIN" as const }],
  projects: [
    {
      key: "BIG",
      name: "Big",
      repos: Array.from({ length: REPOS }, (_, r) => ({
        slug: `repo-${r}`,
        pullRequests: Array.from({ length: PULLS }, (_, i) => ({ title: `change ${i + 1}`, state: STATES[i % 3], createdDate: Date.UTC(2025, 0, 1) + i * 60_000 })),
      })),
    },
  ],
};

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness(seed);
});

describe("pull request pages at a free plan's budget", () => {
  it("state ALL over repositories with many pull requests converges, every tick writing some", async () => {
    const env = h.env({ BITBUCKET_GITOPS_PORT_APP_CONFIG: ALL_PULL_REQUESTS, RESYNC_SUBREQUEST_BUDGET: "45" });
    let written = 0;
    let ticks = 0;
    while (written < REPOS * PULLS) {
      expect(ticks++, `${written} of ${REPOS * PULLS} written`).toBeLessThan(12);
      await tick(env);
      const now = (await identifiers(h.port, "bitbucketPullRequest")).length;
      expect(now, `tick ${ticks} wrote nothing`).toBeGreaterThan(written);
      written = now;
    }
    await tick(env);
    const s = (await status(env)).plugins[PLUGIN];
    expect(s.cycle).toBeNull();
    expect(s.lastCycle.resources.map((r: any) => [r.kind, r.status, r.listed])).toEqual([["pull-request", "done", REPOS * PULLS]]);
    expect(s.errors).toEqual([]);
    // No tick outran the budget: a page lists at most a few pages of repositories and ten of pull requests.
    const listings = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/pull-requests"));
    expect(listings).toHaveLength(REPOS * (PULLS / 25));
  });
});

describe("BITBUCKET_PULL_REQUEST_LIMIT", () => {
  it("is capped, naming the setting and why", async () => {
    const env = h.env({ BITBUCKET_PULL_REQUEST_LIMIT: "50000" });
    const s = (await status(env)).plugins[PLUGIN];
    expect(JSON.stringify(s)).toMatch(/BITBUCKET_PULL_REQUEST_LIMIT[^"]*must be at most 1000/);
  });
});
