/**
 * Workers cannot read their own CPU time, and a tick past the plan's CPU limit is killed before it
 * saves its cursor. So a tick estimates what it spent: a fixed cost (state, lease, mapping lookup),
 * a cost per step, per item listed and mapped, and per byte of responses parsed.
 * Coefficients (µs of CPU) are bench/cpu.bench.ts's measurements of the real app, rounded up.
 */
export const CPU_MODEL: CpuModel = { tickUs: 2500, stepUs: 250, itemUs: 12, byteUs: 0.02 };

export interface CpuModel {
  tickUs: number;
  stepUs: number;
  itemUs: number;
  byteUs: number;
}

export interface CpuEstimate {
  /** Estimated CPU milliseconds spent so far in this tick. */
  readonly spentMs: number;
  /** Whether a step like the costliest one so far still fits the budget. */
  nextStepFits(): boolean;
  /** Charges a finished step with the items it listed and the response bytes it read. */
  charge(items: number, bytes: number): void;
}

export function cpuEstimate(budgetMs: number, model: CpuModel = CPU_MODEL): CpuEstimate {
  let spentUs = model.tickUs;
  let costliestUs = model.stepUs;
  return {
    get spentMs() {
      return spentUs / 1000;
    },
    nextStepFits: () => spentUs + costliestUs <= budgetMs * 1000,
    charge(items, bytes) {
      const stepUs = model.stepUs + items * model.itemUs + bytes * model.byteUs;
      spentUs += stepUs;
      costliestUs = Math.max(costliestUs, stepUs);
    },
  };
}
