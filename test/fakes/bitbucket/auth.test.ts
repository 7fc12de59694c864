import { describe, expect, it } from "vitest";
import { basic, BitbucketClient } from "../../contract/bitbucket-fixture.ts";

const bearer = (t: string) => `Bearer ${t}`;
const REPO = "/projects/PLAT/repos/payments-api";

describe("authentication", () => {
  it("accepts Basic with a password or a personal token, and Bearer personal tokens", async () => {
    const bb = new BitbucketClient();
    expect((await bb.get("/projects/SEC", basic("admin", "admin-pw"))).status).toBe(200);
    expect((await bb.get("/projects/SEC", basic("admin", "admin-pat"))).status).toBe(200);
    expect((await bb.get("/projects/SEC", bearer("admin-pat"))).status).toBe(200);
  });

  it("answers 401 for bad credentials and for missing permission alike", async () => {
    const bb = new BitbucketClient();
    const bad = await bb.get("/projects/PLAT", basic("admin", "wrong"));
    expect(bad.status).toBe(401);
    expect(bad.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException");
    expect((await bb.get("/projects/PLAT", bearer("nope"))).status).toBe(401);
    expect((await bb.get("/projects/PLAT", "Digest x")).status).toBe(401);
    const anonymous = await bb.get("/projects/PLAT", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.AuthorisationException");
  });

  it("confines project and repository tokens to their scope, as Bearer only", async () => {
    const bb = new BitbucketClient();
    const plat = bearer("plat-token");
    // Project listings include archived repositories; only /repos filters them by default.
    expect((await bb.get("/projects/PLAT/repos", plat)).json.values).toHaveLength(4);
    expect((await bb.get(`${REPO}/raw/port.yaml`, plat)).status).toBe(200);
    expect((await bb.get("/projects/SEC", plat)).status).toBe(401);
    expect((await bb.get("/projects", plat)).status).toBe(401);
    expect((await bb.get("/repos", plat)).status).toBe(401);
    expect((await bb.get("/projects/PLAT", basic("bot", "plat-token"))).status).toBe(401);
    const repoToken = bearer("payments-token");
    expect((await bb.get(`${REPO}/raw/port.yaml`, repoToken)).status).toBe(200);
    expect((await bb.get("/projects/PLAT/repos/no-file", repoToken)).status).toBe(401);
    expect((await bb.get("/projects/PLAT/repos", repoToken)).json.values.map((r: any) => r.slug)).toEqual(["payments-api"]);
  });
});

describe("rate limiting", () => {
  it("is off unless configured", async () => {
    const bb = new BitbucketClient();
    for (let i = 0; i < 80; i++) expect((await bb.get("/projects")).status).toBe(200);
  });

  it("empties a per-user bucket into 429s, with Retry-After when configured, sparing the exempt", async () => {
    const bb = new BitbucketClient({ rateLimit: { capacity: 3, refillPerSecond: 0.001, retryAfter: 7, exempt: ["jdoe"] } });
    for (let i = 0; i < 3; i++) expect((await bb.get("/projects")).status).toBe(200);
    const limited = await bb.get("/projects");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.json.errors[0].message).toMatch(/rate limited/);
    // The bucket is the user's, whatever the credential; other principals keep theirs.
    expect((await bb.get("/projects", bearer("admin-pat"))).status).toBe(429);
    expect((await bb.get("/projects/PLAT", bearer("plat-token"))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await bb.get("/projects", basic("jdoe", "jdoe-pw"))).status).toBe(200);
  });

  it("refills over time", async () => {
    const bb = new BitbucketClient({ rateLimit: { capacity: 1, refillPerSecond: 50 } });
    expect((await bb.get("/projects")).status).toBe(200);
    expect((await bb.get("/projects")).status).toBe(429);
    expect((await bb.get("/projects")).headers.get("retry-after")).toBeNull();
    await new Promise((r) => setTimeout(r, 60));
    expect((await bb.get("/projects")).status).toBe(200);
  });

  it("shapes injected faults in the Bitbucket envelope", async () => {
    const bb = new BitbucketClient();
    await bb.control("POST", "/_fake/faults", { rules: [{ path: "/raw/", status: 503, times: 1, headers: { "content-type": "application/json;charset=UTF-8" } }] });
    const busy = await bb.get(`${REPO}/raw/port.yaml`);
    expect(busy.status).toBe(503);
    expect(busy.json.errors[0].exceptionName).toBe("com.atlassian.bitbucket.scm.ResourceBusyException");
    expect((await bb.get(`${REPO}/raw/port.yaml`)).status).toBe(200);
  });
});
