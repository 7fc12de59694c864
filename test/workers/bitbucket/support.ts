import { call, status, testEnv, tick, type TestEnv } from "../../support/app.ts";
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
        PORT_CLIENT_ID: "test-client-id",
        PORT_CLIENT_SECRET: "test-client-secret",
        PORT_API_URL: `${port.url}/v1`,
        ADMIN_TOKEN: "admin-token-for-tests",
        RESYNC_SUBREQUEST_BUDGET: "1000",
        ...extra,
      }),
  };
}

async function finished(env: TestEnv, before: string | undefined): Promise<boolean> {
  const s = await status(env);
  const p = s.plugins[PLUGIN];
  return Boolean(p.lastCycle && p.lastCycle.id !== before && !p.cycle);
}

/** Tick until a cycle that started after the call has finished; returns the ticks it took. */
export async function runCycle(env: TestEnv, maxTicks = 50): Promise<number> {
  const before = (await status(env)).plugins[PLUGIN].lastCycle?.id;
  for (let i = 1; i <= maxTicks; i++) {
    await tick(env);
    if (await finished(env, before)) return i;
  }
  throw new Error(`${PLUGIN} cycle did not finish within ${maxTicks} ticks`);
}

/** Ask for a resync through the admin API and tick until it finished. */
export async function resyncAgain(env: TestEnv, maxTicks = 50): Promise<void> {
  const before = (await status(env)).plugins[PLUGIN].lastCycle?.id;
  const res = await call(env, `/admin/resync/${PLUGIN}`, { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
  if (!res.ok) throw new Error(`resync request answered ${res.status}`);
  for (let i = 0; i < maxTicks; i++) {
    if (await finished(env, before)) return;
    await tick(env);
  }
  throw new Error(`requested ${PLUGIN} cycle did not finish within ${maxTicks} ticks`);
}

export async function entities(port: FakeControl, blueprint: string): Promise<any[]> {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => e.blueprint === blueprint);
}

export async function identifiers(port: FakeControl, blueprint: string): Promise<string[]> {
  return (await entities(port, blueprint)).map((e) => e.identifier).sort();
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
