import type { TestStack } from "../helpers/pulumi-stack";
import type { BenchEmulator } from "./bench-emulator";
import { benchStack, expectSuccess, timedUp } from "./bench-stack";
import { countRequests } from "./request-counts";
import type { UpSample } from "./samples";
import type { Variant } from "./variants";

/**
 * Scenario 1: on a fresh stack and a freshly seeded emulator, times one `pulumi up` that creates
 * `count` resources of `variant` without waiting. Checks the run made exactly the deployments it
 * should. Returns the stack, still holding the resources, for the scenarios that follow; the
 * caller removes it.
 */
export async function measureUp(
  bench: BenchEmulator,
  variant: Variant,
  count: number,
  rep: number,
): Promise<{ stack: TestStack; sample: UpSample }> {
  await bench.reset();
  const stack = await benchStack(variant, bench, { count, wait: "none" });
  try {
    const up = expectSuccess(await timedUp(stack), `${variant.name} up (N=${count})`);
    const counts = countRequests(await bench.emulator.control.requests());
    const wanted = count * variant.postsPerResource;
    if (counts.posts !== wanted) {
      throw new Error(
        `${variant.name} up (N=${count}) made ${counts.posts} POSTs, expected ${wanted}`,
      );
    }
    const sample: UpSample = {
      variant: variant.name,
      count,
      rep,
      ms: up.ms,
      listCalls: counts.listCalls,
      posts: counts.posts,
      requests: counts.total,
    };
    return { stack, sample };
  } catch (err) {
    await stack.remove();
    throw err;
  }
}
