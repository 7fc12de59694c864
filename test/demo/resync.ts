import type { RunningApp } from "./app.ts";

export interface Progress {
  tick: number;
  /** Per enabled plugin: items listed so far in its running cycle, or "done". */
  plugins: Record<string, number | "done">;
}

function progressOf(status: any, tick: number): Progress {
  const plugins: Progress["plugins"] = {};
  for (const [name, p] of Object.entries<any>(status.plugins)) {
    if (!p.enabled) continue;
    plugins[name] = p.cycle || !p.lastCycle ? (p.cycle?.resources ?? []).reduce((n: number, r: any) => n + r.listed, 0) : "done";
  }
  return { tick, plugins };
}

/**
 * Runs cron ticks until every enabled plugin has finished a cycle and none is running; returns
 * the ticks it took. A tick that finds no work costs one state read, so extra ones are harmless.
 */
export async function tickUntilIdle(app: RunningApp, options: { maxTicks?: number; onTick?: (p: Progress) => void } = {}) {
  const maxTicks = options.maxTicks ?? 200;
  for (let tick = 1; tick <= maxTicks; tick++) {
    await app.tick();
    const progress = progressOf(await app.status(), tick);
    options.onTick?.(progress);
    if (Object.values(progress.plugins).every((p) => p === "done")) return tick;
  }
  throw new Error(`cycles did not finish within ${maxTicks} ticks`);
}
