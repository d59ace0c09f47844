/**
 * Time as a dependency: retries and deadlines read and wait through a {@link Clock} so tests can
 * substitute a fake one and run instantly and deterministically.
 *
 * @packageDocumentation
 */

/** A source of the current time and a way to wait. */
export interface Clock {
  /** Milliseconds since the Unix epoch (the same scale as `Date.now()`). */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, Math.max(0, ms));
    }),
});
