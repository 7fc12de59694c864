/** How long to wait between attempts: exponential backoff with jitter, or what the server asks. */

export interface Backoff {
  /** Delay before the first retry; doubled for each later one. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  capMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 300, capMs: 30_000 };

/** `base·2^attempt` ±10 %, capped; `attempt` counts retries from 0. */
export function backoffMs(attempt: number, backoff: Backoff = defaultBackoff, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt);
  return Math.round(Math.min(backoff.capMs, exponential * (0.9 + 0.2 * random())));
}

/** Values this large are epoch seconds; smaller ones are seconds to wait (Ocean's rule, `helpers/retry.py`). */
const EPOCH_THRESHOLD = 10_000;

/**
 * The wait the server asked for, in ms, or undefined when it asked nothing.
 * `Retry-After` (seconds or HTTP date) counts on any status. `x-ratelimit-reset` only on 429:
 * Port sends it on every response as the end of the current window, which says nothing about
 * when a 503 will clear. A 429 reporting `x-ratelimit-remaining: 0` waits for the reset even
 * when Retry-After asks less: the window cannot have room before then.
 */
export function requestedWaitMs(status: number | undefined, headers: Headers | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const asked = retryAfterMs(headers, nowMs);
  if (status !== 429) return asked;
  const resetAt = rateLimitResetAt(headers, nowMs);
  const untilReset = resetAt === undefined ? undefined : Math.max(0, Math.ceil(resetAt - nowMs));
  if (untilReset !== undefined && headers.get("x-ratelimit-remaining")?.trim() === "0") return Math.max(asked ?? 0, untilReset);
  return asked ?? untilReset;
}

function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * When the rate-limit window of `x-ratelimit-reset` ends, as epoch ms: Port documents epoch
 * seconds, Terraform's provider reads seconds to wait; both readings are accepted.
 */
export function rateLimitResetAt(headers: Headers, nowMs: number): number | undefined {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (!reset || !/^\d+(\.\d+)?$/.test(reset)) return undefined;
  const value = Number(reset);
  return value > EPOCH_THRESHOLD ? value * 1000 : nowMs + value * 1000;
}
