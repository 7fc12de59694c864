/**
 * Errors after which a plugin stops for this tick and resumes from its saved cursor next tick:
 * nothing was wrong with the data, the tick simply ran out of room (budget, rate limit, outage).
 */
const STOP_ERRORS = new Set(["BudgetExhaustedError", "RateLimitedError", "TransientWriteError"]);

export function isStopError(err: unknown): err is Error {
  return err instanceof Error && STOP_ERRORS.has(err.name);
}
