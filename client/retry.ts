/**
 * The retry policy as data, plus the arithmetic around it: exponential backoff with jitter,
 * `Retry-After`, and a total deadline. Waiting goes through an injected {@link Clock}.
 *
 * @packageDocumentation
 */
import type { Clock } from "./clock";
import { NodionError } from "./errors";

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Most attempts per request, including the first. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubles for each later one. */
  readonly baseDelayMs: number;
  /** Upper bound of a single backoff (a longer `Retry-After` still wins). */
  readonly maxDelayMs: number;
  /** Total time an operation may spend including all retries and waits. */
  readonly deadlineMs: number;
  /** HTTP statuses treated as transient. 400, 401, 403 and 404 are never retried. */
  readonly retryStatuses: readonly number[];
  /**
   * `"equal"` waits between half and all of the exponential delay (never near zero);
   * `"full"` waits anywhere between zero and it.
   */
  readonly jitter: "full" | "equal";
}

/** The defaults: 5 attempts, 250 ms doubling up to 8 s, 60 s in total, equal jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  deadlineMs: 60_000,
  retryStatuses: Object.freeze([408, 429, 500, 502, 503, 504]),
  jitter: "equal",
});

function checkNumber(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`retry.${name} must be a finite number >= ${min}, got ${value}`);
  }
}

/**
 * Fills in defaults and validates the result.
 *
 * @throws RangeError if a number is negative, not finite, or `maxAttempts` is below 1.
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  checkNumber("maxAttempts", policy.maxAttempts, 1);
  checkNumber("baseDelayMs", policy.baseDelayMs, 0);
  checkNumber("maxDelayMs", policy.maxDelayMs, 0);
  checkNumber("deadlineMs", policy.deadlineMs, 0);
  if (policy.jitter !== "full" && policy.jitter !== "equal") {
    throw new RangeError(`retry.jitter must be "full" or "equal"`);
  }
  return Object.freeze({
    ...policy,
    maxAttempts: Math.floor(policy.maxAttempts),
    retryStatuses: Object.freeze([...policy.retryStatuses]),
  });
}

/**
 * The backoff before attempt `failedAttempts + 1`: exponential in the number of failed attempts,
 * capped by `maxDelayMs`, jittered with `random` (a function returning [0, 1)).
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  failedAttempts: number,
  random: () => number,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  const delay = policy.jitter === "full" ? ceiling * r : ceiling / 2 + (ceiling / 2) * r;
  return Math.round(delay);
}

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP date.
 *
 * @param header - the raw header value, if any.
 * @param nowMs - the current time, to turn a date into a delay.
 * @returns the delay in milliseconds (never negative), or `undefined` if absent or unparsable.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only something that looks like an HTTP date: Date.parse also accepts bare numbers like "-5".
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long to wait before the next attempt: the backoff, or the server's `Retry-After` if longer.
 */
export function nextDelayMs(
  policy: RetryPolicy,
  failedAttempts: number,
  random: () => number,
  retryAfterMs: number | undefined,
): number {
  return Math.max(backoffDelayMs(policy, failedAttempts, random), retryAfterMs ?? 0);
}

/** Shared state of one logical operation's retries. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  /** Absolute time (on `clock`) after which no new attempt starts. */
  readonly deadlineAt: number;
}

/**
 * Waits before another attempt, unless that would pass the deadline.
 *
 * @returns `false` (without waiting) when the wait would end at or after the deadline: a
 * `Retry-After` longer than the time left means the next attempt would come too late anyway.
 */
export async function waitForRetry(
  ctx: RetryContext,
  failedAttempts: number,
  retryAfterMs: number | undefined,
): Promise<boolean> {
  const delay = nextDelayMs(ctx.policy, failedAttempts, ctx.random, retryAfterMs);
  if (ctx.clock.now() + delay >= ctx.deadlineAt) return false;
  await ctx.clock.sleep(delay);
  return true;
}

/**
 * Whether `error` uses up one of `policy.maxAttempts`. A 429 does not when retries are on at all
 * (`maxAttempts` above 1): the server refused before acting and said when to come back, and a
 * stack deploying many resources at once can meet it many times in a row while the key's budget
 * is shared out. Those retries are bounded by the deadline, and their backoff still grows with
 * every attempt so that concurrent callers spread out.
 */
export function countsAsAttempt(error: NodionError, policy: RetryPolicy): boolean {
  return error.kind !== "rate_limit" || policy.maxAttempts <= 1;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not `retryable`, runs out of
 * attempts (see {@link countsAsAttempt}), or would pass the deadline. Rethrows the last error
 * unchanged.
 *
 * @param ctx - policy, clock, random source and deadline.
 * @param attempt - one try; receives the 1-based attempt number.
 */
export async function withRetries<T>(
  ctx: RetryContext,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  let counted = 0;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!NodionError.isInstance(error) || !error.retryable) throw error;
      if (countsAsAttempt(error, ctx.policy)) counted++;
      if (counted >= ctx.policy.maxAttempts) throw error;
      if (!(await waitForRetry(ctx, attemptNumber, error.retryAfterMs))) throw error;
    }
  }
}
