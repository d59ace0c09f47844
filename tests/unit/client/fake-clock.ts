/**
 * A clock for tests: time moves only when someone sleeps, and every sleep is recorded.
 */
import type { Clock } from "../../../client";

/** Deterministic {@link Clock}; `onSleep` lets a test change the world between attempts. */
export class FakeClock implements Clock {
  /** Every requested sleep, in milliseconds, in order. */
  readonly sleeps: number[] = [];
  /** Called after each sleep has advanced the time. */
  onSleep: ((ms: number) => Promise<void> | void) | undefined;

  constructor(private time = Date.parse("2025-03-01T12:00:00.000Z")) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    await this.onSleep?.(ms);
  }

  /** Sum of all sleeps. */
  get slept(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}
