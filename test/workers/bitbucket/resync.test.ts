import { beforeEach, describe, expect, it } from "vitest";
import { status, tick } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { credentials, expected, seed } from "../../fixtures/bitbucket/gitops.ts";
import { entities, errors, harness, identifiers, PLUGIN, resyncAgain, runCycle, type Harness } from "./support.ts";

let h: Harness;

beforeEach(async () => {
  clock.reset();
  h = await harness();
});

async function catalog() {
  return { service: await identifiers(h.port, "service"), team: await identifiers(h.port, "team") };
}

describe("a full resync", () => {
  it("lands exactly the valid entities of port.yaml and port.yml files across paged projects", async () => {
    const env = h.env();
    await runCycle(env);
    expect(await catalog()).toEqual(expected);

    const ledger = (await entities(h.port, "service")).find((e) => e.identifier === "ledger");
    expect(ledger).toMatchObject({ title: "Ledger", relations: { owner: "payments", dependsOn: ["payments-api"] } });
    const api = (await entities(h.port, "service")).find((e) => e.identifier === "payments-api");
    expect(api).toMatchObject({ properties: { language: "go", tier: 1 }, relations: { owner: "payments" } });
    expect(api.datasource).toMatch(new RegExp(`^portside/${PLUGIN}/[^/]+/[^/]+/file/gitops$`));

    // 30 repositories in PLAT at 25 a page (the server clamps the asked 100): two repository pages,
    // for the files, then for the repository and pull-request kinds of the default mapping.
    const listings = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/projects/PLAT/repos"));
    expect(listings.map((r) => new URLSearchParams(r.query).get("start"))).toEqual(["0", "25", "0", "25", "0", "25"]);
    expect(listings.every((r) => new URLSearchParams(r.query).get("limit") === "100")).toBe(true);
  });

  it("reads port.yaml in one request and port.yml, missing files and empty repositories without failing", async () => {
    const env = h.env();
    await runCycle(env);
    const raw = (await h.bitbucket.requests()).filter((r) => r.path.includes("/raw/"));
    const readsOf = (slug: string) => raw.filter((r) => r.path.includes(`/repos/${slug}/raw/`)).map((r) => r.path.split("/raw/")[1]);
    expect(readsOf("svc-01")).toEqual(["port.yaml"]);
    expect(readsOf("svc-03")).toEqual(["port.yaml", "port.yml"]);
    expect(readsOf("svc-04")).toEqual(["port.yaml", "port.yml"]);
    // An empty repository has no commit at all: one 404 NoSuchCommit says there is no file.
    expect(readsOf("svc-05")).toEqual(["port.yaml"]);
    expect(raw.every((r) => !new URLSearchParams(r.query).has("at"))).toBe(true);
    const s = await status(env);
    expect(s.plugins[PLUGIN].lastCycle.resources[0]).toMatchObject({ kind: "file", status: "done", failed: 0 });
  });

  it("reports invalid YAML and an entity without a title by repository, file, index and field, and keeps going", async () => {
    const env = h.env();
    await runCycle(env);
    const messages = (await errors(env)).map((e) => e.message);
    expect(messages).toContainEqual(expect.stringMatching(/^PLAT\/svc-06: port\.yaml: invalid YAML: .*nothing from it is written or deleted$/));
    expect(messages).toContainEqual("PLAT/svc-07: port.yaml: entity 0 (notitle): title: is required; entity skipped");
    const ids = await identifiers(h.port, "service");
    expect(ids).toContain("titled");
    expect(ids).not.toContain("notitle");
    expect(ids).not.toContain("broken");
  });

  it("sends a token as Bearer when BITBUCKET_TOKEN is set", async () => {
    const env = h.env({ BITBUCKET_USERNAME: "", BITBUCKET_PASSWORD: "", BITBUCKET_TOKEN: credentials.token });
    await runCycle(env);
    expect(await catalog()).toEqual(expected);
    const auth = (await h.bitbucket.requests()).map((r) => r.headers.authorization);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${credentials.token}`]));
  });

  it("lists only the projects of BITBUCKET_PROJECTS_FILTER, in any case", async () => {
    const env = h.env({ BITBUCKET_PROJECTS_FILTER: " plat, PAY " });
    await runCycle(env);
    const service = await identifiers(h.port, "service");
    expect(service).toEqual(expected.service.filter((id) => id !== "runbooks"));
    const paths = (await h.bitbucket.requests()).map((r) => r.path);
    expect(paths.some((p) => p.endsWith("/projects") || p.includes("/projects/OPS"))).toBe(false);
  });

  it("fails a wrong password as a listing, writing and deleting nothing", async () => {
    const good = h.env();
    await runCycle(good);
    const env = { ...good, BITBUCKET_PASSWORD: "wrong-password" };
    await h.bitbucket.clearRequests();
    await resyncAgain(env);
    expect(await catalog()).toEqual(expected);
    const s = await status(env);
    expect(s.plugins[PLUGIN].lastCycle.resources[0].status).toBe("failed");
    expect(JSON.stringify(s)).not.toContain("wrong-password");
  });
});

describe("deletion", () => {
  it("deletes an entity dropped from a file, a deleted file and a deleted repository after the next cycle", async () => {
    const env = h.env();
    await runCycle(env);
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-02", files: { "port.yaml": "- identifier: payments\n  title: Payments team\n  blueprint: team\n- identifier: ledger\n  title: Ledger v2\n  blueprint: service\n" } });
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-08", files: { "port.yaml": null } });
    await h.bitbucket.action("delete-repo", { project: "PAY", repo: "checkout" });
    // Pushes are not replayed here: only the resync learns of them.
    expect(await catalog()).toEqual(expected);

    await resyncAgain(env);
    const gone = ["ledger-worker", "plat-svc-08", "checkout"];
    expect(await catalog()).toEqual({ ...expected, service: expected.service.filter((id) => !gone.includes(id)) });
    expect((await entities(h.port, "service")).find((e) => e.identifier === "ledger").title).toBe("Ledger v2");
  });

  it("keeps what a renamed repository declared: provenance is the repository id, not its slug", async () => {
    const env = h.env();
    await runCycle(env);
    const before = await entities(h.port, "service");
    await h.bitbucket.action("rename", { project: "PLAT", repo: "svc-03", newSlug: "web-frontend", newName: "web-frontend" });
    await resyncAgain(env);
    expect(await catalog()).toEqual(expected);
    const web = (await entities(h.port, "service")).find((e) => e.identifier === "web");
    expect(web.createdAt).toBe(before.find((e) => e.identifier === "web").createdAt);
  });

  it("keeps the entities of a repository whose file read fails while another repository's removed entity is deleted", async () => {
    const env = h.env();
    await runCycle(env);
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-02", files: { "port.yaml": "identifier: payments\ntitle: Payments team\nblueprint: team\n" } });
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-09", files: { "port.yaml": null } });
    await h.bitbucket.faults([{ path: "/repos/svc-02/raw/", status: 500 }]);

    await resyncAgain(env);
    const ids = await identifiers(h.port, "service");
    expect(ids).toContain("ledger");
    expect(ids).toContain("ledger-worker");
    expect(ids).not.toContain("plat-svc-09");
    const failure = (await errors(env)).find((e) => e.message.startsWith("PLAT/svc-02"));
    expect(failure?.message).toMatch(/^PLAT\/svc-02 \(repository \d+\): reading its file failed: GET .*\/raw\/port\.yaml: 500.*its entities are kept$/);

    // Once the repository reads cleanly again, what it dropped goes.
    await h.bitbucket.clearFaults();
    await resyncAgain(env);
    expect(await identifiers(h.port, "service")).not.toContain("ledger-worker");
  });

  it("reads no file of a repository that is not AVAILABLE and keeps its entities as a failed scope", async () => {
    const env = h.env();
    await runCycle(env);
    // The same repositories (same ids), but OPS/runbooks went OFFLINE: Bitbucket serves content only of AVAILABLE ones.
    const offline = seed.projects.map((p) => (p.key === "OPS" ? { ...p, repos: p.repos.map((r) => ({ ...r, state: "OFFLINE" })) } : p));
    await h.bitbucket.seed({ ...seed, projects: offline });
    await h.bitbucket.clearRequests();

    await resyncAgain(env);
    expect(await catalog()).toEqual(expected);
    // Its pull requests are still listed (they are not content); nothing of its files is read.
    expect((await h.bitbucket.requests()).filter((r) => r.path.includes("/repos/runbooks/") && !r.path.endsWith("/pull-requests"))).toEqual([]);
    const failure = (await errors(env)).find((e) => e.message.startsWith("OPS/runbooks"));
    expect(failure?.message).toMatch(/^OPS\/runbooks \(repository \d+\) is OFFLINE, not AVAILABLE: .*its entities are kept$/);
  });

  it("remembers a repository is not AVAILABLE while it waits in the cursor for a later page", async () => {
    const env = h.env();
    await runCycle(env);
    // PLAT/svc-12 is the twelfth repository listed: a page reads ten, so it is read from the saved cursor.
    const offline = seed.projects.map((p) => (p.key === "PLAT" ? { ...p, repos: p.repos.map((r) => (r.slug === "svc-12" ? { ...r, state: "OFFLINE" } : r)) } : p));
    await h.bitbucket.seed({ ...seed, projects: offline });
    await h.bitbucket.clearRequests();

    await resyncAgain(env);
    expect(await catalog()).toEqual(expected);
    expect((await h.bitbucket.requests()).filter((r) => r.path.includes("/repos/svc-12/") && !r.path.endsWith("/pull-requests"))).toEqual([]);
    expect((await errors(env)).map((e) => e.message)).toContainEqual(expect.stringMatching(/^PLAT\/svc-12 \(repository \d+\) is OFFLINE, not AVAILABLE: /));
  });

  it("keeps an entity that turned invalid instead of deleting it", async () => {
    const env = h.env();
    await runCycle(env);
    await h.bitbucket.action("push", { project: "PLAT", repo: "svc-10", files: { "port.yaml": "identifier: plat-svc-10\nblueprint: service\n" } });
    await resyncAgain(env);
    expect(await identifiers(h.port, "service")).toContain("plat-svc-10");
    expect((await errors(env)).map((e) => e.message)).toContainEqual(expect.stringMatching(/^PLAT\/svc-10: port\.yaml: entity 0 \(plat-svc-10\): title:/));
  });
});

describe("rate limits", () => {
  it("survives 429 bursts from the per-user token bucket", async () => {
    await h.bitbucket.action("configure", { rateLimit: { capacity: 6, refillPerSecond: 15 } });
    const env = h.env();
    await runCycle(env);
    expect(await catalog()).toEqual(expected);
    const limited = (await h.bitbucket.requests()).filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
  });

  it("stops the tick on a long Retry-After and carries on next tick from the same place", async () => {
    await h.bitbucket.action("configure", { rateLimit: { capacity: 12, refillPerSecond: 0.001, retryAfter: 120 } });
    const env = h.env();
    await tick(env);
    const s = await status(env);
    expect(s.plugins[PLUGIN].cycle).toBeTruthy();
    expect(s.lastTick.stoppedBy[PLUGIN]).toMatch(/RateLimitedError/);
    await h.bitbucket.action("configure", { rateLimit: null });
    await runCycle(env);
    expect((await status(env)).plugins[PLUGIN].cycle).toBeFalsy();
    expect(await catalog()).toEqual(expected);
  });
});

describe("settings", () => {
  it("names the missing half of the credentials", async () => {
    const onlyUser = h.env({ BITBUCKET_PASSWORD: "" });
    const s = await status(onlyUser);
    expect(s.plugins[PLUGIN].enabled).toBe(false);
    expect(s.plugins[PLUGIN].settings.issues.map((i: any) => i.setting)).toEqual(["BITBUCKET_PASSWORD"]);
    const none = await status(h.env({ BITBUCKET_USERNAME: "", BITBUCKET_PASSWORD: "" }));
    expect(none.plugins[PLUGIN].settings.issues.map((i: any) => i.setting)).toEqual(["BITBUCKET_TOKEN"]);
    const absent = await status(h.env({ BITBUCKET_HOST: "" }));
    expect(absent.plugins[PLUGIN].enabled).toBe(false);
    expect(absent.plugins[PLUGIN].settings.issues ?? []).toEqual([]);
  });

  it("refuses a project filter that is not a list of keys", async () => {
    const s = await status(h.env({ BITBUCKET_PROJECTS_FILTER: "PLAT, not a key" }));
    expect(s.plugins[PLUGIN].settings.issues).toEqual([expect.objectContaining({ setting: "BITBUCKET_PROJECTS_FILTER" })]);
  });
});
