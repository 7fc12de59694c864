/**
 * Errors after which a plugin stops for this tick and resumes from its saved cursor next tick:
 * nothing was wrong with the data, the tick simply ran out of room (budget, rate limit, outage).
 */
const STOP_ERRORS = new Set(["BudgetExhaustedError", "RateLimitedError", "TransientWriteError"]);

type MaybeHttpError = Error & { status?: number; transient?: boolean };

export function isStopError(err: unknown): err is Error {
  return err instanceof Error && STOP_ERRORS.has(err.name);
}

/**
 * For a source listing: a rate limit that outlasted the retries means "come back later", while any
 * other failure after retries fails the kind for this cycle (and so blocks its deletions).
 */
export function isListingPause(err: unknown): err is Error {
  return isStopError(err) || (err instanceof Error && err.name === "HttpError" && (err as MaybeHttpError).status === 429);
}

/** For Port calls other than writes (blueprints, owned entities): an outage pauses the plugin too. */
export function isPortPause(err: unknown): err is Error {
  return isStopError(err) || (err instanceof Error && err.name === "HttpError" && (err as MaybeHttpError).transient === true);
}

/** Why a tick stops a plugin with its work unfinished although nothing went wrong: only the tick's room ran out. */
const BUDGET_STOPS = ["time budget spent", "subrequest budget spent", "CPU budget spent", "segment full", "stale entities recorded", "BudgetExhaustedError"];
/** A rate limit or an outage (a source's or Port's): the next tick waits for the schedule. */
const PAUSES = ["RateLimitedError", "TransientWriteError", "HttpError"];

/**
 * Whether a tick that stopped its plugins for these reasons left work a continuation could do at
 * once: some plugin ran out of budget, and none was paused by a rate limit or an outage.
 */
export function workLeft(stoppedBy: Record<string, string>): boolean {
  const reasons = Object.values(stoppedBy);
  if (reasons.some((why) => PAUSES.some((p) => why.startsWith(p)))) return false;
  return reasons.some((why) => BUDGET_STOPS.some((b) => why.startsWith(b)));
}
