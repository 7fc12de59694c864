import { errorMessage } from "../log.ts";
import type { Runtime } from "../runtime/context.ts";
import type { Outbound } from "../runtime/outbound.ts";
import { finishCycle } from "./cycle.ts";
import { failResource, runPage } from "./page.ts";
import type { ActiveRun } from "./plugin-run.ts";
import { reconcileStep, startReconcile } from "./reconcile.ts";
import { cycleReport, reportResync } from "./resync-report.ts";
import { isPortPause } from "./stop.ts";
import { recordError, type CycleState } from "./types.ts";

export interface StepResult {
  /** Items the step listed (what its CPU is charged for). */
  listed: number;
  /** Whether the step moved the cycle (a page or a reconciliation step ran to its end). */
  moved: boolean;
  /** Why the plugin stops for this tick, if it does. */
  stop?: string;
  /** Segments the finished cycle no longer reads. */
  obsolete?: string[];
}

/**
 * One step of a plugin's cycle: the page at its cursor, or one reconciliation step once every
 * resource is listed. `first`: the tick's first step, which has the whole budget (less the tick's
 * own fixed requests): if it cannot move its page, no later tick can either.
 */
export async function runStep(rt: Runtime, run: ActiveRun, outbound: Outbound, first: boolean): Promise<StepResult> {
  const { cycle } = run;
  const before = outbound.used;
  const mark = first ? pageMark(cycle) : undefined;
  let listed = 0;
  try {
    if (cycle.position < cycle.resources.length) {
      const stepStarted = rt.now();
      const progress = cycle.resources[cycle.position]!;
      const counts = { ...progress };
      const record = await runPage(run, cycle);
      listed = progress.listed - counts.listed;
      run.lastPageCost = outbound.used - before;
      if (record) run.pending.pages.push(record);
      if (mark !== undefined) noteStall(run, cycle, mark, rt.options.subrequestBudget);
      rt.log.info("page.done", {
        plugin: run.plugin.name,
        cycle: cycle.id,
        kind: progress.kind,
        page: progress.pages,
        listed,
        upserted: progress.upserted - counts.upserted,
        unchanged: progress.unchanged - counts.unchanged,
        failed: progress.failed - counts.failed,
        outbound: outbound.used - before,
        durationMs: rt.now() - stepStarted,
      });
      return { listed, moved: true };
    }
    cycle.reconcile ??= startReconcile(run.plugin, cycle, run.state.lastCycle);
    const step = await reconcileStep(run, cycle);
    if (step === "wait") return { listed, moved: false, stop: "stale entities recorded; deleting starts next tick" };
    if (step === "done") {
      const obsolete = finishCycle(run.state, rt.options.intervalMinutes, rt.now());
      rt.log.info("cycle.finished", { plugin: run.plugin.name, cycle: cycle.id, reconcile: cycle.reconcile.kinds });
      await reportResync(rt, run.writer, run.state, cycleReport(run.plugin.name, run.state, rt.options.intervalMinutes));
      return { listed, moved: false, stop: "cycle finished", obsolete };
    }
    return { listed, moved: true };
  } catch (err) {
    if (isPortPause(err)) {
      // A rate limit or an outage says nothing about the page; only a spent budget does.
      if (mark !== undefined && err.name === "BudgetExhaustedError") noteStall(run, cycle, mark, rt.options.subrequestBudget);
      return { listed, moved: false, stop: `${err.name}: ${err.message}` };
    }
    // An unexpected failure stops this plugin for the tick; progress made so far is still saved.
    recordError(run.state, { message: `tick failed: ${errorMessage(err)}` }, rt.now());
    rt.log.error("step.failed", { plugin: run.plugin.name, cycle: cycle.id, error: errorMessage(err) });
    return { listed, moved: false, stop: `error: ${errorMessage(err)}` };
  }
}

/** Where the running resource stands: unchanged after a step means the step moved nothing. */
function pageMark(cycle: CycleState): string | undefined {
  const progress = cycle.resources[cycle.position];
  return progress && JSON.stringify([cycle.position, progress.cursor, progress.pages, progress.partial ?? null]);
}

/** Ticks a page may begin without moving before it is failed (the first of a cycle also ensures blueprints). */
const MAX_STALLS = 2;

/**
 * After a tick's first step: a page that did not move although it had the tick's budget is counted,
 * and failed with what to change once it stalled twice in a row, so the cycle goes on (nothing of a
 * failed kind is deleted) instead of every later tick redoing the same page.
 */
function noteStall(run: ActiveRun, cycle: CycleState, mark: string | undefined, budget: number): void {
  const progress = cycle.resources[cycle.position];
  if (!progress || mark === undefined) return;
  if (pageMark(cycle) !== mark) {
    delete progress.stalls;
    return;
  }
  progress.stalls = (progress.stalls ?? 0) + 1;
  if (progress.stalls < MAX_STALLS) return;
  const err = new Error(
    `a page needs more than the ${budget} outbound requests a tick may make: its listing and checks spend them before anything is written; raise RESYNC_SUBREQUEST_BUDGET`,
  );
  failResource(run, cycle, progress, `page ${progress.pages + 1} of ${progress.kind} cannot fit a tick`, err);
}
