/**
 * Token-bucket rate limiting over API requests, one bucket per bearer token (requests without a
 * token share one). Nodion documents no rate limit; this exists so clients can test their 429
 * handling, and is off unless configured.
 */

/** Rate-limit settings: a sustained rate and how many requests may burst above it. */
export interface RateLimitOptions {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/** The verdict for one request. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Whole seconds until a token is available (at least 1). */ readonly retryAfterSeconds: number;
    };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Per-token buckets sharing one configuration and clock. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param options rate and burst; both must be positive.
   * @param now time source in epoch milliseconds.
   */
  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {
    if (!(options.requestsPerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError("rate limit needs requestsPerSecond > 0 and burst >= 1");
    }
  }

  /** Takes one token from the bucket of `bucketKey`, or says how long to wait. */
  take(bucketKey: string): RateLimitDecision {
    const now = this.now();
    const bucket = this.buckets.get(bucketKey) ?? { tokens: this.options.burst, updatedAt: now };
    const refill = (Math.max(0, now - bucket.updatedAt) / 1000) * this.options.requestsPerSecond;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(bucketKey, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitSeconds = (1 - bucket.tokens) / this.options.requestsPerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  /** Refills every bucket (forgets them). */
  reset(): void {
    this.buckets.clear();
  }
}
