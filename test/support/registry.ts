/**
 * Test environments by deployment (PORTSIDE_INSTANCE). The test worker's queue handler runs in the
 * same isolate as the tests and looks a message's settings up here.
 */
const envs = new Map<string, Record<string, unknown>>();

export function registerEnv(env: Record<string, unknown>): void {
  if (typeof env.PORTSIDE_INSTANCE === "string") envs.set(env.PORTSIDE_INSTANCE, env);
}

export const registeredEnv = (instance: string): Record<string, unknown> => envs.get(instance) ?? {};
