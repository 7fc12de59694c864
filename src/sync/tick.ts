import type { Runtime } from "../runtime/context.ts";
import { commitTick } from "./commit.ts";
import { cpuEstimate } from "./cpu.ts";
import { startRun, type ActiveRun } from "./plugin-run.ts";
import { runSteps, type Scheduled } from "./schedule.ts";
import { openSession } from "./session.ts";
import { loadSyncState, syncKeys } from "./state.ts";
import type { Lease, TickReport } from "./types.ts";

/**
 * Extra time a lease outlives the tick's time budget: one step may overrun the deadline by its
 * retries, and a crashed tick's lease still expires before the next cron tick but one.
 */
const LEASE_MARGIN_MS = 120_000;
const LEASE_SETTLE_MS = 50;

export interface TickResult {
  ran: boolean;
  reason?: string;
  report?: TickReport;
}

/**
 * One cron tick: take the lease, open the session and each enabled plugin's run (startRun), step
 * the runs in turn until the budgets are spent (runSteps), then save (commitTick). State is written
 * at most three times, however many pages ran: the lease, one segment with what the pages
 * produced, and the sync state.
 */
export async function runTick(rt: Runtime): Promise<TickResult> {
  const started = rt.now();
  const [lease, sync] = await Promise.all([rt.state.get<Lease>(syncKeys.lease), loadSyncState(rt.state)]);
  if (lease && lease.until > started && lease.tick !== sync.lastTickId) {
    rt.log.info("tick.skipped", { reason: "another tick holds the lease", until: new Date(lease.until).toISOString() });
    return { ran: false, reason: "another tick holds the lease" };
  }
  const tickId = crypto.randomUUID();
  await rt.state.set(syncKeys.lease, { tick: tickId, until: started + rt.options.timeBudgetMs + LEASE_MARGIN_MS });
  // KV has no compare-and-set: two ticks that both saw the lease free both wrote it. After a pause
  // only the last writer reads its own id back, and the other one leaves.
  await new Promise((resolve) => setTimeout(resolve, LEASE_SETTLE_MS));
  if ((await rt.state.get<Lease>(syncKeys.lease))?.tick !== tickId) {
    rt.log.info("tick.skipped", { reason: "another tick took the lease at the same time" });
    return { ran: false, reason: "another tick took the lease at the same time" };
  }

  const session = openSession(rt, sync);
  const deadline = started + rt.options.timeBudgetMs;
  const cpu = cpuEstimate(rt.options.cpuBudgetMs);
  const scheduled: Scheduled = { steps: 0, stoppedBy: {}, obsolete: [] };

  const runs: ActiveRun[] = [];
  if (!session) rt.log.warn("tick.idle", { reason: "Port settings are invalid; see /status" });
  for (const loaded of session ? rt.plugins.filter((p) => p.enabled) : []) {
    const run = await startRun(rt, session!, loaded, deadline);
    if ("stopped" in run) scheduled.stoppedBy[loaded.plugin.name] = run.stopped;
    else runs.push(run);
  }
  if (session) await runSteps(rt, runs, { outbound: session.outbound, deadline, cpu }, scheduled);

  // Another tick may have taken over after our lease expired (a step ran long): its state wins.
  if ((await rt.state.get<Lease>(syncKeys.lease))?.tick !== tickId) {
    rt.log.error("tick.lease_lost", { reason: "the lease expired during the tick; its progress is redone" });
    return { ran: false, reason: "lease lost" };
  }
  const report = await commitTick(rt, { ...scheduled, id: tickId, started, sync, runs, outbound: session?.outbound, cpu });
  return { ran: true, report };
}
