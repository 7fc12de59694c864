/** Thrown before an outbound request that would exceed the tick's subrequest budget. */
export class BudgetExhaustedError extends Error {
  override name = "BudgetExhaustedError";
  constructor(readonly budget: number) {
    super(`outbound request budget of ${budget} for this tick is spent`);
  }
}

export interface Outbound {
  /** fetch that counts every call (retries and redirects too) against the budget. */
  fetch: typeof fetch;
  readonly used: number;
  readonly remaining: number;
}

/** Workers count each fetch as a subrequest; this makes the count visible and enforces a cap. */
export function createOutbound(budget: number, inner: typeof fetch = globalThis.fetch): Outbound {
  let used = 0;
  const counted = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (used >= budget) return Promise.reject(new BudgetExhaustedError(budget));
    used++;
    return inner(input, init);
  }) as typeof fetch;
  return {
    fetch: counted,
    get used() {
      return used;
    },
    get remaining() {
      return Math.max(0, budget - used);
    },
  };
}
