import type { Runtime } from "../runtime/context.ts";
import { commitTick } from "./commit.ts";
import { cpuEstimate } from "./cpu.ts";
import { claimTick } from "./lease.ts";
import { startRun, type ActiveRun } from "./plugin-run.ts";
import { runSteps, type Scheduled } from "./schedule.ts";
import { openSession } from "./session.ts";
import { workLeft } from "./stop.ts";
import type { TickReport } from "./types.ts";

/**
 * Extra time a lease outlives the tick's time budget: one step may overrun the deadline by its
 * retries, and a crashed tick's lease still expires before the next cron tick but one.
 */
const LEASE_MARGIN_MS = 120_000;

export interface TickResult {
  ran: boolean;
  reason?: string;
  report?: TickReport;
  /** Work is left that only a budget stopped (not a failure, a rate limit or an outage): a continuation may start at once. */
  more?: boolean;
  /** State writes made this UTC day, when the lease store counts them. */
  writesToday?: number;
}

/**
 * One tick: take the lease (claimTick), open the session and each enabled plugin's run (startRun),
 * step the runs in turn until the budgets are spent (runSteps), then save (commitTick). KV is
 * written twice however many pages ran (one segment with what the pages produced, and the sync
 * state), three times with the KV lease instead of the Durable Object's.
 */
export async function runTick(rt: Runtime): Promise<TickResult> {
  const started = rt.now();
  const claim = await claimTick(rt, started + rt.options.timeBudgetMs + LEASE_MARGIN_MS);
  if (!claim.taken) {
    rt.log.info("tick.skipped", { reason: claim.reason });
    return { ran: false, reason: claim.reason };
  }
  const { lease, sync } = claim;
  const tickId = lease.tick;

  // The lease remembers the last tick that saved its state, so the next one can tell stale state
  // from KV: released on an error, it must say whether this tick got as far as saving.
  const progress = { saved: false, released: false };
  try {
    const session = openSession(rt, sync);
    const deadline = started + rt.options.timeBudgetMs;
    const cpu = cpuEstimate(rt.options.cpuBudgetMs);
    const scheduled: Scheduled = { steps: 0, stoppedBy: {}, obsolete: [] };

    const runs: ActiveRun[] = [];
    if (!session) rt.log.warn("tick.idle", { reason: "Port settings are invalid; see /status" });
    for (const loaded of session ? rt.plugins.filter((p) => p.enabled) : []) {
      const run = await startRun(rt, session!, loaded, deadline, cpu);
      if ("stopped" in run) scheduled.stoppedBy[loaded.plugin.name] = run.stopped;
      else runs.push(run);
    }
    if (session) await runSteps(rt, runs, { outbound: session.outbound, deadline, cpu }, scheduled);
    await Promise.all(runs.map((run) => run.ahead?.settle()));

    // Another tick may have taken over after our lease expired (a step ran long): its state wins.
    if (!(await lease.held())) {
      rt.log.error("tick.lease_lost", { reason: "the lease expired during the tick; its progress is redone" });
      return { ran: false, reason: "lease lost" };
    }
    const { report, writesToday } = await commitTick(rt, { ...scheduled, id: tickId, started, sync, runs, outbound: session?.outbound, cpu, lease, progress });
    // A tick that could not take a single step would only make another like it.
    const more = scheduled.steps > 0 && workLeft(scheduled.stoppedBy);
    return { ran: true, report, more, ...(writesToday !== undefined && { writesToday }) };
  } catch (err) {
    // Free the lease now rather than at its expiry, which on Deno outlasts the next cron tick.
    if (!progress.released) await lease.release(rt.state.writes, progress.saved).catch(() => undefined);
    throw err;
  }
}
