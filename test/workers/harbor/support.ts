import { call, status, testEnv, tick, type TestEnv } from "../../support/app.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { harborSeed } from "../../fixtures/harbor/realistic.ts";

export interface Harness {
  harbor: FakeControl;
  port: FakeControl;
  env(credentials: { username: string; password: string }, extra?: TestEnv): TestEnv;
}

export async function harness(seed: unknown = harborSeed): Promise<Harness> {
  const [harbor, port] = await Promise.all([newFake("harbor"), newFake("port")]);
  await harbor.seed(seed);
  return {
    harbor,
    port,
    env: (credentials, extra = {}) =>
      testEnv({
        HARBOR_URL: harbor.url,
        HARBOR_USERNAME: credentials.username,
        HARBOR_PASSWORD: credentials.password,
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
  return Boolean(s.plugins.harbor.lastCycle && s.plugins.harbor.lastCycle.id !== before && !s.plugins.harbor.cycle);
}

/** Tick until a harbor cycle that started after the call has finished; returns the ticks it took. */
export async function runCycle(env: TestEnv, maxTicks = 50): Promise<number> {
  const before = (await status(env)).plugins.harbor.lastCycle?.id;
  for (let i = 1; i <= maxTicks; i++) {
    await tick(env);
    if (await finished(env, before)) return i;
  }
  throw new Error(`harbor cycle did not finish within ${maxTicks} ticks`);
}

/** Ask for a resync through the admin API (which may run it at once) and tick until it finished. */
export async function resyncAgain(env: TestEnv, maxTicks = 50): Promise<void> {
  const before = (await status(env)).plugins.harbor.lastCycle?.id;
  const res = await call(env, "/admin/resync/harbor", { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
  if (!res.ok) throw new Error(`resync request answered ${res.status}`);
  for (let i = 0; i < maxTicks; i++) {
    if (await finished(env, before)) return;
    await tick(env);
  }
  throw new Error(`requested harbor cycle did not finish within ${maxTicks} ticks`);
}

export async function entities(port: FakeControl, blueprint: string): Promise<any[]> {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => e.blueprint === blueprint);
}

export async function identifiers(port: FakeControl, blueprint: string): Promise<string[]> {
  return (await entities(port, blueprint)).map((e) => e.identifier).sort();
}

/** The last finished cycle's progress, by kind. */
export async function lastCycle(env: TestEnv): Promise<Record<string, any>> {
  const s = await status(env);
  return Object.fromEntries(s.plugins.harbor.lastCycle.resources.map((r: any) => [r.kind, r]));
}
