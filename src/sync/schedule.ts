import type { Runtime } from "../runtime/context.ts";
import type { Outbound } from "../runtime/outbound.ts";
import type { CpuEstimate } from "./cpu.ts";
import type { ActiveRun } from "./plugin-run.ts";
import { findPage } from "./segments.ts";
import { runStep } from "./step.ts";

/** What a reconciliation step costs: one owned-entities page or one bulk delete, plus a token renewal. */
const RECONCILE_STEP_COST = 2;
/** About 36 bytes an entity: keeps one tick's segment near 7 MiB, far under KV's 25 MiB per value. */
const MAX_SEGMENT_ENTITIES = 200_000;

export interface TickLimits {
  outbound: Outbound;
  deadline: number;
  cpu: CpuEstimate;
}

export interface Scheduled {
  /** Steps that moved a cycle. */
  steps: number;
  /** Per plugin, why it stopped this tick. */
  stoppedBy: Record<string, string>;
  /** Segments the cycles that finished no longer read. */
  obsolete: string[];
}

/**
 * Step every plugin's cycle in turn (round robin, so plugins share the tick fairly) until each one
 * stops: its cycle finished or waits, or the time, subrequest, CPU or segment budget is spent.
 */
export async function runSteps(rt: Runtime, runs: readonly ActiveRun[], limits: TickLimits, scheduled: Scheduled): Promise<void> {
  const { outbound, deadline, cpu } = limits;
  const active = [...runs];
  while (active.length > 0) {
    for (const run of [...active]) {
      const stop = (why: string) => {
        scheduled.stoppedBy[run.plugin.name] = why;
        active.splice(active.indexOf(run), 1);
      };
      if (rt.now() >= deadline) {
        stop("time budget spent");
        continue;
      }
      if (outbound.remaining < stepEstimate(run)) {
        stop("subrequest budget spent");
        continue;
      }
      // The first step always runs, or a tick whose fixed cost fills the budget would never progress.
      if (scheduled.steps > 0 && !cpu.nextStepFits(run.pageLimit)) {
        stop("CPU budget spent");
        continue;
      }
      if (run.pending.pages.reduce((n, p) => n + p.h.length, 0) >= MAX_SEGMENT_ENTITIES) {
        stop("segment full");
        continue;
      }
      const result = await runStep(rt, run, outbound, scheduled.steps === 0);
      cpu.charge(result.listed);
      if (result.obsolete) scheduled.obsolete.push(...result.obsolete);
      if (result.moved) scheduled.steps++;
      if (result.stop !== undefined) stop(result.stop);
    }
  }
}

/**
 * What the next step may cost, so a tick rarely starts a page it cannot list (a listing stopped by
 * the budget is redone next tick; writes that do not fit resume next tick). A page the last cycle
 * wrote is probably unchanged: a listing and at most a bulk. A page it never saw may be all new: a
 * listing, a bulk per 20 entities and a token.
 */
function stepEstimate(run: ActiveRun): number {
  const { cycle } = run;
  const progress = cycle.resources[cycle.position];
  if (!progress) return RECONCILE_STEP_COST;
  if (findPage(run.previous, progress.index, progress.pages) !== undefined) return Math.max(2, run.lastPageCost);
  return Math.max(2 + Math.ceil(run.pageLimit / 20), run.lastPageCost);
}
