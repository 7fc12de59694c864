import { describe, expect, it } from "vitest";
import { BitbucketClient } from "../../contract/bitbucket-fixture.ts";

const REPO = "/projects/PLAT/repos/payments-api";
const MAIN_YAML = "identifier: payments-api\ntitle: Payments API\n";
const DEV_YAML = "identifier: payments-api\ntitle: Dev\n";

describe("raw", () => {
  it("reads the default branch when `at` is omitted, as raw bytes", async () => {
    const res = await new BitbucketClient().get(`${REPO}/raw/port.yaml`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(MAIN_YAML);
  });

  it("resolves `at` as branch name, refs/heads/, tag, full and abbreviated sha", async () => {
    const bb = new BitbucketClient();
    const dev = (await bb.get(`${REPO}/branches?filterText=dev`)).json.values[0].latestCommit;
    for (const at of ["develop", "refs/heads/develop", dev, dev.slice(0, 12)])
      expect((await bb.get(`${REPO}/raw/port.yaml?at=${encodeURIComponent(at)}`)).text).toBe(DEV_YAML);
    expect((await bb.get(`${REPO}/raw/port.yaml?at=v1.0`)).text).toBe(MAIN_YAML);
    expect((await bb.get(`${REPO}/raw/port.yaml?at=refs%2Ftags%2Fv1.0`)).text).toBe(MAIN_YAML);
  });

  it("keeps every commit's tree: a push's fromHash and toHash read different files", async () => {
    const bb = new BitbucketClient();
    const pushed = await bb.action("push", {
      project: "PLAT",
      repo: "payments-api",
      files: { "port.yaml": "identifier: payments-api\ntitle: v2\n", "src/app.ts": null },
      deliver: "return",
    });
    const [{ fromHash, toHash }] = pushed.changes;
    expect((await bb.get(`${REPO}/raw/port.yaml?at=${fromHash}`)).text).toBe(MAIN_YAML);
    expect((await bb.get(`${REPO}/raw/port.yaml?at=${toHash}`)).text).toContain("v2");
    expect((await bb.get(`${REPO}/raw/port.yaml`)).text).toContain("v2");
    expect((await bb.get(`${REPO}/raw/src/app.ts?at=${fromHash}`)).status).toBe(200);
    const gone = await bb.get(`${REPO}/raw/src/app.ts?at=${toHash}`);
    expect(gone.status).toBe(404);
    expect(gone.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.content.NoSuchPathException");
  });

  it("tells a missing file (NoSuchPath) from a missing ref (NoSuchCommit)", async () => {
    const bb = new BitbucketClient();
    const path = await bb.get("/projects/PLAT/repos/no-file/raw/port.yaml");
    expect(path.status).toBe(404);
    expect(path.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.content.NoSuchPathException");
    const ref = await bb.get(`${REPO}/raw/port.yaml?at=nope`);
    expect(ref.status).toBe(404);
    expect(ref.json.errors[0]).toEqual({
      context: null,
      message: "Commit 'nope' does not exist in repository 'payments-api'.",
      exceptionName: "com.atlassian.bitbucket.commit.NoSuchCommitException",
    });
  });

  it("answers raw in an empty repository per the switch", async () => {
    const byDefault = await new BitbucketClient().get("/projects/PLAT/repos/empty-one/raw/port.yaml");
    expect(byDefault.status).toBe(404);
    expect(byDefault.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.commit.NoSuchCommitException");
    const switched = await new BitbucketClient({ emptyRepo: "no-such-path" }).get("/projects/PLAT/repos/empty-one/raw/port.yaml");
    expect(switched.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.content.NoSuchPathException");
  });
});

describe("browse and files", () => {
  it("pages file lines and answers ?type=true / ?size=true only when literally true", async () => {
    const bb = new BitbucketClient({ maxLineLength: 10 });
    const lines = (await bb.get(`${REPO}/browse/port.yaml`)).json;
    expect(lines).toMatchObject({ start: 0, size: 2, limit: 500, isLastPage: true, nextPageStart: null });
    expect(lines.lines).toEqual([{ text: "identifier" }, { text: "title: Pay" }]);
    expect((await bb.get(`${REPO}/browse/port.yaml?type=true`)).json).toEqual({ type: "FILE" });
    expect((await bb.get(`${REPO}/browse/src?type=true`)).json).toEqual({ type: "DIRECTORY" });
    expect((await bb.get(`${REPO}/browse/port.yaml?size=true`)).json).toEqual({ size: MAIN_YAML.length });
    expect((await bb.get(`${REPO}/browse/port.yaml?type=1`)).json).toHaveProperty("lines");
    expect((await bb.get(`${REPO}/browse/nope.yaml?type=true`)).status).toBe(404);
  });

  it("lists directories through browse and files", async () => {
    const bb = new BitbucketClient();
    const root = (await bb.get(`${REPO}/browse`)).json;
    expect(root.children.values.map((c: any) => [c.path.toString, c.type])).toEqual([
      ["src", "DIRECTORY"],
      ["port.yaml", "FILE"],
    ]);
    expect((await bb.get(`${REPO}/files/src`)).json.values).toEqual(["app.ts"]);
    expect((await bb.get(`${REPO}/files/nope`)).json.errors[0].exceptionName).toBe(
      "com.atlassian.bitbucket.content.NoSuchPathException",
    );
  });
});

describe("changes", () => {
  it("lists a commit's changes against its parent", async () => {
    const bb = new BitbucketClient();
    const { changes } = await bb.action("push", {
      project: "PLAT",
      repo: "payments-api",
      files: { "port.yaml": "x: 1\n", "docs/new.md": "n\n", "src/app.ts": null },
      deliver: "return",
    });
    const res = (await bb.get(`${REPO}/commits/${changes[0].toHash}/changes`)).json;
    expect(res.values.map((c: any) => [c.path.toString, c.type])).toEqual([
      ["docs/new.md", "ADD"],
      ["port.yaml", "MODIFY"],
      ["src/app.ts", "DELETE"],
    ]);
    expect(res.values[1].path).toMatchObject({ components: ["port.yaml"], name: "port.yaml", extension: "yaml", parent: "" });
  });

  it("compares like Bitbucket: changes in `from` that `to` lacks", async () => {
    const bb = new BitbucketClient();
    const { changes } = await bb.action("push", { project: "PLAT", repo: "payments-api", files: { "port.yaml": "y: 2\n" }, deliver: "return" });
    const { fromHash, toHash } = changes[0];
    const forward = (await bb.get(`${REPO}/compare/changes?from=${toHash}&to=${fromHash}`)).json;
    expect(forward.values.map((c: any) => [c.path.toString, c.type])).toEqual([["port.yaml", "MODIFY"]]);
    // Old→new on a linear history: nothing is in the old commit that the new one lacks.
    expect((await bb.get(`${REPO}/compare/changes?from=${fromHash}&to=${toHash}`)).json.values).toEqual([]);
    expect((await bb.get(`${REPO}/compare/changes?from=${toHash}&to=nope`)).status).toBe(404);
  });
});

describe("commits", () => {
  it("lists history newest first, caps the page at 100 and reads single commits", async () => {
    const bb = new BitbucketClient();
    for (let i = 0; i < 3; i++)
      await bb.action("push", { project: "PLAT", repo: "payments-api", files: { n: `${i}` }, message: `m${i}`, deliver: "return" });
    const history = (await bb.get(`${REPO}/commits?limit=500`)).json;
    expect(history.limit).toBe(100);
    expect(history.values.map((c: any) => c.message)).toEqual(["m2", "m1", "m0", "Initial commit"]);
    const since = (await bb.get(`${REPO}/commits?since=${history.values[2].id}`)).json;
    expect(since.values).toHaveLength(2);
    const one = (await bb.get(`${REPO}/commits/${history.values[0].id}`)).json;
    expect(one).toMatchObject({ id: history.values[0].id, parents: [{ id: history.values[1].id }] });
    expect((await bb.get(`${REPO}/commits/${"f".repeat(40)}`)).json.errors[0].exceptionName).toBe(
      "com.atlassian.bitbucket.commit.NoSuchCommitException",
    );
  });
});
