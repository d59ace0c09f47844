/** What a benchmark run measures and how often, from `BENCH_REPS` and `BENCH_QUICK`. */
export interface BenchOptions {
  /** Repetitions of every measured run; each repetition interleaves the variants. */
  readonly reps: number;
  /** Whether this is the quick smoke run (`BENCH_QUICK=1`): small N, one repetition. */
  readonly quick: boolean;
  /** Resource counts for scenario 1 (`pulumi up`, waiting off). */
  readonly upCounts: readonly number[];
  /** Resource count whose stacks scenario 2 refreshes and scenario 4 weighs (50; 10 when quick). */
  readonly refreshCount: number;
  /** Deployments created and waited for in scenario 3, one per application. */
  readonly waitCount: number;
  /** Emulated build time of scenario 3. */
  readonly waitBuildMs: number;
  /** Applications the deployments are spread over (round-robin). */
  readonly appCount: number;
}

/** Reads the options from the environment; throws on a malformed `BENCH_REPS`. */
export function benchOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const quick = env.BENCH_QUICK === "1";
  const reps =
    env.BENCH_REPS === undefined || env.BENCH_REPS === ""
      ? quick
        ? 1
        : 3
      : Number(env.BENCH_REPS);
  if (!Number.isInteger(reps) || reps < 1) {
    throw new Error(`BENCH_REPS must be a positive integer, got "${env.BENCH_REPS}"`);
  }
  const upCounts = quick ? [1, 10] : [1, 10, 50, 200];
  return {
    reps,
    quick,
    upCounts,
    refreshCount: quick ? 10 : 50,
    waitCount: 5,
    waitBuildMs: 5000,
    appCount: 5,
  };
}
