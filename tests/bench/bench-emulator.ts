import {
  AppRecord,
  DEFAULT_BUILD_MS,
  defaultSeed,
  EmulatorSeed,
  RunningEmulator,
  SEED_API_APP_ID,
  SEED_PROJECT_ID,
  startEmulator,
} from "../../emulator";

/** Extra git apps so the main project has five applications to spread deployments over. */
const EXTRA_APPS = [
  { id: "b3a1c2d4-0001-4e5f-8a9b-0c1d2e3f4a51", name: "bench-4" },
  { id: "b3a1c2d4-0002-4e5f-8a9b-0c1d2e3f4a52", name: "bench-5" },
] as const;

/** The default seed plus git apps in the main project until it holds `appCount` applications. */
export function benchSeed(appCount: number): EmulatorSeed {
  const seed = defaultSeed();
  const template = seed.apps.find((a) => a.id === SEED_API_APP_ID);
  if (template === undefined || template.source.kind !== "git") {
    throw new Error("the default seed has no git app to copy");
  }
  const head = template.source.commits[template.source.commits.length - 1];
  const extra = EXTRA_APPS.map(({ id, name }, i): AppRecord => ({
    ...template,
    id,
    name,
    source: { kind: "git", branch: "main", commits: [{ ...head, sha: `${i + 4}`.repeat(40) }] },
  }));
  const seeded = { ...seed, apps: [...seed.apps, ...extra] };
  const have = seeded.apps.filter((a) => a.projectId === SEED_PROJECT_ID).length;
  if (have < appCount) throw new Error(`the bench seed has ${have} apps, ${appCount} wanted`);
  return seeded;
}

/** The emulator every scenario talks to, and the applications deployments go to. */
export interface BenchEmulator {
  readonly emulator: RunningEmulator;
  /** Ids of the applications, in the order resources are spread over them. */
  readonly apps: readonly string[];
  /** Back to the bench seed (no deployments, default behaviour) with an empty request log. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an in-process emulator with the default build time and no rate limit, and seeds it with
 * `appCount` applications of the main project through the control plane.
 */
export async function startBenchEmulator(appCount: number): Promise<BenchEmulator> {
  const emulator = await startEmulator({ buildMs: DEFAULT_BUILD_MS });
  const seed = benchSeed(appCount);
  const apps = seed.apps
    .filter((a) => a.projectId === SEED_PROJECT_ID)
    .slice(0, appCount)
    .map((a) => a.id);
  const reset = async (): Promise<void> => {
    await emulator.control.seed(seed);
    await emulator.control.clearRequests();
  };
  await reset();
  return { emulator, apps, reset, close: () => emulator.close() };
}
