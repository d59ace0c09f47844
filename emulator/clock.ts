/**
 * The emulator's notion of "now": an injectable base clock plus an offset that the control plane
 * can advance, so time can jump forward even when the emulator runs in another process.
 */

/** Returns the current time in epoch milliseconds. */
export type NowFn = () => number;

/** A clock that can be moved forward without touching the base clock. */
export class EmulatorClock {
  private offset: number;

  /**
   * @param base the underlying time source (default `Date.now`); tests inject a manual one.
   * @param offsetMs initial offset, e.g. restored from a state file.
   */
  constructor(
    private readonly base: NowFn = Date.now,
    offsetMs = 0,
  ) {
    this.offset = offsetMs;
  }

  /** Current emulator time in whole epoch milliseconds: base time plus offset. */
  now(): number {
    // Whole milliseconds, because timestamps are rendered (and parsed back) at that precision.
    return Math.floor(this.base() + this.offset);
  }

  /** How far the clock has been advanced past the base clock. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Moves the clock forward by `ms` (must be non-negative; time never runs backwards). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`clock can only advance by a finite, non-negative amount, got ${ms}`);
    }
    this.offset += ms;
    return this.now();
  }

  /** Drops any advance, back to the base clock. */
  resetOffset(): void {
    this.offset = 0;
  }
}

/**
 * Formats epoch milliseconds like Nodion does: ISO 8601 with milliseconds and a zone offset
 * (`2024-05-01T12:00:00.000+00:00`), rather than JavaScript's `Z` suffix.
 */
export function toNodionTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "+00:00");
}
