/**
 * Errors after which a plugin stops for this tick and resumes from its saved cursor next tick:
 * nothing was wrong with the data, the tick simply ran out of room (budget, rate limit, outage).
 */
const STOP_ERRORS = new Set(["BudgetExhaustedError", "RateLimitedError", "TransientWriteError"]);

export function isStopError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  // An outage on a call that is not a write (blueprints, owned entities): the same, try next tick.
  if (err.name === "HttpError" && (err as Error & { transient?: boolean }).transient) return true;
  return STOP_ERRORS.has(err.name);
}
