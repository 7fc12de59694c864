import { call, status, testEnv, type TestEnv } from "../../support/app.ts";
import { clock } from "../../support/clock.ts";
import * as cycles from "../../support/cycles.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { blueprints, credentials, seed } from "../../fixtures/bitbucket/gitops.ts";

export const PLUGIN = "bitbucket-gitops";
export const HOOK_PATH = `/webhooks/${PLUGIN}`;
export const WEBHOOK_SECRET = "bitbucket-webhook-secret-for-tests";

export interface Harness {
  bitbucket: FakeControl;
  port: FakeControl;
  env(extra?: TestEnv): TestEnv;
}

/** Every event portside subscribes a project webhook to: the GitOps files', then Bitbucket's own kinds'. */
export const EVENTS = [
  "repo:refs_changed",
  "repo:modified",
  "pr:opened",
  "pr:modified",
  "pr:merged",
  "pr:declined",
  "pr:deleted",
  "pr:reviewer:updated",
  "pr:reviewer:approved",
  "pr:reviewer:unapproved",
  "pr:reviewer:needs_work",
  "project:modified",
];

/** Projects' webhooks to this app, so pushes in the fake produce signed deliveries to replay. */
export const hooks = (secret = WEBHOOK_SECRET) =>
  ["PLAT", "PAY", "OPS"].map((project) => ({
    project,
    url: `http://portside.test${HOOK_PATH}`,
    events: ["repo:refs_changed", "repo:modified"],
    secret,
  }));

/** Pages clamped to 25 (the server lowers portside's limit of 100); deliveries returned, not sent. */
export async function harness(data: unknown = { ...seed, webhooks: hooks() }): Promise<Harness> {
  const [bitbucket, port] = await Promise.all([newFake("bitbucket", { maxLimit: 25, deliver: "return" }), newFake("port")]);
  await Promise.all([bitbucket.seed(data), port.seed({ blueprints })]);
  return {
    bitbucket,
    port,
    env: (extra = {}) =>
      testEnv({
        BITBUCKET_HOST: bitbucket.url,
        BITBUCKET_USERNAME: credentials.user.username,
        BITBUCKET_PASSWORD: credentials.user.password,
        BITBUCKET_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ...cycles.portSettings(port),
        RESYNC_SUBREQUEST_BUDGET: "1000",
        // Ticks of many pages, as on a paid plan: these tests are about pages, not the CPU cap.
        RESYNC_CPU_BUDGET_MS: "0",
        ...extra,
      }),
  };
}

export async function errors(env: TestEnv): Promise<{ item?: string; message: string }[]> {
  return (await status(env)).plugins[PLUGIN].errors;
}

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A delivery's headers by lower-case name, as the app reads them. */
export const headersOf = (delivery: Delivery) =>
  Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]));

/** Replay one delivery the fake returned into the app, as Bitbucket would POST it; `headers` may tamper with it. */
export function deliver(env: TestEnv, delivery: Delivery, headers: (h: Record<string, string>) => Record<string, string> = (h) => h) {
  return call(env, HOOK_PATH, { method: "POST", headers: headers(headersOf(delivery)), body: delivery.body });
}

/** Writes Port saw: bulk upserts and deletes. */
export async function portWrites(port: FakeControl): Promise<number> {
  const requests = await port.requests();
  return requests.filter((r) => /\/entities\/bulk$|\/bulk\/entities\/delete$/.test(r.path) || r.method === "DELETE").length;
}

export const runCycle = (env: TestEnv, maxTicks?: number) => cycles.runCycle(env, PLUGIN, maxTicks);

/** A fresh harness after its first cycle, at a reset clock: where most tests start. */
export async function syncedHarness(): Promise<{ h: Harness; env: TestEnv }> {
  clock.reset();
  const h = await harness();
  const env = h.env();
  await runCycle(env);
  return { h, env };
}
export const resyncAgain = (env: TestEnv, maxTicks?: number) => cycles.resyncAgain(env, PLUGIN, maxTicks);
export { entities, identifiers } from "../../support/cycles.ts";
