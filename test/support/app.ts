import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { registerEnv } from "./registry.ts";
import worker from "./worker.ts";

export type TestEnv = Record<string, unknown>;

let instances = 0;

/**
 * An environment for one test: the real KV binding, its own PORTSIDE_INSTANCE (so tests sharing
 * the KV namespace never see each other's state), plus the settings the test gives.
 */
export function testEnv(overrides: TestEnv): TestEnv {
  instances++;
  const e = { ...env, PORTSIDE_INSTANCE: `t${instances}-${crypto.randomUUID().slice(0, 8)}`, ...overrides };
  registerEnv(e);
  return e;
}

/** Call the worker's fetch handler and wait for the work it deferred (webhook application). */
export async function call(e: TestEnv, path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://portside.test${path}`, init), e as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Call the worker's fetch handler without waiting for deferred work: what a webhook sender sees. */
export async function callAndDefer(e: TestEnv, path: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://portside.test${path}`, init), e as never, ctx);
  return { res, settled: () => waitOnExecutionContext(ctx) };
}

/** Run one cron tick to completion. */
export async function tick(e: TestEnv): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), e as never, ctx);
  await waitOnExecutionContext(ctx);
}

export async function status(e: TestEnv): Promise<any> {
  const res = await call(e, "/status", { headers: e.ADMIN_TOKEN ? { authorization: `Bearer ${e.ADMIN_TOKEN}` } : {} });
  if (res.status !== 200) throw new Error(`/status answered ${res.status}: ${await res.text()}`);
  return res.json();
}
