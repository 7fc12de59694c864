import { beforeEach, describe, expect, it } from "vitest";
import { status, tick, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { expected } from "../../fixtures/bitbucket/gitops.ts";
import { errors, harness, identifiers, resyncAgain, runCycle, type Harness } from "../bitbucket/support.ts";

/** Redirects to another host are refused: nothing is sent there, and nothing it answers is trusted. */

let h: Harness;
let env: TestEnv;
/** A host that is neither Port nor Bitbucket; a redirect may name it, the app must never call it. */
let elsewhere: FakeControl;

beforeEach(async () => {
  clock.reset();
  [h, elsewhere] = await Promise.all([harness(), newFake("echo")]);
  env = h.env();
});

const hostOf = (url: string) => new URL(url).host;

describe("a cross-origin redirect", () => {
  it("from Port's token endpoint: the client id and secret are never posted to the other host", async () => {
    await h.port.faults([
      { method: "POST", path: "^/v1/auth/access_token$", status: 307, headers: { location: `http://user:pw@${hostOf(elsewhere.url)}/v1/auth/access_token?sig=topsecret` } },
    ]);
    await tick(env);
    expect(await elsewhere.requests()).toEqual([]);
    const s = await status(env);
    const text = JSON.stringify(s);
    expect(text).toContain(`redirect to another host, ${hostOf(elsewhere.url)}`);
    // The Location's user info and query are not repeated.
    expect(text).not.toMatch(/topsecret|user:pw/);
    const tokenPosts = (await h.port.requests()).filter((r) => r.path === "/v1/auth/access_token");
    expect(tokenPosts.length).toBeGreaterThan(0);
    expect(new Set(tokenPosts.map((r) => r.status))).toEqual(new Set([307]));
  });

  it("from a Bitbucket file read: the other host's file is not written, and the repository keeps its entities", async () => {
    await runCycle(env);
    await h.port.clearRequests();
    await elsewhere.faults([{ path: "/raw/", status: 200, text: "identifier: planted\ntitle: Planted\nblueprint: service\n" }]);
    await h.bitbucket.faults([
      { method: "GET", path: "/repos/svc-01/raw/port\\.yaml$", status: 302, headers: { location: `${elsewhere.url}/projects/PLAT/repos/svc-01/raw/port.yaml` } },
    ]);
    await resyncAgain(env);
    expect(await elsewhere.requests()).toEqual([]);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
    const failure = (await errors(env)).find((e) => e.message.includes("svc-01"));
    expect(failure?.message).toMatch(new RegExp(`302 Redirect: refused a redirect to another host, ${hostOf(elsewhere.url)}.*entities are kept`));
  });
});

describe("a same-origin redirect", () => {
  it("is followed, a bounded number of times", async () => {
    const location = `${h.bitbucket.url}/rest/api/1.0/projects/PLAT/repos/svc-01/raw/port.yaml`;
    // One hop to the same path (as a proxy adding a slash would): followed, the file is read.
    await h.bitbucket.faults([{ method: "GET", path: "/repos/svc-01/raw/port\\.yaml$", status: 301, times: 1, headers: { location } }]);
    await runCycle(env);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);

    // A loop: given up after a few hops, the repository fails, its entities stay.
    await h.bitbucket.faults([{ method: "GET", path: "/repos/svc-01/raw/port\\.yaml$", status: 307, headers: { location } }]);
    await h.bitbucket.clearRequests();
    await resyncAgain(env);
    const reads = (await h.bitbucket.requests()).filter((r) => r.path.endsWith("/svc-01/raw/port.yaml"));
    expect(reads).toHaveLength(4);
    expect((await errors(env)).find((e) => e.message.includes("svc-01"))?.message).toMatch(/more than 3 redirects/);
    expect(await identifiers(h.port, "service")).toEqual(expected.service);
  });
});
