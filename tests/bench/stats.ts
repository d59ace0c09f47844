/** The spread of one measured quantity over the repetitions. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many samples it summarises. */
  readonly count: number;
}

/** Median (mean of the middle two for an even count), min, max and count of `values`. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("cannot summarise no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

/** `a.median / b.median`, or NaN when `b`'s median is 0. */
export function ratio(a: Summary, b: Summary): number {
  return b.median === 0 ? Number.NaN : a.median / b.median;
}
