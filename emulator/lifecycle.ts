/**
 * Deployment status as a pure function of time. Nothing is scheduled: whoever reads a deployment
 * computes its status from when it was created, how long its build takes and how it ends.
 */
import type { Behaviour, DeploymentOutcome, DeploymentStatus } from "./types";

/** Share of the build time a deployment spends in `created` before it shows `waiting`. */
export const CREATED_PHASE_FRACTION = 0.1;

/** What the status of one deployment depends on. */
export interface LifecycleInput {
  /** Epoch milliseconds when the deployment was triggered. */
  readonly createdAtMs: number;
  /** Total build time; the terminal status shows from `createdAtMs + buildMs` on. */
  readonly buildMs: number;
  /** The terminal status. */
  readonly outcome: DeploymentOutcome;
}

/**
 * Returns the status at `nowMs`:
 * `created` up to and including the first ~10% of the build (so a POST always answers `created`),
 * then `waiting` until `buildMs` has passed, then the outcome (`available`, `failed` or `expired`).
 */
export function deploymentStatus(input: LifecycleInput, nowMs: number): DeploymentStatus {
  const elapsed = nowMs - input.createdAtMs;
  const createdPhaseMs = Math.max(0, Math.round(input.buildMs * CREATED_PHASE_FRACTION));
  if (elapsed <= createdPhaseMs) return "created";
  if (elapsed < input.buildMs) return "waiting";
  return input.outcome;
}

/** Whether a status is final (the lifecycle never leaves it). */
export function isTerminalStatus(status: DeploymentStatus): boolean {
  return status === "available" || status === "failed" || status === "expired";
}

/** What decides a deployment's outcome besides the app's behaviour. */
export interface DeployedVersion {
  readonly gitSha: string | null;
  readonly imageTag: string | null;
}

/**
 * The terminal status a new deployment will reach, fixed when it is triggered so that later
 * behaviour changes never rewrite history.
 */
export function outcomeFor(behaviour: Behaviour, version: DeployedVersion): DeploymentOutcome {
  switch (behaviour.failMode) {
    case "always":
      return "failed";
    case "expire":
      return "expired";
    case "on_sha":
      return version.gitSha !== null && version.gitSha === behaviour.failOn
        ? "failed"
        : "available";
    case "on_tag":
      return version.imageTag !== null && version.imageTag === behaviour.failOn
        ? "failed"
        : "available";
    case "none":
      return "available";
  }
}
