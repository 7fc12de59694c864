/**
 * Workers cannot read their own CPU time, and a tick past the plan's CPU limit is killed before it
 * saves its cursor. So a tick estimates what it spent: a fixed cost (state, lease, mapping lookup),
 * a cost per step (requests, JSON, hashing, state) and per item listed and mapped.
 * Coefficients (µs of CPU) from bench/cpu.bench.ts on the real app core (Deno process CPU, warm
 * free-plan ticks of one page: 7-14 ms for pages of 1-35 items, 21-42 ms for pages of 100), fitted
 * and rounded up. Response bytes are not counted: large listing pages arrive chunked, without a
 * Content-Length to count them by.
 */
export const CPU_MODEL: CpuModel = { tickUs: 5000, stepUs: 5000, itemUs: 250 };

export interface CpuModel {
  tickUs: number;
  stepUs: number;
  itemUs: number;
}

export interface CpuEstimate {
  /** Estimated CPU milliseconds spent so far in this tick. */
  readonly spentMs: number;
  /** Whether a step like the costliest one so far still fits the budget. */
  nextStepFits(): boolean;
  /** Charges a finished step with the items it listed. */
  charge(items: number): void;
}

/** `budgetMs` 0: no CPU cap, the estimate is only reported. */
export function cpuEstimate(budgetMs: number, model: CpuModel = CPU_MODEL): CpuEstimate {
  let spentUs = model.tickUs;
  let costliestUs = model.stepUs;
  return {
    get spentMs() {
      return spentUs / 1000;
    },
    nextStepFits: () => budgetMs === 0 || spentUs + costliestUs <= budgetMs * 1000,
    charge(items) {
      const stepUs = model.stepUs + items * model.itemUs;
      spentUs += stepUs;
      costliestUs = Math.max(costliestUs, stepUs);
    },
  };
}
