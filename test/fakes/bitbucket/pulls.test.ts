import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { specsDir } from "../../contract/bitbucket-spec.ts";
import { ADMIN, BitbucketClient, SECRET, SEED } from "../../contract/bitbucket-fixture.ts";
import type { Seed } from "./seed.ts";

/** SEED with pull requests into PLAT/payments-api: ids 1…30, every third merged, the last declined. */
const WITH_PULLS: Seed = {
  ...SEED,
  projects: SEED.projects!.map((p) =>
    p.key !== "PLAT"
      ? p
      : {
          ...p,
          repos: p.repos!.map((r) =>
            r.slug !== "payments-api"
              ? r
              : {
                  ...r,
                  pullRequests: Array.from({ length: 30 }, (_, i) => ({
                    title: `Change ${i + 1}`,
                    author: "jdoe",
                    reviewers: i === 0 ? ["admin", { user: "bot", status: "APPROVED" as const }] : [],
                    state: i === 29 ? ("DECLINED" as const) : i % 3 === 2 ? ("MERGED" as const) : ("OPEN" as const),
                    from: "develop",
                  })),
                },
          ),
        },
  ),
};

const PULLS = "/projects/PLAT/repos/payments-api/pull-requests";

describe("pull requests", () => {
  it("lists OPEN ones by default, newest first, paged, in real shape with epoch-ms dates", async () => {
    const bb = new BitbucketClient({ seed: WITH_PULLS });
    const first = await bb.get(PULLS);
    expect(first.status).toBe(200);
    // 30 pull requests: 9 merged, the last declined, 20 open: all on the first default page of 25.
    expect(first.json).toMatchObject({ size: 20, limit: 25, isLastPage: true, start: 0 });
    expect(first.json.values.map((p: any) => p.id).slice(0, 3)).toEqual([29, 28, 26]);
    const oldest = first.json.values.at(-1);
    expect(oldest).toMatchObject({
      id: 1,
      state: "OPEN",
      open: true,
      closed: false,
      title: "Change 1",
      fromRef: { id: "refs/heads/develop", displayId: "develop", type: "BRANCH", repository: { slug: "payments-api", project: { key: "PLAT" } } },
      toRef: { id: "refs/heads/main", displayId: "main", repository: { id: 42 } },
      author: { user: { name: "jdoe", slug: "jdoe", emailAddress: "jdoe@example.com" }, role: "AUTHOR" },
      reviewers: [
        { user: { name: "admin" }, role: "REVIEWER", approved: false, status: "UNAPPROVED" },
        { user: { name: "bot" }, role: "REVIEWER", approved: true, status: "APPROVED" },
      ],
      links: { self: [{ href: "http://bitbucket.test/projects/PLAT/repos/payments-api/pull-requests/1" }] },
    });
    expect(typeof oldest.createdDate).toBe("number");
    expect(oldest).not.toHaveProperty("closedDate");
  });

  it("pages ALL states with nextPageStart, and filters MERGED, DECLINED; OLDEST reverses", async () => {
    const bb = new BitbucketClient({ seed: WITH_PULLS, maxLimit: 10 });
    const ids: number[] = [];
    for (let start: number | undefined = 0; start !== undefined; ) {
      const res: any = await bb.get(`${PULLS}?state=ALL&limit=100&start=${start}`);
      expect(res.json.limit).toBe(10);
      ids.push(...res.json.values.map((p: any) => p.id));
      start = res.json.isLastPage ? undefined : res.json.nextPageStart;
    }
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    const merged = await bb.get(`${PULLS}?state=merged`);
    expect(merged.json.values).toHaveLength(9);
    expect(merged.json.values[0]).toMatchObject({ state: "MERGED", closed: true, closedDate: expect.any(Number) });
    expect((await bb.get(`${PULLS}?state=DECLINED`)).json.values.map((p: any) => p.id)).toEqual([30]);
    expect((await bb.get(`${PULLS}?order=OLDEST`)).json.values[0].id).toBe(1);
    expect((await bb.get(`${PULLS}?state=BOGUS`)).status).toBe(400);
  });

  it("gets one by id, and answers 404 NoSuchPullRequestException for an unknown one", async () => {
    const bb = new BitbucketClient({ seed: WITH_PULLS });
    expect((await bb.get(`${PULLS}/7`)).json).toMatchObject({ id: 7, title: "Change 7" });
    const missing = await bb.get(`${PULLS}/99`);
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.pull.NoSuchPullRequestException");
    expect((await bb.get("/projects/PLAT/repos/nope/pull-requests")).status).toBe(404);
    expect((await bb.get(PULLS, null)).status).toBe(401);
  });

  it("emits signed pr:* events that change the pull request first", async () => {
    const bb = new BitbucketClient({ seed: { ...WITH_PULLS, webhooks: [{ project: "PLAT", url: "http://hook.test/x", events: ["pr:opened", "pr:merged", "pr:reviewer:approved", "pr:deleted", "pr:reviewer:updated", "pr:modified"], secret: SECRET }] }, deliver: "return" });
    const opened = await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "opened", pull: { title: "Fresh", author: "admin", from: "develop" } });
    const body = JSON.parse(opened.deliveries[0].body);
    expect(opened.deliveries[0].headers["X-Event-Key"]).toBe("pr:opened");
    expect(opened.deliveries[0].headers["X-Hub-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(body).toMatchObject({ eventKey: "pr:opened", pullRequest: { id: 31, title: "Fresh", state: "OPEN" } });
    expect((await bb.get(`${PULLS}/31`)).json.title).toBe("Fresh");

    const approved = await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "reviewer:approved", id: 1, user: "admin" });
    expect(JSON.parse(approved.deliveries[0].body)).toMatchObject({ previousStatus: "UNAPPROVED", participant: { user: { name: "admin" }, status: "APPROVED" } });
    const reviewers = await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "reviewer:updated", id: 1, reviewers: ["admin"] });
    expect(JSON.parse(reviewers.deliveries[0].body)).toMatchObject({ addedReviewers: [], removedReviewers: [{ name: "bot" }] });
    await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "merged", id: 1 });
    expect((await bb.get(`${PULLS}/1`)).json).toMatchObject({ state: "MERGED", version: 2, reviewers: [{ user: { name: "admin" }, status: "APPROVED" }] });
    const deleted = await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "deleted", id: 2 });
    expect(JSON.parse(deleted.deliveries[0].body).pullRequest.id).toBe(2);
    expect((await bb.get(`${PULLS}/2`)).status).toBe(404);
  });
});

/** Every key path of a JSON value (array elements share one path), for comparing shapes. */
function shape(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${path}[]`] : [...new Set(value.flatMap((v) => shape(v, `${path}[]`)))];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...shape(v, `${path}.${k}`)]);
  return [];
}

describe("pr:* payloads", () => {
  it("a pr:merged delivery has the shape of the documented example, key for key", async () => {
    const example = JSON.parse(await readFile(resolve(specsDir(), "bitbucket-webhooks", "pr-merged.json"), "utf8"));
    const bb = new BitbucketClient({ seed: { ...WITH_PULLS, webhooks: [{ project: "PLAT", url: "http://hook.test/x", events: ["pr:merged"] }] }, deliver: "return" });
    await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "reviewer:approved", id: 1, user: "admin" });
    const merged = await bb.action("pull-request", { project: "PLAT", repo: "payments-api", event: "merged", id: 1 });
    const ours = JSON.parse(merged.deliveries[0].body);
    // The example's participants list is empty and its description set; `draft`, `archived` and
    // `hierarchyId` are newer than the captures it follows; PLAT has a description, its project none.
    const newer = /\.(?:draft|archived|hierarchyId|project\.description)$/;
    const expected = shape(example).filter((p) => !p.startsWith(".pullRequest.participants"));
    const actual = shape({ ...ours, pullRequest: { ...ours.pullRequest, description: "d", participants: [] } }).filter(
      (p) => !p.startsWith(".pullRequest.participants") && !newer.test(p),
    );
    expect(new Set(actual)).toEqual(new Set(expected));
  });
});

describe("users and the server version", () => {
  it("lists users by name, filtered, to authenticated callers only", async () => {
    const bb = new BitbucketClient();
    const res = await bb.get("/users");
    expect(res.json.values.map((u: any) => u.name)).toEqual(["admin", "bot", "jdoe"]);
    expect(res.json.values[2]).toEqual({
      name: "jdoe",
      emailAddress: "jdoe@example.com",
      active: true,
      displayName: "Jane Doe",
      id: 2,
      slug: "jdoe",
      type: "NORMAL",
      links: { self: [{ href: "http://bitbucket.test/users/jdoe" }] },
    });
    expect((await bb.get("/users?filter=jane")).json.values.map((u: any) => u.name)).toEqual(["jdoe"]);
    expect((await bb.get("/users", null)).status).toBe(401);
    expect((await bb.get("/users", ADMIN)).status).toBe(200);
  });

  it("reports the configured version in application-properties", async () => {
    expect((await new BitbucketClient().get("/application-properties")).json).toMatchObject({ version: "9.4.0", buildNumber: "9004000" });
    expect((await new BitbucketClient({ version: "8.7.2" }).get("/application-properties")).json).toMatchObject({ version: "8.7.2", buildNumber: "8007002" });
  });

  it("deletes a project with its repositories, pull requests and hooks, silently", async () => {
    const bb = new BitbucketClient({ seed: WITH_PULLS });
    await bb.action("delete-project", { project: "PLAT" });
    expect((await bb.get("/projects/PLAT")).status).toBe(404);
    expect((await bb.get(PULLS)).status).toBe(404);
  });
});
