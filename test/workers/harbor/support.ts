import { call, status, testEnv, type TestEnv } from "../../support/app.ts";
import * as cycles from "../../support/cycles.ts";
import { newFake, type FakeControl } from "../../support/fakes.ts";
import { harborSeed } from "../../fixtures/harbor/realistic.ts";

export interface Harness {
  harbor: FakeControl;
  port: FakeControl;
  env(credentials: { username: string; password: string }, extra?: TestEnv): TestEnv;
}

/** `options` go to the fake Harbor's factory, e.g. `{ version: "2.11" }` for an older release. */
export async function harness(seed: unknown = harborSeed, options?: Record<string, unknown>): Promise<Harness> {
  const [harbor, port] = await Promise.all([newFake("harbor", options), newFake("port")]);
  await harbor.seed(seed);
  return {
    harbor,
    port,
    env: (credentials, extra = {}) =>
      testEnv({
        HARBOR_URL: harbor.url,
        HARBOR_USERNAME: credentials.username,
        HARBOR_PASSWORD: credentials.password,
        ...cycles.portSettings(port),
        RESYNC_SUBREQUEST_BUDGET: "1000",
        // Ticks of many pages, as on a paid plan; cpu-budget.test.ts runs the free plan's CPU cap.
        RESYNC_CPU_BUDGET_MS: "0",
        ...extra,
      }),
  };
}

/** The last finished cycle's progress, by kind. */
export async function lastCycle(env: TestEnv): Promise<Record<string, any>> {
  const s = await status(env);
  return Object.fromEntries(s.plugins.harbor.lastCycle.resources.map((r: any) => [r.kind, r]));
}

export const runCycle = (env: TestEnv, maxTicks?: number) => cycles.runCycle(env, "harbor", maxTicks);
export const resyncAgain = (env: TestEnv, maxTicks?: number) => cycles.resyncAgain(env, "harbor", maxTicks);
export { entities, identifiers } from "../../support/cycles.ts";
