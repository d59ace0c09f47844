/**
 * The watch for a late commit. When a POST's outcome stays unknown and nothing shows in the list
 * within the observation window, the trigger posts again; a server that commits the first POST
 * even later then holds two deployments of one trigger. Nothing can prevent that (the API has no
 * idempotency key), so the provider makes sure it is never silent: the resource records the
 * unclear POST (`unclearPost`), and every wait, `up` and refresh within the SDK's
 * `LATE_COMMIT_HORIZON_MS` of it looks for a deployment of the same commit that it made
 * (`findLateDuplicates`), warns in one line and records its number in `duplicateDeployNumbers`.
 * Such a deployment is never adopted in place of ours and never a reason to POST.
 *
 * @packageDocumentation
 */
import {
  findLateDuplicates,
  LATE_COMMIT_HORIZON_MS,
  type Deployment,
  type UnclearPost,
} from "../client";
import type { DeploymentOutputs, UnclearPostRecord } from "./args";

/** What a resource records of the watch. */
export interface LateCommitWatch {
  readonly unclearPost: UnclearPostRecord | null;
  readonly duplicateDeployNumbers: readonly number[];
}

/** No unclear POST, no duplicate: what a trigger without an unclear POST records. */
export const NO_LATE_COMMIT: LateCommitWatch = Object.freeze({
  unclearPost: null,
  duplicateDeployNumbers: Object.freeze([]),
});

/** The watch a trigger starts: its unclear POST, if it had one. */
export function watchFor(unclear: UnclearPost | undefined): LateCommitWatch {
  if (unclear === undefined) return NO_LATE_COMMIT;
  return {
    unclearPost: {
      afterDeployNumber: unclear.afterDeployNumber,
      postedAt: new Date(unclear.postedAt).toISOString(),
    },
    duplicateDeployNumbers: [],
  };
}

/** The watch as recorded in `props` (state written before the watch existed has none). */
export function recordedWatch(props: DeploymentOutputs): LateCommitWatch {
  const unclear = props.unclearPost as unknown;
  const numbers = props.duplicateDeployNumbers as unknown;
  return {
    unclearPost: isUnclearPostRecord(unclear) ? unclear : null,
    duplicateDeployNumbers: Array.isArray(numbers)
      ? numbers.filter((n): n is number => Number.isSafeInteger(n))
      : [],
  };
}

function isUnclearPostRecord(value: unknown): value is UnclearPostRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.afterDeployNumber === "number" && typeof v.postedAt === "string";
}

/** What one look found: the watch to record, and whether it found a duplicate not known before. */
export interface LateCommitLook {
  readonly watch: LateCommitWatch;
  readonly grew: boolean;
}

/**
 * Looks for late duplicates of `own` in `list` and returns the watch to record: the duplicates
 * found so far (never fewer than recorded), and the unclear POST until the horizon has passed
 * (`now`, epoch ms), after which nothing can still land.
 */
export function lookForLateCommits(
  list: readonly Deployment[],
  own: Pick<Deployment, "id" | "gitSha" | "imageReference">,
  watch: LateCommitWatch,
  now: number,
): LateCommitLook {
  const unclear = watch.unclearPost;
  if (unclear === null) return { watch, grew: false };
  const postedAt = Date.parse(unclear.postedAt);
  const found = findLateDuplicates(list, own, {
    afterDeployNumber: unclear.afterDeployNumber,
    postedAt: Number.isFinite(postedAt) ? postedAt : now,
  }).map((d) => d.deployNumber);
  const numbers = [...new Set([...watch.duplicateDeployNumbers, ...found])].sort((a, b) => a - b);
  const over = !Number.isFinite(postedAt) || now > postedAt + LATE_COMMIT_HORIZON_MS;
  return {
    watch: { unclearPost: over ? null : unclear, duplicateDeployNumbers: numbers },
    grew: numbers.length > watch.duplicateDeployNumbers.length,
  };
}

/**
 * The one warning line for duplicates `numbers` of deploy `own` of application `app`, made by the
 * unclear POST sent at `postedAt`.
 */
export function lateCommitWarning(
  app: string,
  own: number,
  numbers: readonly number[],
  postedAt: string,
): string {
  const which = numbers.map((n) => `#${n}`).join(", ");
  const them = numbers.length === 1 ? "it" : "them";
  return `warning: application ${app}: deploy ${which} shows the same commit as this stack's deploy #${own} and was made by the POST whose answer was lost at ${postedAt} (the server committed it after the observation window, when the trigger had posted again): this commit is deployed ${numbers.length + 1} times. The stack keeps #${own}, records ${which} in duplicateDeployNumbers and never redeploys because of ${them}; check the application's deployments in the Nodion dashboard (a deploy with side effects, such as a migration, ran more than once).`;
}
