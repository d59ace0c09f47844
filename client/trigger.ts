/**
 * Triggers a deployment so that one call creates at most one deployment, even when the POST fails
 * in a way that hides whether the server acted on it.
 *
 * Why this is needed: `POST /applications/:id/deployments` is not idempotent (every POST creates a
 * deployment) and Nodion offers no idempotency key. Blindly re-sending after a 500, a 504, a
 * timeout or a dropped connection can therefore start two deployments. Instead we:
 *
 * 1. record the highest `deploy_number` before the first POST (one read, or the caller's list);
 * 2. when the caller says an earlier POST for this trigger may have landed (`resume`), look for
 *    its deployment first ({@link findOwnDeployment}) and adopt it instead of posting;
 * 3. re-POST straight away only when the server certainly did not act (429, connection refused,
 *    DNS failure), as decided by the error factory (`retryable`);
 * 4. after an unclear failure (`outcomeUnknown`), watch the list for the whole observation
 *    window (`outcomeWindowMs`, at least one request timeout: a server still working on our
 *    request when we gave up may take that long again) and adopt the deployment the rule in
 *    `ownership.ts` calls ours, skipping any that a concurrent call of this client obtained
 *    (`claims.ts`);
 * 5. POST again only if none appeared and the last look at the list came after the window.
 *
 * Deadline: the call has `policy.deadlineMs` to get a POST through, plus a reserve of one request
 * timeout and one observation window. A POST starts only while that whole reserve is left, so
 * every POST gets its full request timeout and its outcome can always be checked; rate limiting
 * (429s) eats into the first part only.
 *
 * What this cannot rule out: a server that acts on a request later than the observation window,
 * a list that shows a new deployment later than that (both then look like "nothing happened" and
 * the next POST makes a second deployment), and, after an unclear failure, adopting a deployment
 * that another process (a second stack) triggered on the same application at the same moment.
 * So the outcome says when a POST whose outcome stayed unknown went before the one that made the
 * deployment (`unclearPost`): the caller can then look for its late deployment
 * (`findLateDuplicates` in `ownership.ts`) and tell the user.
 *
 * @packageDocumentation
 */
import type { TriggerClaims } from "./claims";
import { NodionError } from "./errors";
import {
  findOwnDeployment,
  type OwnershipQuery,
  type TriggerIdentity,
  type UnclearPost,
} from "./ownership";
import { countsAsAttempt, nextDelayMs, type RetryContext } from "./retry";
import type { Deployment } from "./types";

/** A look for an earlier trigger's deployment before posting; see {@link findOwnDeployment}. */
export interface ResumeQuery extends Pick<OwnershipQuery, "after" | "evidence" | "recorded"> {
  /**
   * When the earlier POST was sent (on the trigger's clock), if known. With evidence `posted`
   * and less than a request timeout plus an observation window since then, the list is watched
   * until that much time has passed before posting.
   */
  readonly postedAt?: number;
}

/** The operations and settings {@link triggerExactlyOnce} is built from. */
export interface TriggerPlan extends TriggerIdentity {
  /** Retry policy, clock, random source and the deadline of the whole call (reserve included). */
  readonly ctx: RetryContext;
  /** The per-request timeout of the client. */
  readonly timeoutMs: number;
  /** How long to watch the list after an unclear POST; at least `timeoutMs`. */
  readonly outcomeWindowMs: number;
  /** Lists the application's deployments, retrying reads within `ctx`. */
  readonly listDeployments: () => Promise<readonly Deployment[]>;
  /** Sends the POST once, with its request timeout capped by `deadlineAt`. */
  readonly postOnce: (deadlineAt: number) => Promise<Deployment>;
  /** The list the caller has just read: saves the snapshot read (step 1). */
  readonly known?: readonly Deployment[];
  /** The highest deploy number the caller has just read, when it has no list to pass. */
  readonly snapshot?: number;
  /** Look for an earlier trigger's deployment before the first POST (step 2). */
  readonly resume?: ResumeQuery;
  /** Shared by the client's concurrent triggers so none adopts another's deployment. */
  readonly claims?: TriggerClaims;
}

/** How {@link triggerExactlyOnce} obtained its deployment. */
export type TriggerSource =
  /** The POST answered with it. */
  | "posted"
  /** An unclear POST made it; the list showed it within the observation window. */
  | "recovered"
  /** An earlier trigger made it (`resume`); nothing was posted. */
  | "resumed";

/** The deployment a trigger obtained, and how. */
export interface TriggerOutcome {
  readonly deployment: Deployment;
  readonly source: TriggerSource;
  /**
   * Set when another POST for this trigger, whose outcome stayed unknown (nothing showed in the
   * list within the observation window), went before the one that made `deployment`: a server
   * that commits it even later makes a second deployment of the same trigger. The first such
   * POST, with the snapshot read before it.
   */
  readonly unclearPost?: UnclearPost;
}

/** The pause before look number `n` (0-based) while watching the list: 0.5 s doubling to 5 s. */
export function watchDelayMs(n: number): number {
  return Math.min(500 * 2 ** n, 5_000);
}

function queryFor(
  plan: TriggerPlan,
  after: number,
  evidence: OwnershipQuery["evidence"],
): OwnershipQuery {
  return {
    after,
    evidence,
    ...(plan.imageTag !== undefined && { imageTag: plan.imageTag }),
    ...(plan.gitShas !== undefined && { gitShas: plan.gitShas }),
  };
}

function highestDeployNumber(deployments: readonly Deployment[]): number {
  return deployments.reduce((max, d) => Math.max(max, d.deployNumber), 0);
}

/** One look at the list, run alone among this client's triggers when there are claims. */
async function lookOnce(
  plan: TriggerPlan,
  query: OwnershipQuery,
  list?: readonly Deployment[],
): Promise<Deployment | undefined> {
  const search = async (isClaimed: (d: Deployment) => boolean) =>
    findOwnDeployment(list ?? (await plan.listDeployments()), query, isClaimed);
  return plan.claims ? plan.claims.find(search) : search(() => false);
}

/**
 * Watches the list until the deployment `query` describes shows up or `until` has passed. Returns
 * undefined only after a successful look that started at or after `until`. When the list cannot
 * be read to the end (a 403, the deadline) nobody knows, and it throws `unclear` (the POST's own
 * error, whose message says it may have been carried out) or else the read's error.
 */
async function watch(
  plan: TriggerPlan,
  query: OwnershipQuery,
  until: number,
  unclear?: NodionError,
): Promise<Deployment | undefined> {
  const { clock } = plan.ctx;
  let lastError: unknown;
  for (let looks = 0; ; looks++) {
    const startedAt = clock.now();
    try {
      const found = await lookOnce(plan, query);
      if (found !== undefined || startedAt >= until) return found;
    } catch (error) {
      lastError = error;
      if (!NodionError.isInstance(error) || !error.retryable) throw unclear ?? error;
    }
    const pause = Math.max(1, Math.min(watchDelayMs(looks), until - clock.now()));
    if (clock.now() + pause >= plan.ctx.deadlineAt) throw unclear ?? lastError;
    await clock.sleep(pause);
  }
}

/**
 * Triggers one deployment following the rules in this file's header.
 *
 * @returns the deployment and whether it was posted, recovered after an unclear POST, or resumed.
 * @throws the last {@link NodionError} when the attempts or the deadline run out; one with
 * `outcomeUnknown` means a deployment may exist that the list did not show.
 */
export async function triggerExactlyOnce(plan: TriggerPlan): Promise<TriggerOutcome> {
  const { ctx } = plan;
  const { clock } = ctx;
  const reserve = plan.timeoutMs + plan.outcomeWindowMs;
  const lastPostAt = ctx.deadlineAt - reserve;
  const known = plan.known ?? (plan.snapshot === undefined ? await plan.listDeployments() : []);
  const snapshot = plan.snapshot ?? highestDeployNumber(known);

  // The first POST of this trigger whose outcome stayed unknown, once nothing showed for it.
  let unclear: UnclearPost | undefined;
  if (plan.resume !== undefined) {
    const { after, evidence, postedAt, recorded } = plan.resume;
    const query = {
      ...queryFor(plan, after, evidence),
      ...(recorded !== undefined && { recorded }),
    };
    // A POST sent moments ago may still land: watch until it no longer can (within the deadline).
    const settledAt = Math.min((postedAt ?? -Infinity) + reserve, lastPostAt);
    const found =
      evidence === "posted" && clock.now() < settledAt
        ? await watch(plan, query, settledAt)
        : await lookOnce(plan, query, plan.known);
    if (found !== undefined) return { deployment: found, source: "resumed" };
    if (evidence === "posted" && postedAt !== undefined) {
      unclear = { afterDeployNumber: after, postedAt };
    }
  }
  const outcome = (deployment: Deployment, source: TriggerSource): TriggerOutcome => ({
    deployment,
    source,
    ...(unclear !== undefined && { unclearPost: unclear }),
  });

  let counted = 0; // POSTs that used up an attempt (a 429 does not; see countsAsAttempt)
  for (let posts = 1; ; posts++) {
    let error: unknown;
    const sentAt = clock.now();
    try {
      // The POST's own timeout stops short of the observation window it must leave.
      const send = () => plan.postOnce(ctx.deadlineAt - plan.outcomeWindowMs);
      const deployment = await (plan.claims ? plan.claims.post(send) : send());
      return outcome(deployment, "posted");
    } catch (caught) {
      error = caught;
    }
    if (!NodionError.isInstance(error)) throw error;
    if (countsAsAttempt(error, ctx.policy)) counted++;
    if (error.outcomeUnknown) {
      const query = queryFor(plan, snapshot, "posted");
      const found = await watch(plan, query, clock.now() + plan.outcomeWindowMs, error);
      if (found !== undefined) return outcome(found, "recovered");
      // Nothing showed within the window: the next POST may go, but a server that commits this
      // one even later makes a second deployment, so the outcome remembers it.
      unclear ??= { afterDeployNumber: snapshot, postedAt: sentAt };
      if (counted >= ctx.policy.maxAttempts || clock.now() > lastPostAt) throw error;
      continue;
    }
    if (!error.retryable || counted >= ctx.policy.maxAttempts) throw error;
    const delay = nextDelayMs(ctx.policy, posts, ctx.random, error.retryAfterMs);
    if (clock.now() + delay > lastPostAt) throw error;
    await clock.sleep(delay);
  }
}
