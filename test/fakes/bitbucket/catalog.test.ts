import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BitbucketClient } from "../../contract/bitbucket-fixture.ts";
import { BITBUCKET_SPEC_FILE, BITBUCKET_SPEC_SHA256, loadBitbucketSpec, specsDir } from "../../contract/bitbucket-spec.ts";
import { readFile } from "node:fs/promises";

const sample = (name: string) => readFile(resolve(specsDir(), "bitbucket-webhooks", name), "utf8");

describe("spec pin", () => {
  it("validates against the exact vendored DC 9.4 spec", () => {
    const text = readFileSync(resolve(specsDir(), BITBUCKET_SPEC_FILE), "utf8");
    expect(loadBitbucketSpec().sha256).toBe(BITBUCKET_SPEC_SHA256);
    expect(JSON.parse(text).info.version).toBe("9.4");
  });

  it("rejects what the real server never sends (the patches bite)", () => {
    const spec = loadBitbucketSpec();
    const path = "/rest/api/1.0/projects/PLAT/repos/x";
    expect(spec.check("GET", path, 200, { slug: "x", links: { self: [{ href: "h" }] }, defaultBranch: "main" }).valid).toBe(false);
    expect(spec.check("GET", path, 200, { slug: "x" }).valid).toBe(false);
    expect(spec.check("GET", "/rest/api/1.0/projects/P/webhooks/1", 200, { name: "n", url: "u", events: [], active: true }).valid).toBe(false);
    expect(spec.checkErrors({ errors: [{ context: null, message: "m", exceptionName: "e" }] }).valid).toBe(true);
    expect(spec.checkErrors({ message: "m" }).valid).toBe(false);
  });
});

describe("projects and repositories", () => {
  it("lists viewable non-personal projects with real-shaped JSON", async () => {
    const bb = new BitbucketClient();
    const res = await bb.get("/projects");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json;charset=UTF-8");
    expect(res.json.values.map((p: any) => p.key)).toEqual(["OPS", "PLAT", "SEC"]);
    expect(res.json).toMatchObject({ size: 3, limit: 25, isLastPage: true, start: 0 });
    expect(res.json).not.toHaveProperty("nextPageStart");
    expect(res.json.values[1]).toEqual({
      key: "PLAT",
      id: 1,
      name: "Platform",
      description: "Platform team services",
      public: false,
      type: "NORMAL",
      links: { self: [{ href: "http://bitbucket.test/projects/PLAT" }] },
    });
    expect((await bb.get("/projects?name=plat")).json.values.map((p: any) => p.key)).toEqual(["PLAT"]);
    expect((await bb.get("/projects?permission=BOGUS")).status).toBe(400);
  });

  it("limits what a restricted user and anonymous callers see", async () => {
    const bb = new BitbucketClient();
    const jdoe = "Basic " + btoa("jdoe:jdoe-pw");
    expect((await bb.get("/projects", jdoe)).json.values.map((p: any) => p.key)).toEqual(["OPS", "PLAT"]);
    expect((await bb.get("/projects", null)).json.values.map((p: any) => p.key)).toEqual(["OPS"]);
    const denied = await bb.get("/projects/SEC", jdoe);
    expect(denied.status).toBe(401);
    expect(denied.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.AuthorisationException");
    expect((await bb.get("/projects/OPS/repos/runbooks", null)).status).toBe(200);
    expect((await bb.get("/projects/PLAT/repos", null)).status).toBe(401);
  });

  it("renders RestRepository like the server: links, archived, hierarchyId, no defaultBranch", async () => {
    const bb = new BitbucketClient({ contextPath: "/bitbucket" });
    const repo = (await bb.get("/projects/PLAT/repos/payments-api")).json;
    expect(repo).toMatchObject({
      slug: "payments-api",
      id: 42,
      name: "Payments API",
      scmId: "git",
      state: "AVAILABLE",
      statusMessage: "Available",
      forkable: true,
      public: false,
      archived: false,
      project: { key: "PLAT", type: "NORMAL" },
      links: {
        self: [{ href: "http://bitbucket.test/bitbucket/projects/PLAT/repos/payments-api/browse" }],
        clone: [
          { href: "ssh://git@bitbucket.test:7999/plat/payments-api.git", name: "ssh" },
          { href: "http://bitbucket.test/bitbucket/scm/plat/payments-api.git", name: "http" },
        ],
      },
    });
    expect(repo.hierarchyId).toMatch(/^[0-9a-f]{20}$/);
    expect(repo).not.toHaveProperty("defaultBranch");
    // Same shape as a webhook payload's repository (keys and types of the shared sample).
    const fromSample = JSON.parse(await sample("repo-refs-changed.json")).repository;
    expect(shape(repo)).toMatchObject(shape(fromSample));
    // /rest/api/latest is the same API, and nothing answers outside the context path.
    expect((await bb.call("GET", "/bitbucket/rest/api/latest/projects/PLAT")).status).toBe(200);
    expect((await bb.call("GET", "/rest/api/1.0/projects/PLAT")).status).toBe(404);
  });

  it("lists a fork with its origin and the origin's hierarchy", async () => {
    const bb = new BitbucketClient();
    await bb.action("create-repo", { project: "SEC", slug: "payments-fork", origin: "PLAT/payments-api", files: {} });
    const fork = (await bb.get("/projects/SEC/repos/payments-fork")).json;
    const origin = (await bb.get("/projects/PLAT/repos/payments-api")).json;
    expect(fork.origin).toMatchObject({ id: 42, slug: "payments-api", project: { key: "PLAT" } });
    expect(fork.hierarchyId).toBe(origin.hierarchyId);
  });

  it("searches /repos with archived defaulting to ACTIVE and personal repos per permission", async () => {
    const bb = new BitbucketClient();
    const slugs = async (q: string, auth?: string) =>
      (await bb.get(`/repos${q}`, auth)).json.values.map((r: any) => `${r.project.key}/${r.slug}`);
    expect(await slugs("")).toEqual(["OPS/runbooks", "PLAT/empty-one", "PLAT/no-file", "PLAT/payments-api", "SEC/vault"]);
    expect(await slugs("?archived=ARCHIVED")).toEqual(["PLAT/old-stuff"]);
    expect(await slugs("?archived=ALL&projectkey=plat")).toHaveLength(4);
    expect(await slugs("?name=pay")).toEqual(["PLAT/payments-api"]);
    expect(await slugs("?projectname=oper")).toEqual(["OPS/runbooks"]);
    expect(await slugs("?visibility=public")).toEqual(["OPS/runbooks"]);
    expect(await slugs("", "Basic " + btoa("jdoe:jdoe-pw"))).toContain("~JDOE/scratch");
    expect((await bb.get("/repos?archived=nope")).status).toBe(400);
    expect((await bb.get("/projects/~JDOE/repos/scratch")).status).toBe(401);
  });

  it("answers missing things with the right exception names", async () => {
    const bb = new BitbucketClient();
    const name = async (path: string) => {
      const res = await bb.get(path);
      expect(res.status).toBe(404);
      return res.json.errors[0].exceptionName;
    };
    expect(await name("/projects/NOPE")).toBe("com.atlassian.bitbucket.project.NoSuchProjectException");
    expect(await name("/projects/NOPE/repos")).toBe("com.atlassian.bitbucket.project.NoSuchProjectException");
    expect(await name("/projects/PLAT/repos/nope")).toBe("com.atlassian.bitbucket.repository.NoSuchRepositoryException");
    expect(await name("/projects/PLAT/repos/nope/raw/port.yaml")).toBe(
      "com.atlassian.bitbucket.repository.NoSuchRepositoryException",
    );
    const err = (await bb.get("/projects/NOPE")).json.errors[0];
    expect(err).toEqual({ context: null, message: "Project NOPE does not exist.", exceptionName: expect.any(String) });
  });

  it("reports default branches: configured even when empty, 204 on the deprecated call", async () => {
    const bb = new BitbucketClient();
    const empty = await bb.get("/projects/PLAT/repos/empty-one/default-branch");
    expect(empty.status).toBe(200);
    expect(empty.json).toEqual({ id: "refs/heads/trunk", displayId: "trunk", type: "BRANCH" });
    const old = await bb.get("/projects/PLAT/repos/empty-one/branches/default");
    expect(old.status).toBe(204);
    expect(old.text).toBe("");
    const main = await bb.get("/projects/PLAT/repos/payments-api/branches/default");
    expect(main.json).toMatchObject({ id: "refs/heads/main", displayId: "main", isDefault: true });
    expect(main.json.latestCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("serves application properties anonymously", async () => {
    const bb = new BitbucketClient();
    const res = await bb.get("/application-properties", null);
    expect(res.status).toBe(200);
    expect(res.json.version).toMatch(/^9\.4\./);
  });

  it("validated every JSON answer above against a declared schema", async () => {
    const bb = new BitbucketClient();
    for (const p of ["/projects", "/repos", "/projects/PLAT", "/projects/PLAT/repos", "/projects/PLAT/repos/payments-api"])
      await bb.get(p);
    expect(bb.checked.every((c) => c.declared)).toBe(true);
    expect(bb.checked.map((c) => c.template)).toContain("/api/latest/projects/{projectKey}/repos/{repositorySlug}");
  });
});

/** Keys and value types of a JSON value, recursively (arrays by their first element). */
function shape(v: unknown): any {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v === null ? "null" : typeof v;
}

describe("unknown resources", () => {
  it("answer in the error envelope", async () => {
    const bb = new BitbucketClient();
    const missing = await bb.get("/nothing/here");
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].exceptionName).toEqual(expect.any(String));
    expect((await bb.call("DELETE", bb.api("/projects/PLAT"))).status).toBe(405);
  });
});
