/**
 * Port's per-organisation window: every response reports it in `x-ratelimit-*` headers (reset as
 * UTC epoch seconds, as documented) and requests beyond the limit get 429 until the window rolls.
 */
export function createRateLimit(limit: number, periodSeconds: number) {
  let windowStart = Date.now();
  let used = 0;
  const closed: number[] = [];

  function roll() {
    const now = Date.now();
    if (now - windowStart >= periodSeconds * 1000) {
      if (used > 0) closed.push(used);
      windowStart = now;
      used = 0;
    }
  }

  return {
    /** Count one request; false when the window is exhausted. */
    take(): boolean {
      roll();
      if (used >= limit) return false;
      used++;
      return true;
    },
    /** Requests counted in each window that had any, oldest first, the current one last. */
    windows(): number[] {
      roll();
      return used > 0 ? [...closed, used] : [...closed];
    },
    secondsToReset(): number {
      return Math.max(0, Math.ceil((windowStart + periodSeconds * 1000 - Date.now()) / 1000));
    },
    headers(): Record<string, string> {
      roll();
      return {
        "x-ratelimit-period": String(periodSeconds),
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - used)),
        "x-ratelimit-reset": String(Math.ceil((windowStart + periodSeconds * 1000) / 1000)),
      };
    },
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;
