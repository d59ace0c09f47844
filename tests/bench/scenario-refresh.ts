import type { TestStack } from "../helpers/pulumi-stack";
import type { BenchEmulator } from "./bench-emulator";
import { expectSuccess, timedRefresh } from "./bench-stack";
import { countRequests } from "./request-counts";
import type { RefreshSample } from "./samples";
import type { Variant } from "./variants";

/**
 * Scenario 2: times one `pulumi refresh` of a stack holding `count` resources of `variant` spread
 * over the bench applications, and counts the deployment-list calls it made per application.
 */
export async function measureRefresh(
  bench: BenchEmulator,
  stack: TestStack,
  variant: Variant,
  count: number,
  rep: number,
): Promise<RefreshSample> {
  await bench.emulator.control.clearRequests();
  const refresh = expectSuccess(await timedRefresh(stack), `${variant.name} refresh (N=${count})`);
  const counts = countRequests(await bench.emulator.control.requests());
  if (variant.readsOnRefresh && counts.listCalls === 0) {
    throw new Error(`${variant.name} refresh made no list call: the resources were not read`);
  }
  return {
    variant: variant.name,
    count,
    apps: bench.apps.length,
    rep,
    ms: refresh.ms,
    listCalls: counts.listCalls,
    maxListCallsPerApp: Math.max(0, ...Object.values(counts.listCallsByApp)),
    requests: counts.total,
  };
}
