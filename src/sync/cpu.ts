/**
 * Workers cannot read their own CPU time, and a tick past the plan's CPU limit is killed before it
 * saves its cursor. So a tick estimates what it spent: a fixed cost (state, lease, mapping lookup),
 * a cost per step (requests, JSON, hashing, state) and per item listed and mapped.
 * Coefficients (µs of CPU) from bench/cpu.bench.ts on the real app core (Deno process CPU, warm
 * free-plan ticks of one page: 60 ticks at pages of 12 to 100 items a run, lines fitted over eight
 * runs from 5.6 ms + 109 µs to 9.3 ms + 69 µs per item): about the middle of those lines, not
 * their worst, since a smaller page means more ticks and more KV writes for every entity. The
 * first tick of a cold isolate costs far more (V8 compiles the code, the mapping is compiled: about
 * 100-120 ms) and no page size makes it fit.
 * Response bytes are not counted: large listing pages arrive chunked, without a Content-Length to
 * count them by.
 */
export const CPU_MODEL: CpuModel = { tickUs: 4000, stepUs: 4000, itemUs: 80 };

export interface CpuModel {
  tickUs: number;
  stepUs: number;
  itemUs: number;
}

export interface CpuEstimate {
  /** Estimated CPU milliseconds spent so far in this tick. */
  readonly spentMs: number;
  /**
   * Whether another step fits the budget: one like the costliest so far, or a full page of `items`
   * if that costs more (a tick that began with a short page must not take a full one past it).
   */
  nextStepFits(items?: number): boolean;
  /** Whether `steps` more steps fit, each as `nextStepFits` costs one: pages worked on ahead must too. */
  stepsFit(steps: number, items?: number): boolean;
  /** Charges a finished step with the items it listed. */
  charge(items: number): void;
}

/**
 * Items a page may hold so that a tick of one page fits `budgetMs`: a tick stops before a step
 * that would not fit, but its first step always runs, so its page must fit by itself. At least one
 * item, or no tick would move; at most the plugin's own page size. `budgetMs` 0: the page size.
 */
export function pageLimit(budgetMs: number, pageSize: number, model: CpuModel = CPU_MODEL): number {
  if (budgetMs === 0) return pageSize;
  const fit = Math.floor((budgetMs * 1000 - model.tickUs - model.stepUs) / model.itemUs);
  return Math.min(pageSize, Math.max(1, fit));
}

/** `budgetMs` 0: no CPU cap, the estimate is only reported. */
export function cpuEstimate(budgetMs: number, model: CpuModel = CPU_MODEL): CpuEstimate {
  let spentUs = model.tickUs;
  let costliestUs = model.stepUs;
  const fits = (steps: number, items: number) =>
    budgetMs === 0 || spentUs + steps * Math.max(costliestUs, model.stepUs + items * model.itemUs) <= budgetMs * 1000;
  return {
    get spentMs() {
      return spentUs / 1000;
    },
    nextStepFits: (items = 0) => fits(1, items),
    stepsFit: (steps, items = 0) => fits(steps, items),
    charge(items) {
      const stepUs = model.stepUs + items * model.itemUs;
      spentUs += stepUs;
      costliestUs = Math.max(costliestUs, stepUs);
    },
  };
}
