import { call, status, tick, type TestEnv } from "./app.ts";
import type { FakeControl } from "./fakes.ts";

export const ADMIN_TOKEN = "admin-token-for-tests";

/** Settings that point the app at a fake Port with its default client, and enable the admin routes. */
export const portSettings = (port: FakeControl): TestEnv => ({
  PORT_CLIENT_ID: "test-client-id",
  PORT_CLIENT_SECRET: "test-client-secret",
  PORT_API_URL: `${port.url}/v1`,
  ADMIN_TOKEN,
});

async function finished(env: TestEnv, plugin: string, before: string | undefined): Promise<boolean> {
  const p = (await status(env)).plugins[plugin];
  return Boolean(p.lastCycle && p.lastCycle.id !== before && !p.cycle);
}

/** Tick until a cycle of `plugin` that started after the call has finished; returns the ticks it took. */
export async function runCycle(env: TestEnv, plugin: string, maxTicks = 50): Promise<number> {
  const before = (await status(env)).plugins[plugin].lastCycle?.id;
  for (let i = 1; i <= maxTicks; i++) {
    await tick(env);
    if (await finished(env, plugin, before)) return i;
  }
  throw new Error(`${plugin} cycle did not finish within ${maxTicks} ticks`);
}

/** Ask for a resync through the admin API (which may run it at once) and tick until it finished. */
export async function resyncAgain(env: TestEnv, plugin: string, maxTicks = 50): Promise<void> {
  const before = (await status(env)).plugins[plugin].lastCycle?.id;
  const res = await call(env, `/admin/resync/${plugin}`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`resync request answered ${res.status}`);
  for (let i = 0; i < maxTicks; i++) {
    if (await finished(env, plugin, before)) return;
    await tick(env);
  }
  throw new Error(`requested ${plugin} cycle did not finish within ${maxTicks} ticks`);
}

export async function entities(port: FakeControl, blueprint: string): Promise<any[]> {
  const state = await port.state();
  return (state.entities as any[]).filter((e) => e.blueprint === blueprint);
}

export async function identifiers(port: FakeControl, blueprint: string): Promise<string[]> {
  return (await entities(port, blueprint)).map((e) => e.identifier).sort();
}
