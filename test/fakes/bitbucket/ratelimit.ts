/**
 * Data Center's per-user token bucket (one bucket per "node"): each REST call takes a token,
 * tokens refill continuously, an empty bucket answers 429.
 */
export interface RateLimitOptions {
  capacity?: number;
  refillPerSecond?: number;
  /** Users (or `token:<value>` for scoped tokens) that an admin exempted. */
  exempt?: string[];
  /** Seconds for a `Retry-After` header; DC does not document one, so none unless set. */
  retryAfter?: number;
}

export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly refill: number;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = opts.capacity ?? 60;
    this.refill = opts.refillPerSecond ?? 5;
  }

  /** Take one token; false when the bucket is empty. */
  take(key: string): boolean {
    if (this.opts.exempt?.includes(key)) return true;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refill);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get retryAfter(): number | undefined {
    return this.opts.retryAfter;
  }
}
