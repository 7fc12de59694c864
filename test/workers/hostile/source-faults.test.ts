import { beforeAll, describe, expect, it } from "vitest";
import { call, status, tick, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import { ADMIN_TOKEN } from "../../support/cycles.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import type { FaultRule } from "../../fakes/base.ts";
import { credentials } from "../../fixtures/harbor/realistic.ts";
import * as bitbucket from "../bitbucket/support.ts";
import * as harbor from "../harbor/support.ts";
import { captureLogs, catalog, expectNoSecrets } from "./corpus.ts";

/**
 * Hostile sources: 5xx, rate limits, bodies that are not what they claim, slow answers and
 * redirects elsewhere, each during a resync of a catalog synced before. Every fault is reported
 * by name in /status, nothing is deleted or changed in Port because of it, and once the source
 * recovers the next cycle leaves the catalog as it was.
 */

interface Row {
  name: string;
  faults: (elsewhere: string) => FaultRule[];
  /** What /status says (errors, or why the tick stopped); absent when the fault is absorbed. */
  says?: RegExp;
}

const HTML_PAGE = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
const json = { "content-type": "application/json" };

const harborRows: Row[] = [
  { name: "503 on every artifact listing", faults: () => [{ method: "GET", path: "/artifacts$", status: 503 }], says: /listing artifact failed: GET \/projects\/\d+\/artifacts: 503/ },
  { name: "500 on the project listing", faults: () => [{ method: "GET", path: "^/api/v2\\.0/projects$", status: 500 }], says: /listing project failed: GET \/projects: 500/ },
  { name: "429 asking for 10 minutes", faults: () => [{ method: "GET", path: "/repositories$", status: 429, headers: { "retry-after": "600" } }], says: /asks to wait 600 s/ },
  { name: "429 asking for a second, twice", faults: () => [{ method: "GET", path: "^/api/v2\\.0/projects$", status: 429, times: 2, headers: { "retry-after": "1" } }] },
  { name: "a truncated JSON page", faults: () => [{ method: "GET", path: "^/api/v2\\.0/projects$", status: 200, headers: json, text: '[{"project_id": 1, "name": "libr' }], says: /listing project failed: GET \/api\/v2\.0\/projects: 200 InvalidJson: the body is not JSON/ },
  { name: "an HTML error page", faults: () => [{ method: "GET", path: "/repositories$", status: 502, headers: { "content-type": "text/html" }, text: HTML_PAGE }], says: /listing repository failed: GET \/projects\/\w+\/repositories: 502: <!DOCTYPE html>/ },
  { name: "an HTML page answered 200", faults: () => [{ method: "GET", path: "/artifacts$", status: 200, headers: { "content-type": "text/html" }, text: HTML_PAGE }], says: /listing artifact failed: .*Bad Gateway/ },
  { name: "an object where a list belongs", faults: () => [{ method: "GET", path: "^/api/v2\\.0/users$", status: 200, headers: json, text: '{"items":[]}' }], says: /listing user failed: .*Expected Array but received Object/ },
  { name: "a redirect to another host", faults: (elsewhere) => [{ method: "GET", path: "/artifacts$", status: 302, headers: { location: `${elsewhere}/api/v2.0/projects/1/artifacts?token=leak` } }], says: /listing artifact failed: GET \/api\/v2\.0\/projects\/\d+\/artifacts: 302 Redirect: refused a redirect to another host, 127\.0\.0\.1:\d+/ },
  { name: "401: the credentials were revoked", faults: () => [{ path: "^/api/v2\\.0/", status: 401, body: { errors: [{ code: "UNAUTHORIZED", message: "unauthorized" }] } }], says: /Harbor does not accept HARBOR_USERNAME \\"admin\\" with HARBOR_PASSWORD \(401 on GET \/users\/current\)/ },
  { name: "a slow but complete answer", faults: () => [{ method: "GET", path: "^/api/v2\\.0/projects$", status: 200, pass: true, delayMs: 2000 }] },
];

const bitbucketRows: Row[] = [
  { name: "503 on one file read", faults: () => [{ method: "GET", path: "/repos/svc-01/raw/", status: 503 }], says: /svc-01.*503.*entities are kept/ },
  { name: "an HTML page served as the file", faults: () => [{ method: "GET", path: "/repos/svc-02/raw/port\\.yaml$", status: 200, headers: { "content-type": "text/html" }, text: HTML_PAGE }], says: /svc-02: port\.yaml: .*nothing from it is written or deleted/ },
  { name: "a truncated repository page", faults: () => [{ method: "GET", path: "^/rest/api/1\\.0/projects/PLAT/repos$", status: 200, headers: json, text: '{"values":[{"id":1,"slug":"svc' }], says: /listing file failed: GET \/rest\/api\/1\.0\/projects\/PLAT\/repos: 200 InvalidJson: the body is not JSON/ },
  { name: "429 asking for 10 minutes on a listing", faults: () => [{ method: "GET", path: "^/rest/api/1\\.0/projects/PAY/repos$", status: 429, headers: { "retry-after": "600" } }], says: /wait 600 s/ },
  { name: "a redirect to another host on the project listing", faults: (elsewhere) => [{ method: "GET", path: "^/rest/api/1\\.0/projects$", status: 307, headers: { location: `${elsewhere}/rest/api/1.0/projects` } }], says: /listing file failed: GET \/rest\/api\/1\.0\/projects: 307 Redirect: refused a redirect to another host, 127\.0\.0\.1:\d+/ },
  { name: "500 on the project listing", faults: () => [{ method: "GET", path: "^/rest/api/1\\.0/projects$", status: 500 }], says: /listing file failed: GET \/projects: 500/ },
  { name: "a list that is not a page", faults: () => [{ method: "GET", path: "^/rest/api/1\\.0/projects/OPS/repos$", status: 200, headers: json, text: "[]" }], says: /listing file failed: / },
];

const logs = captureLogs();
let elsewhere: FakeControl;

beforeAll(async () => {
  elsewhere = await newFake("echo");
});

/** What /status says went wrong since `since`: recorded errors and why the last tick stopped. */
async function reported(env: TestEnv, plugin: string, since: number): Promise<string> {
  const s = await status(env);
  const recent = (s.plugins[plugin].errors as { at: string }[]).filter((e) => Date.parse(e.at) >= since);
  return JSON.stringify([recent, s.lastTick?.stoppedBy ?? null]);
}

const resyncRequest = (env: TestEnv, plugin: string) =>
  call(env, `/admin/resync/${plugin}`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

/** Tick, with time moving on past back-offs and rate limits, until no cycle runs. */
async function finishRunning(env: TestEnv, plugin: string) {
  for (let i = 0; i < 40 && (await status(env)).plugins[plugin].cycle; i++) {
    clock.advance(10 * 60_000);
    await tick(env);
  }
}

/** After the fault: let the cycle it hit end, then run one whole clean cycle. */
async function recover(env: TestEnv, plugin: string) {
  await finishRunning(env, plugin);
  const before = (await status(env)).plugins[plugin].lastCycle?.id;
  await resyncRequest(env, plugin);
  await finishRunning(env, plugin);
  expect((await status(env)).plugins[plugin].lastCycle?.id).not.toBe(before);
}

function suite(plugin: string, rows: Row[], setup: () => Promise<{ env: TestEnv; source: FakeControl; port: FakeControl; runCycle: (env: TestEnv) => Promise<unknown> }>) {
  describe(`${plugin} under fault`, () => {
    let env: TestEnv;
    let source: FakeControl;
    let port: FakeControl;
    let runCycle: (env: TestEnv) => Promise<unknown>;
    let synced: string[];
    beforeAll(async () => {
      clock.reset();
      ({ env, source, port, runCycle } = await setup());
      await runCycle(env);
      synced = await catalog(port);
    }, 60_000);

    it.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
      await elsewhere.clearRequests();
      const since = clock.now();
      await source.faults(row.faults(elsewhere.url));
      // The request runs a tick at once, under the fault.
      await resyncRequest(env, plugin);
      const said = await reported(env, plugin, since);
      if (row.says) expect(said).toMatch(row.says);
      // Nothing deleted or changed because of the fault, nothing sent elsewhere.
      expect(await catalog(port)).toEqual(synced);
      expect(await elsewhere.requests()).toEqual([]);
      expectNoSecrets([said, ...logs.lines, JSON.stringify(await status(env))], ["leak"]);

      await source.clearFaults();
      await recover(env, plugin);
      expect(await catalog(port)).toEqual(synced);
    });
  });
}

suite("harbor", harborRows, async () => {
  const h = await harbor.harness();
  return { env: h.env(credentials.admin), source: h.harbor, port: h.port, runCycle: (env) => harbor.runCycle(env) };
});

suite("bitbucket-gitops", bitbucketRows, async () => {
  const h = await bitbucket.harness();
  return { env: h.env(), source: h.bitbucket, port: h.port, runCycle: (env) => bitbucket.runCycle(env) };
});
