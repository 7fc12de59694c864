import { describe, expect, it } from "vitest";
import { BitbucketClient } from "../../contract/bitbucket-fixture.ts";

async function walk(bb: BitbucketClient, path: string, follow: (page: any) => number | undefined) {
  const seen: string[] = [];
  let start: number | undefined = 0;
  for (let guard = 0; start !== undefined && guard < 100; guard++) {
    const sep = path.includes("?") ? "&" : "?";
    const page: any = (await bb.get(`${path}${sep}start=${start}`)).json;
    seen.push(...page.values.map((r: any) => r.slug ?? r));
    start = page.isLastPage ? undefined : follow(page);
  }
  return seen;
}

describe("paging", () => {
  it("defaults to 25, clamps over-cap limits silently and echoes the effective limit", async () => {
    const bb = new BitbucketClient({ maxLimit: 40 });
    await bb.action("generate", { projects: 1, reposPerProject: 60, users: [{ name: "admin", password: "admin-pw" }] });
    const first = (await bb.get("/repos")).json;
    expect(first).toMatchObject({ size: 25, limit: 25, isLastPage: false, start: 0, nextPageStart: 25 });
    const clamped = (await bb.get("/repos?limit=5000")).json;
    expect(clamped).toMatchObject({ size: 40, limit: 40, isLastPage: false, nextPageStart: 40 });
    const last = (await bb.get("/repos?start=40&limit=5000")).json;
    expect(last).toMatchObject({ size: 20, limit: 40, isLastPage: true, start: 40 });
    expect(last).not.toHaveProperty("nextPageStart");
  });

  it("has non-contiguous starts when asked: only nextPageStart walks the list exactly once", async () => {
    const bb = new BitbucketClient({ paging: { gaps: true } });
    await bb.action("generate", { projects: 1, reposPerProject: 30, users: [{ name: "admin", password: "admin-pw" }] });
    const right = await walk(bb, "/projects/P0001/repos?limit=10", (p) => p.nextPageStart);
    expect(right).toHaveLength(30);
    expect(new Set(right).size).toBe(30);
    const wrong = await walk(bb, "/projects/P0001/repos?limit=10", (p) => p.start + p.size);
    expect(new Set(wrong).size).toBeLessThan(wrong.length);
  });

  it("ends file pages with nextPageStart null, and every page when switched", async () => {
    const files = (await new BitbucketClient().get("/projects/PLAT/repos/payments-api/files")).json;
    expect(files).toMatchObject({ values: ["port.yaml", "src/app.ts"], isLastPage: true, nextPageStart: null });
    const all = new BitbucketClient({ paging: { nullNextPageStart: "all" } });
    expect((await all.get("/projects")).json.nextPageStart).toBeNull();
    const none = new BitbucketClient({ paging: { nullNextPageStart: "none" } });
    expect((await none.get("/projects/PLAT/repos/payments-api/files")).json).not.toHaveProperty("nextPageStart");
  });

  it("reproduces BSERV-12725: a browse page that is not last yet names no next start", async () => {
    const bb = new BitbucketClient({ paging: { bserv12725: true } });
    const text = Array.from({ length: 7 }, (_, i) => `line ${i}`).join("\n") + "\n";
    await bb.action("push", { project: "PLAT", repo: "no-file", files: { "big.txt": text }, deliver: "return" });
    const first = (await bb.get("/projects/PLAT/repos/no-file/browse/big.txt?limit=3")).json;
    expect(first).toMatchObject({ isLastPage: false, size: 3, start: 0 });
    expect(first).not.toHaveProperty("nextPageStart");
    const next = (await bb.get("/projects/PLAT/repos/no-file/browse/big.txt?limit=3&start=3")).json;
    expect(next.lines.map((l: any) => l.text)).toEqual(["line 3", "line 4", "line 5"]);
  });
});
