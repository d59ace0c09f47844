/**
 * Triggers a deployment so that one call creates exactly one deployment, even when the POST fails
 * in a way that hides whether the server acted on it.
 *
 * Why this is needed: `POST /applications/:id/deployments` is not idempotent (every POST creates a
 * deployment) and Nodion offers no idempotency key. Blindly re-sending after a 500, a 504, a
 * timeout or a dropped connection can therefore start two deployments. Instead we:
 *
 * 1. record the highest `deploy_number` before the first POST (one read);
 * 2. re-POST straight away only when the server certainly did not act (429, connection refused,
 *    DNS failure), as decided by the error factory (`retryable`);
 * 3. after an ambiguous failure (`outcomeUnknown`), wait the backoff (so a request still being
 *    processed can land), list the deployments, and adopt one numbered above the snapshot that
 *    no concurrent trigger of the same client has obtained (`claims.ts`);
 * 4. POST again only if none appeared, within the same attempt budget and deadline.
 *
 * What this cannot rule out: a server that acts on a request only after we have listed and
 * re-posted (the backoff before listing makes that window small), and, after an ambiguous
 * failure, adopting a deployment that another process (a second stack) triggered on the same
 * application at the same moment.
 *
 * @packageDocumentation
 */
import type { TriggerClaims } from "./claims";
import { NodionError } from "./errors";
import { countsAsAttempt, waitForRetry, type RetryContext } from "./retry";
import type { Deployment } from "./types";

/** The operations {@link triggerExactlyOnce} is built from. */
export interface TriggerPlan {
  /** Retry policy, clock, random source and the deadline of the whole trigger call. */
  readonly ctx: RetryContext;
  /** Lists the application's deployments, retrying reads within `ctx`. */
  readonly listDeployments: () => Promise<readonly Deployment[]>;
  /** Sends the POST once; throws a {@link NodionError} on failure. */
  readonly postOnce: () => Promise<Deployment>;
  /** The image tag requested, used to recognise our deployment among new ones. */
  readonly imageTag?: string;
  /** The highest deploy number the caller has just read; saves the snapshot read (step 1). */
  readonly snapshot?: number;
  /** Shared by the client's concurrent triggers so none adopts another's deployment. */
  readonly claims?: TriggerClaims;
}

/** The tag of an image reference such as `docker.io/nginx:1.25`, or `undefined` if it has none. */
function tagOf(imageReference: string): string | undefined {
  if (imageReference.includes("@")) return undefined; // pinned by digest
  const colon = imageReference.lastIndexOf(":");
  return colon > imageReference.lastIndexOf("/") ? imageReference.slice(colon + 1) : undefined;
}

/**
 * Picks the deployment our ambiguous POST created, if any: numbered above `snapshot`; with an
 * `imageTag`, one whose image reference carries that tag wins, one whose reference shows no tag
 * comes next, and one with a different tag is never ours. Among equals the lowest number wins,
 * since deployments created after ours (by anyone) get higher numbers.
 */
export function pickAdoptable(
  deployments: readonly Deployment[],
  snapshot: number,
  imageTag?: string,
): Deployment | undefined {
  const fresh = deployments
    .filter((d) => d.deployNumber > snapshot)
    .sort((a, b) => a.deployNumber - b.deployNumber);
  if (imageTag === undefined) return fresh[0];
  const tags = fresh.map((d) => (d.imageReference === null ? undefined : tagOf(d.imageReference)));
  return fresh.find((_, i) => tags[i] === imageTag) ?? fresh.find((_, i) => tags[i] === undefined);
}

function highestDeployNumber(deployments: readonly Deployment[]): number {
  return deployments.reduce((max, d) => Math.max(max, d.deployNumber), 0);
}

async function findCreated(
  plan: TriggerPlan,
  snapshot: number,
  postError: NodionError,
): Promise<Deployment | undefined> {
  const search = async (isClaimed: (d: Deployment) => boolean) => {
    const unclaimed = (await plan.listDeployments()).filter((d) => !isClaimed(d));
    return pickAdoptable(unclaimed, snapshot, plan.imageTag);
  };
  try {
    return await (plan.claims ? plan.claims.find(search) : search(() => false));
  } catch {
    // We cannot tell whether the POST worked; report the POST failure, whose message says so.
    throw postError;
  }
}

/**
 * Triggers one deployment following the rules in this file's header.
 *
 * @returns the created deployment, either from the POST response or adopted from the list.
 * @throws the last {@link NodionError} when the attempts or the deadline run out.
 */
export async function triggerExactlyOnce(plan: TriggerPlan): Promise<Deployment> {
  const { ctx } = plan;
  const snapshot = plan.snapshot ?? highestDeployNumber(await plan.listDeployments());
  let counted = 0; // POSTs that used up an attempt (a 429 does not; see countsAsAttempt)
  for (let posts = 1; ; posts++) {
    let error: unknown;
    try {
      return await (plan.claims ? plan.claims.post(plan.postOnce) : plan.postOnce());
    } catch (caught) {
      error = caught;
    }
    if (!NodionError.isInstance(error)) throw error;
    if (countsAsAttempt(error, ctx.policy)) counted++;
    if (error.outcomeUnknown) {
      const waited = await waitForRetry(ctx, posts, error.retryAfterMs);
      const created = await findCreated(plan, snapshot, error);
      if (created !== undefined) return created;
      if (!waited || counted >= ctx.policy.maxAttempts) throw error;
      continue; // Nothing was created: the next POST cannot duplicate.
    }
    if (!error.retryable || counted >= ctx.policy.maxAttempts) throw error;
    if (!(await waitForRetry(ctx, posts, error.retryAfterMs))) throw error;
  }
}
