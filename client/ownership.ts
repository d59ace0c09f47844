/**
 * The one rule for "which deployment did this trigger make?". Nodion has no idempotency key and
 * does not say who made a deployment, so a caller that may already have posted (an unclear POST, a
 * recorded pending trigger, an interrupted run) recognises its deployment by what the list shows:
 * its number, its image tag or git sha, and its status. The trigger uses this rule before a POST
 * and after an unclear one; nobody else decides.
 *
 * @packageDocumentation
 */
import { isTerminalStatus, type Deployment } from "./types";

/** What a trigger asks for, as far as a deployment can show it. */
export interface TriggerIdentity {
  /** The image tag requested (pre-built image applications). */
  readonly imageTag?: string;
  /**
   * Trigger values that may be git shas. A deployment showing one of them is strong evidence; a
   * deployment of another sha is not excluded (a git application deploys its branch head).
   */
  readonly gitShas?: readonly string[];
}

/**
 * What is known about an earlier POST for this trigger:
 * - `posted`: one was sent after `after` was read and its outcome is unknown (an unclear failure
 *   just now, or a pending trigger recorded in state). Any deployment above `after` that does not
 *   contradict the trigger may be ours, whatever its status.
 * - `interrupted-create` / `interrupted-update`: nothing was recorded, but a run may have been
 *   killed between its POST and saving state. Only positive evidence counts (the requested tag, or
 *   a sha named in the triggers), and only a deployment still in progress; on create also one that
 *   is `available` and the application's newest (the build finished meanwhile). On update also a
 *   finished one (any status), but only when the deployment recorded in state (`recorded`) shows
 *   another sha or tag: the triggers moved on to a new commit and a deployment of it appeared
 *   after the recorded one, which is what a run killed after its POST leaves. A change that keeps
 *   the recorded sha or tag is how users ask for a fresh deployment of that commit, so there a
 *   finished deployment is never taken.
 */
export type TriggerEvidence = "posted" | "interrupted-create" | "interrupted-update";

/** A question put to {@link findOwnDeployment}. */
export interface OwnershipQuery extends TriggerIdentity {
  /** Deployments numbered at or below this existed before the trigger. */
  readonly after: number;
  readonly evidence: TriggerEvidence;
  /**
   * With `interrupted-update`: what the deployment recorded in state (number `after`) showed, as
   * {@link identityOf} reads it. Without it an update takes no finished deployment.
   */
  readonly recorded?: TriggerIdentity;
}

/** What a deployment shows of the trigger that made it: its image tag and its git sha. */
export function identityOf(d: Pick<Deployment, "gitSha" | "imageReference">): TriggerIdentity {
  // `typeof`: state written by an older version may lack the fields.
  const tag = typeof d.imageReference === "string" ? tagOf(d.imageReference) : undefined;
  const gitShas = typeof d.gitSha === "string" ? [d.gitSha] : [];
  return { ...(tag !== undefined && { imageTag: tag }), gitShas };
}

/**
 * Whether `d`, which shows the trigger of `query`, shows another sha or tag than the recorded
 * deployment did (so the triggers moved on). Unknown (nothing recorded shows) counts as no.
 */
function movedOn(d: Deployment, query: OwnershipQuery): boolean {
  const recorded = query.recorded;
  if (recorded === undefined) return false;
  if (query.imageTag !== undefined) {
    const tag = d.imageReference === null ? undefined : tagOf(d.imageReference);
    return recorded.imageTag !== undefined && tag !== undefined && tag !== recorded.imageTag;
  }
  const shas = recorded.gitShas ?? [];
  return shas.length > 0 && d.gitSha !== null && !shas.includes(d.gitSha);
}

/** How well a deployment matches a trigger: 2 shows it, 1 does not contradict it, 0 contradicts. */
function matchStrength(d: Deployment, identity: TriggerIdentity): 0 | 1 | 2 {
  if (identity.imageTag !== undefined) {
    const tag = d.imageReference === null ? undefined : tagOf(d.imageReference);
    if (tag === identity.imageTag) return 2;
    return tag === undefined ? 1 : 0;
  }
  if (d.gitSha !== null && (identity.gitShas ?? []).includes(d.gitSha)) return 2;
  return 1;
}

/** The tag of an image reference such as `docker.io/nginx:1.25`, or `undefined` if it has none. */
export function tagOf(imageReference: string): string | undefined {
  if (imageReference.includes("@")) return undefined; // pinned by digest
  const colon = imageReference.lastIndexOf(":");
  return colon > imageReference.lastIndexOf("/") ? imageReference.slice(colon + 1) : undefined;
}

/**
 * The deployment `query` describes, if the list shows one: numbered above `query.after`, not
 * claimed by another call of this process, matching the trigger as {@link TriggerEvidence} asks.
 * A deployment that shows the trigger beats one that merely does not contradict it; among equals
 * the lowest number wins, since deployments made after ours (by anyone) get higher numbers.
 */
export function findOwnDeployment(
  deployments: readonly Deployment[],
  query: OwnershipQuery,
  isClaimed: (deployment: Deployment) => boolean = () => false,
): Deployment | undefined {
  const newest = deployments.reduce((max, d) => Math.max(max, d.deployNumber), 0);
  const strongOnly = query.evidence !== "posted";
  const candidates = deployments
    .filter((d) => d.deployNumber > query.after && !isClaimed(d))
    .map((d) => ({ d, strength: matchStrength(d, query) }))
    .filter(({ d, strength }) => {
      if (strength === 0 || (strongOnly && strength < 2)) return false;
      if (query.evidence === "posted" || !isTerminalStatus(d.status)) return true;
      if (query.evidence === "interrupted-update") return movedOn(d, query);
      return d.status === "available" && d.deployNumber === newest;
    })
    .sort((a, b) => b.strength - a.strength || a.d.deployNumber - b.d.deployNumber);
  return candidates[0]?.d;
}

/**
 * A POST for a trigger whose outcome stayed unknown: nothing showed for it in the list within the
 * observation window, and a later POST made the trigger's deployment.
 */
export interface UnclearPost {
  /** The application's highest deploy number read before that POST. */
  readonly afterDeployNumber: number;
  /** When it was sent (epoch milliseconds, the trigger's clock). */
  readonly postedAt: number;
}

/**
 * How long after an unclear POST a deployment of the same commit still counts as its late commit:
 * ten minutes, far beyond any gateway's timeout (a server still acting then is broken), short
 * enough that a deliberate redeploy of the commit by someone else is rarely taken for one.
 */
export const LATE_COMMIT_HORIZON_MS = 10 * 60_000;

/**
 * The deployments that an unclear POST made after all, beside `own` (the deployment a later POST
 * of the same trigger made): numbered above the snapshot read before the unclear POST, not `own`,
 * showing the same commit as `own` (its git sha, or for an image deployment its image reference)
 * and created within {@link LATE_COMMIT_HORIZON_MS} of the unclear POST (when `created_at` parses).
 * Lowest number first. A deployment that shows neither a sha nor an image reference can never be
 * told apart from someone else's, so none is reported for it.
 *
 * They are never adopted instead of `own` and never a reason to POST: the caller tells the user.
 */
export function findLateDuplicates(
  deployments: readonly Deployment[],
  own: Pick<Deployment, "id" | "gitSha" | "imageReference">,
  unclear: UnclearPost,
): Deployment[] {
  const sameCommit = (d: Deployment): boolean =>
    own.gitSha !== null
      ? d.gitSha === own.gitSha
      : own.imageReference !== null && d.imageReference === own.imageReference;
  const inTime = (d: Deployment): boolean => {
    const created = Date.parse(d.createdAt);
    return !Number.isFinite(created) || created <= unclear.postedAt + LATE_COMMIT_HORIZON_MS;
  };
  return deployments
    .filter(
      (d) =>
        d.id !== own.id && d.deployNumber > unclear.afterDeployNumber && sameCommit(d) && inTime(d),
    )
    .sort((a, b) => a.deployNumber - b.deployNumber);
}
