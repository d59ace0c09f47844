import type { TestStack } from "../helpers/pulumi-stack";
import { stateFileBytes } from "./bench-stack";
import type { StateSample } from "./samples";
import { summarize } from "./stats";
import type { Variant } from "./variants";

/**
 * Scenario 4: weighs the stack state of `count` resources of `variant`: each resource's entry in
 * `pulumi stack export` (compact JSON) and the raw checkpoint file divided by `count`.
 */
export async function measureState(
  stack: TestStack,
  variant: Variant,
  count: number,
  rep: number,
): Promise<StateSample> {
  const entries = (await stack.resources()).filter((r) => r.type === variant.resourceType);
  if (entries.length !== count) {
    throw new Error(
      `${variant.name} state holds ${entries.length} ${variant.resourceType}, expected ${count}`,
    );
  }
  const sizes = summarize(entries.map((e) => Buffer.byteLength(JSON.stringify(e))));
  const fileBytes = stateFileBytes(stack);
  return {
    variant: variant.name,
    count,
    rep,
    entryBytes: sizes.median,
    entryBytesMax: sizes.max,
    fileBytes,
    fileBytesPerResource: Math.round(fileBytes / count),
  };
}
